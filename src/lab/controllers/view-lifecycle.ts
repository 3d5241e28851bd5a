/**
 * The lifecycle every experiment view shares, in one object: its state in the URL hash
 * (UrlStateController) and its compute worker (ComputeJobController), wired together: once the
 * backend is chosen the hash is read and run; each state change that is a new computation
 * becomes a job (one estimated as long asks first: "This run is estimated at 2.5 min. Run it /
 * Run 2000 networks instead"); the worker's notices join the link's; Cancel pauses the run and
 * Resume goes on with it.
 *
 *   private readonly lab = new ViewLifecycle<DepthState, ToWorker, FromWorker>(this, {
 *     ...DEPTH_URL,
 *     job: (state) => ({ type: 'depth', state }),
 *     worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
 *     onMessage: (m) => { if (m.type === 'depth') this.snapshot = m.snapshot; },
 *   });
 *   this.lab.url.set({ width: 128 });  ${this.lab.renderNotices()} ${this.lab.renderStatus(progress)}
 */
import type { Backend } from '../../engine/types.ts';
import { html, nothing } from 'lit';
import { formatDuration } from '../../ui/durations.ts';
import { longRunTemplate, noteTemplate, noticesTemplate, statusBar } from '../../ui/view-chrome.ts';
import type { JobMessage } from '../../ui/worker-client.ts';
import type { JobRequest } from '../worker-protocol.ts';
import { ComputeJobController, type ComputeJobOptions } from './compute-job.ts';
import type { ViewUrl } from '../url-fields.ts';
import { UrlStateController, type PresentingHost } from './url-state.ts';
import { PlayController } from './play.ts';
import { demoControls } from '../templates/demo-controls.ts';
import { linkGroup } from '../notices.ts';
import { asksFirst, smallerEnsemble } from '../run-estimate.ts';

/** What Play steps through, and what "New seed" does. */
export interface DemoOptions<S> {
  /**
   * The numeric field Play steps (e.g. 'width'), its name in words, and its values in order (or
   * the values for the current state, e.g. the logged steps of a run); `dwellMs` per value (default
   * PLAY_DWELL_MS). A view-only field (the step shown) re-draws the run instead of starting one.
   */
  play: {
    field: NumericKey<S>;
    name: string;
    values: readonly number[] | ((state: S) => readonly number[]);
    dwellMs?: number;
    viewOnly?: boolean;
  };
  /** The state with a new seed. */
  newSeed(state: S): S;
}

/** The keys of S whose values are numbers. */
export type NumericKey<S> = { [K in keyof S]: S[K] extends number ? K : never }[keyof S];

/** How long a state's run takes, so that a long one asks first (run-estimate.ts). */
export interface LongRunOptions<S> {
  /** Seconds on `backend` by the engines' cost model, or null where there is no estimate (WebGPU). */
  estimate(state: S, backend: Backend): number | null;
  /** The smallest ensemble the view takes (the smaller run offered is never below it). */
  minNetworks: number;
}

/** How far a run has got, for "Cancelled at M of N networks". */
export interface RunCount {
  done: number;
  total: number;
  /** Where the run was past the ensemble itself (e.g. 'in the width sweep'). */
  stage?: string;
}

export interface ViewLifecycleOptions<S, To, From>
  extends ViewUrl<S>, Omit<ComputeJobOptions<From>, 'view' | 'ready' | 'onNotice'> {
  /** The job that computes `state`. */
  job(state: S): JobRequest<To>;
  /** A job was started (its id), e.g. for the latency probe. */
  started?(id: number, state: S): void;
  /** Play, New seed and Reset to defaults (renderDemo). */
  demo?: DemoOptions<S>;
  /** Ask before a run estimated as long (over LONG_RUN_SECONDS), offering a smaller ensemble. */
  longRun?: LongRunOptions<S>;
}

export class ViewLifecycle<
  S extends { present: boolean; networks?: number },
  To extends JobMessage & { backend?: Backend },
  From extends { type: string; id?: number },
