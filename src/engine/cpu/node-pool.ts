/**
 * Node-only: a pool of worker_threads that run the jobs of pool-jobs.ts (the CPU engines'
 * chunks, the trainer's networks). Loaded by run-chunks.ts through a dynamic import, so browser
 * bundles never see node: modules.
 * Pools are shared per size and their workers are unref'd while idle, so an idle pool never
 * keeps a process (the CLI, a test runner) alive.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { EnginePool, PoolJob, PoolJobs } from './pool-jobs.ts';

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

interface Pending {
  // The result's type is the job's (run() ties them); the slot does not know it.
  resolve: (r: PoolJobs[PoolJob]['result']) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply = { id: number; result: PoolJobs[PoolJob]['result'] } | { id: number; error: string };

class WorkerPool implements EnginePool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  broken = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A .mjs entry that registers tsx, then imports the TypeScript worker: works under tsx
    // (CLI, benchmarks) and under Vitest alike.
    const worker = new Worker(new URL('./node-worker.mjs', import.meta.url));
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (msg: Reply) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in msg) p.reject(new Error(`engine worker failed: ${msg.error}`));
      else p.resolve(msg.result);
    });
    const fail = (e: Error): void => {
      this.broken = true;
      for (const p of slot.pending.values()) p.reject(e);
      slot.pending.clear();
    };
    worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => fail(new Error(`engine worker exited with code ${code}`)));
    return slot;
  }

  run<K extends PoolJob>(kind: K, task: PoolJobs[K]['task']): Promise<PoolJobs[K]['result']> {
    if (this.broken) return Promise.reject(new Error('engine worker pool is broken'));
    let slot = this.slots[0];
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    return new Promise<PoolJobs[K]['result']>((resolve, reject) => {
      // The worker answers job `id` with the result of this kind (node-worker.ts).
      slot.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, kind, task });
    });
  }

  terminate(): void {
    this.broken = true;
    for (const s of this.slots) void s.worker.terminate();
  }
}

const pools = new Map<number, WorkerPool>();

/** The shared pool of `threads` workers (a broken one is replaced). */
export function sharedPool(threads: number): EnginePool {
  let pool = pools.get(threads);
  if (!pool || pool.broken) {
    pool = new WorkerPool(threads);
    pools.set(threads, pool);
  }
  return pool;
}

/** Whether a working pool of this size already exists (no start-up cost to use it). */
export function hasWarmPool(threads: number): boolean {
  const pool = pools.get(threads);
  return pool !== undefined && !pool.broken;
}

/** Stop every pooled worker (tests, or a CLI that wants to exit at once). */
export function terminatePools(): void {
  for (const p of pools.values()) p.terminate();
  pools.clear();
}
