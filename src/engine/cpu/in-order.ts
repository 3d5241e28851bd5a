/**
 * The parallel half of the CPU run loops (run-chunks.ts for the engines, training/train-runner.ts
 * for the trainer): jobs 0..n-1 on a pool of worker threads plus the calling thread, which
 * computes a job itself whenever the next one in order is not back yet (so nobody waits for
 * workers to start); results come out strictly in order. A job whose worker failed (crashed,
 * could not start) is computed here instead and no more work goes to the pool, so an error of
 * the computation itself then surfaces from here. An abort ends the wait at once.
 *
 *   for await (const r of inOrder(jobs, workers, { here: (i) => f(i), pool: (i) => pool.run(i) }, signal))
 */
import { abortError } from '../types.ts';

/** Yield to the event loop so that an abort from elsewhere (and worker messages) can land. */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

export interface InOrderWork<R> {
  /** Job i on this thread. */
  here(i: number): R;
  /** Job i on the pool. */
  pool(i: number): Promise<R>;
}

export async function* inOrder<R>(
  jobs: number,
  workers: number,
  work: InOrderWork<R>,
  signal?: AbortSignal,
): AsyncGenerator<R, void, undefined> {
  const results: (R | undefined)[] = new Array(jobs);
  const pending: (Promise<R> | undefined)[] = new Array(jobs);
  const failed: boolean[] = new Array(jobs).fill(false);
  let poolBroken = false;
  let nextTask = 0;
  let inFlight = 0;
  const submit = (): void => {
    const i = nextTask++;
    inFlight++;
    const p = work.pool(i);
    pending[i] = p;
    // Settles the bookkeeping; results abandoned after a cancel never become unhandled rejections.
    p.then(
      (r) => {
        results[i] = r;
        inFlight--;
      },
      () => {
        failed[i] = true;
        poolBroken = true;
        inFlight--;
      },
    );
  };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (let head = 0; head < jobs; head++) {
      while (results[head] === undefined) {
        if (signal?.aborted) throw abortError();
        if (failed[head]) {
          results[head] = work.here(head);
          break;
        }
        while (!poolBroken && nextTask < jobs && inFlight < 2 * workers) submit();
        if (nextTask < jobs || pending[head] === undefined) {
          const i = nextTask++;
          results[i] = work.here(i);
          await macrotask();
        } else {
          // A failure is handled above on the next pass; only an abort ends the wait with an error.
          await Promise.race([pending[head], aborted]).catch(() => {
            if (signal?.aborted) throw abortError();
          });
        }
      }
      const r = results[head]!;
      results[head] = undefined;
      yield r;
      if (signal?.aborted) throw abortError();
    }
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
