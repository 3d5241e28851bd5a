// The page's compute-worker client: a key press starts its run at once, a drag starts at most
// one run per gap, superseded replies are dropped, and a worker stuck in a long chunk is
// replaced so that a cancel or a new setting never waits for it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerClient } from '../../../src/ui/worker-client.ts';

type To = { type: 'run'; id: number; n: number } | { type: 'cancel' | 'resume'; id: number };
type From =
  | { type: 'snapshot' | 'done' | 'cancelled' | 'error' | 'resumed'; id: number; resumable?: boolean }
  | { type: 'notice'; id?: undefined };

class FakeWorker {
  posted: To[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<From>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: To): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: From): void {
    this.onmessage?.({ data: m } as MessageEvent<From>);
  }
  runs(): number[] {
    return this.posted.flatMap((m) => (m.type === 'run' ? [m.n] : []));
  }
}

function setUp() {
  const workers: FakeWorker[] = [];
  const got: From[] = [];
  const restarts: string[] = [];
  const client = new WorkerClient<To, From>({
    create: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    onMessage: (m) => got.push(m),
    onError: () => undefined,
    onRestart: (why) => restarts.push(why),
    gapMs: 80,
    stuckMs: 500,
    now: () => Date.now(),
  });
  return { client, workers, got, restarts };
}

