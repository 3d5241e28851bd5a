/**
 * The page's side of a compute worker, shared by every view: one job at a time, throttled,
 * superseded results dropped, and a worker that cannot stop replaced by a fresh one.
 *
 *   const client = new WorkerClient<ToWorker, FromWorker>({
 *     create: () => new Worker(new URL('./compute-worker.ts', import.meta.url), { type: 'module' }),
 *     onMessage: (m) => draw(m), onError: (text) => show(text),
 *   });
 *   client.schedule({ type: 'run', state });  // now, or within gapMs of the last one
 *   client.cancel();                          // the worker pauses the job
 *   client.resume();                          // and goes on where it stopped
 *
 * Workers handle messages only between chunks of work, and one chunk of a wide explicit network
 * on the CPU can take seconds. A job superseded or cancelled whose worker has not answered
 * (done, cancelled or error) within `stuckMs` is therefore ended by terminating the worker;
 * the newest job, if any, goes to a new one. Nothing the page shows is lost: the old job's
 * results were to be dropped anyway.
 *
 * Why a throttle and not a debounce: a single key press must start its run at once (the first
 * histogram within 100 ms), while a slider drag, which sends an edit per pointer move, should
 * still start at most one run per `gapMs`, each aborting the last.
 */

/** Messages to the worker: jobs and a cancel, each with the job id. */
export interface JobMessage {
  type: string;
  id: number;
}
/** Messages from the worker: those with an id belong to that job; others (notices) always pass. */
export interface ReplyMessage {
  type: string;
  id?: number;
}

