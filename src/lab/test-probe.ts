/**
 * What the end-to-end tests read from a page, kept in one place so that views only report
 * events: `window.__widelabViews[view]` (runs finished, running, the last snapshot) for every
 * view, and `window.__widelabTimings` (edit -> first and final frame) for the Gaussian view's
 * latency trace. Their shapes are what tests/e2e reads.
 *
 *   probeView('depth', { running: true });
 *   const timings = new EditTimings(); timings.edit(id); timings.snapshot(id, workerMs); timings.done(id);
 */

/** Results the e2e tests read (runs finished, last snapshot), per view. */
export interface ViewProbe {
  runs: number;
  running: boolean;
  data: unknown;
}

export interface Timings {
  /** Edits that started a run so far (a test waits for its edit's count before reading the times). */
  edits: number;
  /** ms from the edit to the first snapshot of its run, and to the final one (null while pending). */
  firstMs: number | null;
  finalMs: number | null;
  /** The first snapshot: ms the worker had spent on the run when it sent it, and ms since the edit when the page got it. */
  firstWorkerMs?: number;
  firstReceivedMs?: number;
  runs: number;
  backend: string;
  /** Compute workers replaced because a run did not stop in time (ui/worker-client.ts). */
  workerRestarts: number;
}

declare global {
  interface Window {
    __widelabViews?: Record<string, ViewProbe>;
    __widelabTimings?: Timings;
  }
}

export function probeView(view: string, patch: Partial<ViewProbe>): void {
  const all = (window.__widelabViews ??= {});
  all[view] = { ...(all[view] ?? { runs: 0, running: false, data: null }), ...patch };
}

/**
 * The latency of each edit: from the edit to the frame that shows its run's first snapshot,
 * and to the frame after its end (Lit updates are microtasks; the frame comes after them).
 */
export class EditTimings {
  private t: Timings = { edits: 0, firstMs: null, finalMs: null, runs: 0, backend: '', workerRestarts: 0 };
  private editedAt = 0;
  /** The newest run: frames of older ones record nothing. */
  private runId = 0;

  set backend(backend: string) {
    this.t.backend = backend;
    this.publish();
  }

  /** An edit started run `id`. */
  edit(id: number): void {
    this.editedAt = performance.now();
    this.runId = id;
    this.t = { ...this.t, edits: this.t.edits + 1, firstMs: null, finalMs: null };
    this.publish();
  }

  restarted(): void {
    this.t.workerRestarts++;
    this.publish();
  }

  /** A snapshot of run `id` arrived, `workerMs` into the worker's run. */
  snapshot(id: number, workerMs: number): void {
    if (this.t.firstMs === null) {
      this.t.firstMs = -1; // pending: recorded at the frame that shows it
      this.t.firstWorkerMs = workerMs;
      this.t.firstReceivedMs = performance.now() - this.editedAt;
      this.atNextFrame(id, (ms) => (this.t.firstMs = ms));
    }
    this.publish();
  }

  done(id: number): void {
    this.atNextFrame(id, (ms) => {
      this.t.finalMs = ms;
      this.t.runs++;
    });
    this.publish();
  }

  /** Any other message of the run: the probe is refreshed, as before. */
  publish(): void {
    window.__widelabTimings = { ...this.t };
  }

  private atNextFrame(id: number, record: (msSinceEdit: number) => void): void {
    requestAnimationFrame(() => {
      if (id !== this.runId) return;
      record(performance.now() - this.editedAt);
      this.publish();
    });
  }
}
