/**
 * A view's compute worker, as a Lit ReactiveController: the backend chosen once per page
 * (the adapter probe and `?backend=`, backend-choice.ts), the worker client created on connect
 * and terminated on disconnect (ui/worker-client.ts: one job at a time, throttled, superseded
 * results dropped), and the run's status: running, error, the backend note, the end of each
 * job, cancel (the worker keeps the run paused) and resume (it goes on where it stopped). The worker's notices go to `onNotice`; every message, the view's own and the
 * shared ones (lab/worker-protocol.ts), goes to `onMessage` first.
 *
 *   job = new ComputeJobController<ToWorker, FromWorker>(this, {
 *     view: 'depth', worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
 *     ready: () => url.open(), onMessage: (m) => ..., onNotice: (n) => url.addNotice(n),
 *   });
 *   job.run({ type: 'depth', state }, immediate);
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend } from '../../engine/types.ts';
import { probeCompute, type ComputeStatus } from '../../ui/compute-status.ts';
import { WorkerClient, type JobMessage } from '../../ui/worker-client.ts';
import { chooseBackend, type BackendChoice } from '../backend-choice.ts';
import { probeView } from '../test-probe.ts';
import type { JobRequest, WorkerReply } from '../worker-protocol.ts';

/** One adapter probe per page (switching views does not ask the browser again). */
let compute: Promise<ComputeStatus> | null = null;

export interface ComputeJobOptions<From> {
  /** The view's name in the test probe (window.__widelabViews). */
  view: string;
  worker: () => Worker;
  /** The backend is known and the worker ready: the view may run. */
  ready(backend: Backend): void;
  onMessage(m: From | WorkerReply): void;
  onNotice(message: string): void;
  /** What the page says about the backend (default: chooseBackend's note). */
  note?(status: ComputeStatus, choice: BackendChoice): string;
  /** A worker that did not stop in time was replaced. */
  onRestart?(reason: string): void;
}

export class ComputeJobController<
  To extends JobMessage & { backend?: Backend },
  From extends { type: string; id?: number },
> implements ReactiveController {
  /** Decided once on connect; until then no job runs. */
  backend: Backend = 'cpu';
  /** The adapter probe's answer, once known (whether the adapter is a software one, for a view's cost estimates). */
  status: ComputeStatus | null = null;
  /** Why the CPU runs when WebGPU does not ('' when nothing to say). */
  backendNote = '';
  running = false;
  /**
   * Cancelled by the user: the run is paused in the worker, and resume() goes on with it
   * (`resumable` false: the worker lost it, and resume() runs it again; null: not said yet).
   */
  stopped: { resumable: boolean | null } | null = null;
  error = '';
  /** The newest job's id (the client's). */
  id = 0;
  private client: WorkerClient<To, From | WorkerReply> | null = null;
  private runs = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ComputeJobOptions<From>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.start();
  }

  hostDisconnected(): void {
    this.client?.terminate();
    this.client = null;
  }

  private async start(): Promise<void> {
    compute ??= probeCompute();
    const status = await compute;
    const choice = chooseBackend(status, new URLSearchParams(location.search).get('backend'));
    // Disconnected while the probe ran, or already started: nothing to start.
    if (!this.host.isConnected || this.client) return;
    this.backend = choice.backend;
    this.status = status;
    this.backendNote = this.options.note ? this.options.note(status, choice) : choice.note;
    this.client = new WorkerClient<To, From | WorkerReply>({
      create: this.options.worker,
      onMessage: (m) => this.receive(m),
      onError: (message) => {
        this.error = message;
        this.running = false;
        this.host.requestUpdate();
      },
      onRestart: this.options.onRestart,
    });
    this.host.requestUpdate();
    this.options.ready(this.backend);
  }

  /** Start `job` on the chosen backend (now, or within the client's gap of the last start): its id, or null before the worker is ready. */
  run(job: JobRequest<To>, immediate: boolean): number | null {
    if (!this.client) return null;
    this.running = true;
    this.stopped = null;
    this.error = '';
    probeView(this.options.view, { running: true });
    this.id = this.client.schedule(
      { ...job, backend: this.backend } as unknown as Parameters<WorkerClient<To, From>['schedule']>[0],
      immediate,
    );
    this.host.requestUpdate();
    return this.id;
  }

  /** The user's Cancel: the run stops where it is, and resume() can go on with it. */
  cancel(): void {
    if (!this.running) return;
    this.client?.cancel();
    this.running = false;
    this.stopped = { resumable: null };
    probeView(this.options.view, { running: false });
    this.host.requestUpdate();
  }

  /** Stop the run in flight without offering to resume it (a new setting waits for the user). */
  halt(): void {
    this.client?.cancel();
    this.running = false;
    this.stopped = null;
    probeView(this.options.view, { running: false });
    this.host.requestUpdate();
  }

  /** Go on with the cancelled run (or run it again where the worker lost it): its id, or null. */
  resume(): number | null {
    if (!this.client || !this.stopped) return null;
    const id = this.client.resume();
    if (id === null) return null;
    this.id = id;
    this.running = true;
    this.stopped = null;
    this.error = '';
    probeView(this.options.view, { running: true });
    this.host.requestUpdate();
    return id;
  }

  private receive(m: From | WorkerReply): void {
    this.options.onMessage(m);
    const r = m as WorkerReply;
    if (r.type === 'notice') {
      this.options.onNotice(r.message);
    } else if (r.type === 'backend') {
      // WebGPU failed to start in the worker: say why the CPU runs instead.
      if (r.backend === 'cpu' && this.backend === 'webgpu') this.backendNote = r.detail;
    } else if (r.type === 'done') {
      this.running = false;
      // A cancel that came too late: the run had finished.
      this.stopped = null;
      this.runs++;
      // After the charts have re-rendered.
      requestAnimationFrame(() => probeView(this.options.view, { runs: this.runs, running: false }));
    } else if (r.type === 'cancelled') {
      this.running = false;
      if (this.stopped) this.stopped = { resumable: r.resumable === true };
    } else if (r.type === 'error') {
      this.running = false;
      this.stopped = null;
      this.error = r.message;
    }
    this.host.requestUpdate();
  }
}
