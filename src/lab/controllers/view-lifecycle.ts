/**
 * The lifecycle every experiment view shares, in one object: its state in the URL hash
 * (UrlStateController) and its compute worker (ComputeJobController), wired together: once the
 * backend is chosen the hash is read and run; each state change that is a new computation
 * becomes a job; the worker's notices join the link's.
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
import { nothing } from 'lit';
import { noticesTemplate, statusBar } from '../../ui/view-chrome.ts';
import type { JobMessage } from '../../ui/worker-client.ts';
import type { JobRequest } from '../worker-protocol.ts';
import { ComputeJobController, type ComputeJobOptions } from './compute-job.ts';
import type { ViewUrl } from '../url-fields.ts';
import { UrlStateController, type PresentingHost } from './url-state.ts';
import { PlayController } from './play.ts';
import { demoControls } from '../templates/demo-controls.ts';

/** What Play steps through, and what "New seed" does. */
export interface DemoOptions<S> {
  /** The numeric field Play steps (e.g. 'width'), its name in words, and its values in order. */
  play: { field: NumericKey<S>; name: string; values: readonly number[] };
  /** The state with a new seed. */
  newSeed(state: S): S;
}

/** The keys of S whose values are numbers. */
export type NumericKey<S> = { [K in keyof S]: S[K] extends number ? K : never }[keyof S];

export interface ViewLifecycleOptions<S, To, From>
  extends ViewUrl<S>, Omit<ComputeJobOptions<From>, 'view' | 'ready' | 'onNotice'> {
  /** The job that computes `state`. */
  job(state: S): JobRequest<To>;
  /** A job was started (its id), e.g. for the latency probe. */
  started?(id: number, state: S): void;
  /** Play, New seed and Reset to defaults (renderDemo). */
  demo?: DemoOptions<S>;
}

export class ViewLifecycle<
  S extends { present: boolean },
  To extends JobMessage & { backend?: Backend },
  From extends { type: string; id?: number },
> {
  readonly url: UrlStateController<S>;
  readonly compute: ComputeJobController<To, From>;
  readonly play: PlayController | null;

  constructor(
    host: PresentingHost,
    private readonly o: ViewLifecycleOptions<S, To, From>,
  ) {
    this.url = new UrlStateController<S>(host, {
      ...o,
      parse: (hash) => o.parse(hash, this.compute.backend),
      run: (state, immediate) => {
        const id = this.compute.run(o.job(state), immediate);
        if (id !== null) o.started?.(id, state);
      },
    });
    this.compute = new ComputeJobController<To, From>(host, {
      ...o,
      ready: () => this.url.open(),
      onNotice: (message) => this.url.addNotice(message),
    });
    const demo = o.demo;
    this.play = demo
      ? new PlayController(host, {
          values: () => demo.play.values,
          current: () => (this.url.state ? (this.url.state[demo.play.field] as number) : 0),
          apply: (v) => {
            if (this.url.state) this.url.apply({ ...this.url.state, [demo.play.field]: v }, true);
          },
          busy: () => this.compute.running,
        })
      : null;
  }

  /** Play, New seed, Reset to defaults, and what Play shows; nothing for a view without them. */
  renderDemo() {
    const demo = this.o.demo;
    const play = this.play;
    if (!demo || !play) return nothing;
    const { name, values } = demo.play;
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

  /** The link's and the worker's notices, and the backend note. */
  renderNotices() {
    return noticesTemplate(this.url.notices, this.compute.backendNote);
  }

  /** Progress (0..1), the status text (default: computing…, done), Cancel, Copy link, the error. */
  renderStatus(progress: number, text?: string) {
    const c = this.compute;
    return statusBar({
      progress,
      text: text ?? (c.running ? 'computing…' : c.error ? '' : 'done'),
      running: c.running,
      error: c.error,
      copied: this.url.copied,
      cancel: () => c.cancel(),
      copy: () => void this.url.copyLink(),
    });
  }
}