> {
  readonly url: UrlStateController<S>;
  readonly compute: ComputeJobController<To, From>;
  readonly play: PlayController | null;
  /** A long run waiting for the user's answer. */
  question: { state: S; seconds: number } | null = null;
  /** The longest estimate the user has said to run: runs up to it no longer ask. */
  private approvedSeconds = 0;
  private noteDismissed = false;
  /** The view's own notes the user closed, by key. */
  private readonly closedNotes = new Set<string>();

  constructor(
    private readonly host: PresentingHost,
    private readonly o: ViewLifecycleOptions<S, To, From>,
  ) {
    this.url = new UrlStateController<S>(host, {
      ...o,
      parse: (hash) => o.parse(hash, this.compute.backend),
      run: (state, immediate) => this.start(state, immediate),
    });
    this.compute = new ComputeJobController<To, From>(host, {
      ...o,
      ready: () => this.url.open(),
      onNotice: (message) => this.url.addNotice(message),
    });
    const demo = o.demo;
    this.play = demo
      ? new PlayController(host, {
          values: () => this.playValues(),
          current: () => (this.url.state ? (this.url.state[demo.play.field] as number) : 0),
          apply: (v) => {
            if (this.url.state)
              this.url.apply({ ...this.url.state, [demo.play.field]: v }, demo.play.viewOnly !== true);
          },
          busy: () => this.compute.running,
          dwellMs: demo.play.dwellMs,
        })
      : null;
  }

  private playValues(): readonly number[] {
    const v = this.o.demo?.play.values ?? [];
    if (typeof v !== 'function') return v;
    return this.url.state ? v(this.url.state) : [];
  }

  /** Run `state`, unless it is estimated as long: then ask first, and run nothing meanwhile. */
  private start(state: S, immediate: boolean): void {
    const seconds = this.o.longRun?.estimate(state, this.compute.backend) ?? null;
    if (asksFirst(seconds) && seconds > this.approvedSeconds) {
      this.compute.halt();
      this.play?.stop();
      this.question = { state, seconds };
      this.host.requestUpdate();
      return;
    }
    this.question = null;
    const id = this.compute.run(this.o.job(state), immediate);
    if (id !== null) this.o.started?.(id, state);
  }

  /** Play, New seed, Reset to defaults, and what Play shows; nothing for a view without them. */
  renderDemo() {
    const demo = this.o.demo;
    const play = this.play;
    if (!demo || !play) return nothing;
    const { name } = demo.play;
    const values = this.playValues();
    return demoControls({
      playing: play.playing,
      label: `${name} ${values[0]} → ${values.at(-1)}`,
      now: play.playing ? `${name} ${play.value} (${play.position} of ${play.count})` : '',
      toggle: () => play.toggle(),
      newSeed: () => {
        if (this.url.state) this.url.apply(demo.newSeed(this.url.state), true);
      },
      reset: () => this.reset(),
    });
  }

  /** The view's defaults (what a link without fields opens), in the current presentation mode. */
  reset(): void {
    const current = this.url.state;
    if (!current) return;
    const { state } = this.o.parse('', this.compute.backend);
    this.url.apply({ ...state, present: current.present }, true);
  }

  /**
   * The question a long run asks first, then the link's notices (one group) and the worker's,
   * and the backend note, each dismissable. (In the notices, above the main chart, so that a
   * phone, whose controls fold away, shows the question too.)
   */
  renderNotices() {
    const n = this.url.notices;
    return [
      this.renderQuestion(),
      noticesTemplate({
        link: linkGroup(n.link),
        other: n.other,
        backendNote: this.noteDismissed ? '' : this.compute.backendNote,
        dismissLink: () => this.url.dismissLinkNotices(),
        dismiss: (i) => this.url.dismissNotice(i),
        dismissNote: () => {
          this.noteDismissed = true;
          this.host.requestUpdate();
        },
      }),
    ];
  }

  /**
   * Progress (0..1), the status text (default: computing…, done; after Cancel, "Cancelled at M of
   * N networks" from `count`), Cancel or Resume, Copy link, the error.
   */
  renderStatus(progress: number, text?: string, count?: RunCount) {
    const c = this.compute;
    const stopped = c.stopped;
    const status = stopped
      ? count
        ? `Cancelled at ${count.done} of ${count.total} networks${count.stage ? `, ${count.stage}` : ''}`
        : 'Cancelled'
      : this.question
        ? 'waiting for your answer'
        : (text ?? (c.running ? 'computing…' : c.error ? '' : 'done'));
    return statusBar({
      progress,
      text: status,
      running: c.running,
      stopped: stopped ? (stopped.resumable === false ? 'rerun' : 'resume') : null,
      error: c.error,
      copied: this.url.copied,
      cancel: () => c.cancel(),
      resume: () => this.resume(),
      copy: () => void this.url.copyLink(),
    });
  }

  /** A note of the view's own, dismissable; once closed it stays closed until its key (what it says) changes. */
  renderNote(key: string, body: unknown) {
    if (this.closedNotes.has(key)) return nothing;
    return noteTemplate(body, () => {
      this.closedNotes.add(key);
      this.host.requestUpdate();
    });
  }

  /** What the main chart's place says before the first snapshot. */
  renderPlaceholder() {
    return html`<p slot="main">
      ${
        this.question
          ? 'This run waits for your answer above.'
          : this.compute.error
            ? 'No result: the run stopped with the error shown beside the controls.'
            : 'Starting the compute worker…'
      }
    </p>`;
  }

  private resume(): void {
    const before = this.compute.id;
    const id = this.compute.resume();
    // A rerun (the worker had lost the run) is a new job; a resume goes on with the same one.
    if (id !== null && id !== before && this.url.state) this.o.started?.(id, this.url.state);
  }

  private renderQuestion() {
    const q = this.question;
    const long = this.o.longRun;
    if (!q || !long) return nothing;
    const networks = q.state.networks;
    const smaller = networks === undefined ? null : smallerEnsemble(q.seconds, networks, long.minNetworks);
    return longRunTemplate({
      text: `This run is estimated at ${formatDuration(q.seconds)}.`,
      smaller,
      run: () => {
        this.approvedSeconds = q.seconds;
        this.start(q.state, true);
      },
      runSmaller: () => {
        if (smaller !== null) this.url.apply({ ...q.state, networks: smaller }, true);
      },
    });
  }
}