describe('WorkerClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('starts a single edit at once and coalesces a burst into one start per gap, the newest', () => {
    const { client, workers } = setUp();
    client.schedule({ type: 'run', n: 1 });
    expect(workers[0].runs()).toEqual([1]); // no wait for a key press
    vi.advanceTimersByTime(10);
    client.schedule({ type: 'run', n: 2 });
    client.schedule({ type: 'run', n: 3 });
    expect(workers[0].runs()).toEqual([1]);
    vi.advanceTimersByTime(69);
    expect(workers[0].runs()).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(workers[0].runs()).toEqual([1, 3]); // 80 ms after the first start, and only the newest
    vi.advanceTimersByTime(200);
    client.schedule({ type: 'run', n: 4 }); // the gap has passed: at once again
    expect(workers[0].runs()).toEqual([1, 3, 4]);
  });

  it('passes on only the newest job’s replies, and replies without an id', () => {
    const { client, workers, got } = setUp();
    const first = client.schedule({ type: 'run', n: 1 });
    const second = client.schedule({ type: 'run', n: 2 }, true);
    workers[0].reply({ type: 'snapshot', id: first });
    workers[0].reply({ type: 'cancelled', id: first });
    workers[0].reply({ type: 'notice' });
    workers[0].reply({ type: 'snapshot', id: second });
    expect(got).toEqual([{ type: 'notice' }, { type: 'snapshot', id: second }]);
  });

  it('keeps the worker when a superseded job stops in time', () => {
    const { client, workers, restarts } = setUp();
    const first = client.schedule({ type: 'run', n: 1 });
    client.schedule({ type: 'run', n: 2 }, true);
    vi.advanceTimersByTime(100);
    workers[0].reply({ type: 'cancelled', id: first });
    vi.advanceTimersByTime(1000);
    expect(workers).toHaveLength(1);
    expect(restarts).toEqual([]);
    expect(client.restarts).toBe(0);
  });

  it('replaces a worker whose superseded job does not stop, and gives the newest job to the new one', () => {
    const { client, workers, got, restarts } = setUp();
    client.schedule({ type: 'run', n: 1 });
    const second = client.schedule({ type: 'run', n: 2 }, true);
    vi.advanceTimersByTime(499);
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].runs()).toEqual([2]);
    expect(restarts).toHaveLength(1);
    // The old worker's late replies are ignored; the new one's count.
    workers[0].reply({ type: 'done', id: second });
    expect(got).toEqual([]);
    workers[1].reply({ type: 'done', id: second });
    expect(got).toEqual([{ type: 'done', id: second }]);
    // A finished newest job is not re-run by a later watchdog.
    vi.advanceTimersByTime(5000);
    expect(workers).toHaveLength(2);
  });

  it('cancels a job that answers; replaces the worker of one that does not, and reports it cancelled', () => {
    const { client, workers, got } = setUp();
    const a = client.schedule({ type: 'run', n: 1 });
    client.cancel();
    expect(workers[0].posted.at(-1)).toEqual({ type: 'cancel', id: a });
    workers[0].reply({ type: 'cancelled', id: a });
    vi.advanceTimersByTime(1000);
    expect(workers).toHaveLength(1);

    vi.advanceTimersByTime(100);
    const b = client.schedule({ type: 'run', n: 2 });
    client.cancel();
    vi.advanceTimersByTime(500);
    expect(workers).toHaveLength(2);
    expect(workers[1].runs()).toEqual([]); // a cancelled job is not re-run
    expect(got).toEqual([
      { type: 'cancelled', id: a },
      { type: 'cancelled', id: b },
    ]);
  });

  it('after a cancel, drops what the job had already sent, but passes its end and id-less notices', () => {
    const { client, workers, got } = setUp();
    const a = client.schedule({ type: 'run', n: 1 });
    workers[0].reply({ type: 'snapshot', id: a });
    client.cancel();
    workers[0].reply({ type: 'snapshot', id: a }); // in flight when Cancel was pressed
    workers[0].reply({ type: 'notice' });
    workers[0].reply({ type: 'cancelled', id: a });
    expect(got).toEqual([{ type: 'snapshot', id: a }, { type: 'notice' }, { type: 'cancelled', id: a }]);
    // The next job's messages pass again.
    vi.advanceTimersByTime(100);
    const b = client.schedule({ type: 'run', n: 2 });
    workers[0].reply({ type: 'snapshot', id: b });
    expect(got.at(-1)).toEqual({ type: 'snapshot', id: b });
  });

  it('drops a scheduled job that is cancelled before it starts', () => {
    const { client, workers } = setUp();
    client.schedule({ type: 'run', n: 1 });
    workers[0].reply({ type: 'done', id: 1 });
    client.schedule({ type: 'run', n: 2 });
    client.cancel();
    vi.advanceTimersByTime(1000);
    expect(workers[0].runs()).toEqual([1]);
    expect(workers).toHaveLength(1);
  });

  it('resumes a cancelled job the worker keeps paused: same id, its messages pass again, a late pause answer is dropped', () => {
    const { client, workers, got } = setUp();
    const a = client.schedule({ type: 'run', n: 1 });
    client.cancel();
    workers[0].reply({ type: 'cancelled', id: a, resumable: true });
    expect(client.resume()).toBe(a);
    expect(workers[0].posted.at(-1)).toEqual({ type: 'resume', id: a });
    workers[0].reply({ type: 'resumed', id: a });
    workers[0].reply({ type: 'snapshot', id: a });
    workers[0].reply({ type: 'done', id: a });
    expect(got).toEqual([
      { type: 'cancelled', id: a, resumable: true },
      { type: 'snapshot', id: a },
      { type: 'done', id: a },
    ]);
    // Cancel and Resume before the worker answered the cancel: its answer is about a pause already undone.
    vi.advanceTimersByTime(100);
    const b = client.schedule({ type: 'run', n: 2 });
    client.cancel();
    expect(client.resume()).toBe(b);
    workers[0].reply({ type: 'cancelled', id: b, resumable: true });
    workers[0].reply({ type: 'resumed', id: b });
    workers[0].reply({ type: 'snapshot', id: b });
    expect(got.slice(3)).toEqual([{ type: 'snapshot', id: b }]);
    vi.advanceTimersByTime(5000);
    expect(workers).toHaveLength(1); // the resumed job is live: no watchdog restart
  });

  it('runs a cancelled job again, with a new id, when its worker was replaced; nothing to resume otherwise', () => {
    const { client, workers } = setUp();
    expect(client.resume()).toBeNull();
    const a = client.schedule({ type: 'run', n: 7 });
    client.cancel();
    vi.advanceTimersByTime(500); // no answer: the worker is replaced and the job reported cancelled
    expect(workers).toHaveLength(2);
    const b = client.resume();
    expect(b).not.toBe(a);
    expect(workers[1].runs()).toEqual([7]);
    expect(workers[1].posted.at(-1)).toMatchObject({ type: 'run', id: b, n: 7 });
    expect(client.resume()).toBeNull(); // running, not cancelled
  });
});