/** What a failed worker's error event means, in words; never "undefined". */
export function workerFailureText(message: string | undefined): string {
  const detail = message?.trim();
  if (detail) return `The compute worker failed: ${detail}`;
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return offline
    ? 'The compute worker could not be loaded: the browser is offline and the lab is not cached yet. Reload when online.'
    : 'The compute worker could not be loaded (offline and not cached, or the site was updated?): reload the page.';
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Replies that end a job: after one, the worker is free. */
const TERMINAL = new Set(['done', 'cancelled', 'error']);

export interface WorkerClientOptions<From> {
  create: () => Worker;
  /** Messages of the newest job, and those with no id. */
  onMessage: (m: From) => void;
  /** The worker failed (a load or script error): the job in flight is over. */
  onError: (message: string) => void;
  /** A worker that did not stop in time was replaced (for a notice or a log). */
  onRestart?: (reason: string) => void;
  /** Least time between two job starts, in ms (default 80). */
  gapMs?: number;
  /** How long a superseded or cancelled job may take to stop before its worker is replaced (default 750). */
  stuckMs?: number;
  /** Clock and timers (tests pass fakes). */
  now?: () => number;
}

export class WorkerClient<To extends JobMessage, From extends ReplyMessage> {
  /** Id of the newest job; replies of older ones are dropped from the moment it is taken. */
  id = 0;
  /** Workers replaced so far because a job would not stop. */
  restarts = 0;
  private worker: Worker;
  private readonly gapMs: number;
  private readonly stuckMs: number;
  private readonly now: () => number;
  /** The newest job and whether it has been posted (to the current worker). */
  private latest: {
    message: To;
    posted: boolean;
    cancelled: boolean;
    /** After a cancel: whether the worker keeps the job paused (null until it says). */
    resumable: boolean | null;
    /** A resume was sent and the worker has not answered it yet. */
    resuming: boolean;
  } | null = null;
  /** Ids posted to the current worker that have not ended yet. */
  private inFlight = new Set<number>();
  private lastStart = -Infinity;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private stuckTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: WorkerClientOptions<From>) {
    this.gapMs = options.gapMs ?? 80;
    this.stuckMs = options.stuckMs ?? 750;
    this.now = options.now ?? (() => performance.now());
    this.worker = this.spawn();
  }

  /** A new job: started now when the last start is `gapMs` old (or `immediate`), else at the end of the gap. */
  schedule(job: WithoutId<To>, immediate = false): number {
    const id = ++this.id;
    this.latest = {
      message: { ...job, id } as unknown as To,
      posted: false,
      cancelled: false,
      resumable: null,
      resuming: false,
    };
    clearTimeout(this.startTimer);
    const wait = immediate ? 0 : this.lastStart + this.gapMs - this.now();
    if (wait <= 0) this.startLatest();
    else this.startTimer = setTimeout(() => this.startLatest(), wait);
    return id;
  }

  /** Stop the newest job (and drop a scheduled one). */
  cancel(): void {
    clearTimeout(this.startTimer);
    if (!this.latest) return;
    this.latest.cancelled = true;
    if (this.latest.posted) {
      this.worker.postMessage({ type: 'cancel', id: this.latest.message.id });
      this.watchStuck();
    }
  }

  /**
   * Go on with the cancelled newest job where it stopped (the worker keeps it paused), or,
   * where the worker no longer has it (replaced, or the job never started), run it again from
   * the start: the same seed gives the same networks. Its id (a new one for a rerun), or null
   * when there is no cancelled job.
   */
  resume(): number | null {
    const job = this.latest;
    if (!job || !job.cancelled) return null;
    if (job.posted && job.resumable !== false) {
      job.cancelled = false;
      job.resuming = true;
      this.inFlight.add(job.message.id);
      this.worker.postMessage({ type: 'resume', id: job.message.id });
      return job.message.id;
    }
    const { id: _old, ...rest } = job.message;
    return this.schedule(rest as unknown as WithoutId<To>, true);
  }

  terminate(): void {
    clearTimeout(this.startTimer);
    clearTimeout(this.stuckTimer);
    this.worker.terminate();
    this.inFlight.clear();
  }

  private spawn(): Worker {
    const worker = this.options.create();
    worker.onmessage = (e: MessageEvent<From>) => this.receive(worker, e.data);
    worker.onerror = (e) => {
      if (worker !== this.worker) return;
      this.inFlight.clear();
      // A worker script that fails to load (offline with no cached copy, or a 404) fires a bare
      // error event with no message; only a script error carries one.
      this.options.onError(workerFailureText(e.message));
    };
    return worker;
  }

  private startLatest(): void {
    const job = this.latest;
    if (!job || job.posted || job.cancelled) return;
    // The worker aborts the job in flight when the next arrives; it must answer in time.
    if (this.inFlight.size > 0) this.watchStuck();
    job.posted = true;
    this.lastStart = this.now();
    this.inFlight.add(job.message.id);
    this.worker.postMessage(job.message);
  }

  private receive(worker: Worker, m: From): void {
    if (worker !== this.worker) return; // a replaced worker's last words
    const latest = this.latest;
    if (latest && m.id === latest.message.id) {
      if (m.type === 'resumed') {
        latest.resuming = false;
        return;
      }
      // The pause a resume has already undone: the job is running again.
      if (m.type === 'cancelled' && latest.resuming) return;
      if (m.type === 'cancelled') latest.resumable = (m as { resumable?: boolean }).resumable === true;
    }
    if (m.id !== undefined && TERMINAL.has(m.type)) {
      this.inFlight.delete(m.id);
      if (this.inFlight.size === 0) clearTimeout(this.stuckTimer);
    }
    // After a cancel, what the job had already sent on its way is dropped too: the page keeps
    // what it showed when the user pressed Cancel. Only the job's end still passes.
    if (m.id !== undefined && this.latest?.cancelled && !TERMINAL.has(m.type)) return;
    if (m.id === undefined || m.id === this.id) this.options.onMessage(m);
  }

  /** Replace the worker unless every job but the newest live one has ended within stuckMs. */
  private watchStuck(): void {
    clearTimeout(this.stuckTimer);
    this.stuckTimer = setTimeout(() => {
      const live = this.latest && !this.latest.cancelled ? this.latest.message.id : undefined;
      const stuck = [...this.inFlight].filter((id) => id !== live);
      if (stuck.length === 0) return;
      const latestPending =
        this.latest !== null &&
        !this.latest.cancelled &&
        (!this.latest.posted || this.inFlight.has(this.latest.message.id));
      this.restarts++;
      this.worker.terminate();
      this.inFlight.clear();
      this.worker = this.spawn();
      this.options.onRestart?.(
        `a job did not stop within ${this.stuckMs} ms; the compute worker was restarted`,
      );
      if (this.latest?.cancelled && this.latest.posted) {
        // The cancelled job is gone with its worker: answer for it, so the page knows it ended
        // (and that a resume must run it again).
        this.latest.resumable = false;
        this.options.onMessage({ type: 'cancelled', id: this.latest.message.id } as From);
      } else if (this.latest && latestPending) {
        this.latest.posted = false;
        this.startLatest();
      }
    }, this.stuckMs);
  }
}
