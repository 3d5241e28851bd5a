/**
 * Cancel and Resume in the compute worker (lab/worker-host.ts jobHost, driven directly): a
 * cancel pauses the job before its next engine chunk, the worker then sends nothing, and a
 * resume goes on with the same run, so the final snapshot equals, value for value, the one of a
 * run never stopped with the same seed (the engines are counter-based and the chunks the same).
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/index.ts';
import { jobHost } from '../../../src/lab/worker-host.ts';
import type { WorkerReply } from '../../../src/lab/worker-protocol.ts';
import { runDepth, type DepthSnapshot } from '../../../src/experiments/depth-criticality/model.ts';
import { DEPTH_DEFAULTS, type DepthState } from '../../../src/experiments/depth-criticality/state.ts';
import { GaussianLimitRunner, type Snapshot } from '../../../src/experiments/gaussian-limit/model.ts';
import { defaultsFor, type LabState } from '../../../src/experiments/gaussian-limit/state.ts';

type Job<S> = { type: 'run'; id: number; state: S; backend: 'cpu' };
type Reply<Snap> = { type: 'snap'; id: number; snapshot: Snap } | WorkerReply;

const cpu = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A host running `run` per job; `replies` collects what it posts, `cancelAfter` sends a cancel after that many snapshots. */
function host<S, Snap>(
  run: (
    state: S,
    engines: Parameters<typeof runDepth>[1],
    post: (s: Snap) => void,
    signal: AbortSignal,
  ) => Promise<unknown>,
  cancelAfter: number,
) {
  const replies: Reply<Snap>[] = [];
  let snaps = 0;
  let handle: (m: Job<S> | { type: 'cancel' | 'resume'; id: number }) => void = () => undefined;
  handle = jobHost<Job<S>, Reply<Snap>>(
    (job, post, engines) => (signal) =>
      run(job.state, engines, (snapshot) => post({ type: 'snap', id: job.id, snapshot }), signal),
    (m) => {
      replies.push(m);
      if (m.type === 'snap' && ++snaps === cancelAfter) handle({ type: 'cancel', id: m.id });
    },
  );
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 2000 && !pred(); i++) await tick(5);
    expect(pred()).toBe(true);
  };
  return { replies, handle, until };
}

describe('Cancel, then Resume, in the compute worker', () => {
  it('depth view: the run pauses after the chunk in progress, sends nothing, and resumes to the uninterrupted result', async () => {
    const state: DepthState = { ...DEPTH_DEFAULTS, width: 32, depth: 8, networks: 3000, seed: 7 };
    const straight = await runDepth(state, cpu, () => undefined);
    const h = host<DepthState, DepthSnapshot>((s, e, post, signal) => runDepth(s, e, post, signal, 0), 1);
    h.handle({ type: 'run', id: 1, state, backend: 'cpu' });
    await h.until(() => h.replies.some((m) => m.type === 'cancelled'));
    const ack = h.replies.find((m) => m.type === 'cancelled');
    expect(ack).toEqual({ type: 'cancelled', id: 1, resumable: true });
    const shown = h.replies.filter(
      (m): m is Extract<Reply<DepthSnapshot>, { type: 'snap' }> => m.type === 'snap',
    );
    expect(shown).toHaveLength(1);
    const at = shown[0].snapshot.networks;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(state.networks); // stopped part-way
    const before = h.replies.length;
    await tick(150);
    expect(h.replies.length).toBe(before); // paused: no work, no messages

    h.handle({ type: 'resume', id: 1 });
    await h.until(() => h.replies.some((m) => m.type === 'done'));
    expect(h.replies[before]).toEqual({ type: 'resumed', id: 1 });
    const after = h.replies.slice(before).filter((m) => m.type === 'snap') as { snapshot: DepthSnapshot }[];
    // Networks only go up from where it stopped: nothing was computed twice or skipped.
    const counts = after.map((m) => m.snapshot.networks);
    expect(counts[0]).toBeGreaterThan(at);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    expect(after.at(-1)!.snapshot).toEqual(straight);
  });

  it('Gaussian limit: paused in the main ensemble, resumed through the sweeps to the uninterrupted result', async () => {
    const state: LabState = { ...defaultsFor('cpu'), width: 16, depth: 4, networks: 3000, seed: 3 };
    const options = {
      sweepNetworks: 200,
      maxSweepWidth: 64,
      sweepPointMs: 1,
      chunkNetworks: 500,
      snapshotMs: 0,
    };
    const straight = await new GaussianLimitRunner(cpu, options).run(state, () => undefined);
    // The runner gets its engines from the host, as in the worker.
    const hostRunner = host<LabState, Snapshot>(
      (s, e, post, signal) => new GaussianLimitRunner(e, options).run(s, post, signal),
      2,
    );
    hostRunner.handle({ type: 'run', id: 4, state, backend: 'cpu' });
    await hostRunner.until(() => hostRunner.replies.some((m) => m.type === 'cancelled'));
    const snaps = hostRunner.replies.filter((m) => m.type === 'snap') as { snapshot: Snapshot }[];
    expect(snaps.at(-1)!.snapshot.phase).toBe('ensemble');
    expect(snaps.at(-1)!.snapshot.readout.networks).toBe(1000); // two chunks of 500
    hostRunner.handle({ type: 'resume', id: 4 });
    await hostRunner.until(() => hostRunner.replies.some((m) => m.type === 'done'));
    const last = hostRunner.replies.filter((m) => m.type === 'snap').at(-1) as { snapshot: Snapshot };
    expect(last.snapshot).toEqual(straight);
  });

  it('an engine kept across jobs (the Gaussian worker keeps one runner) pauses the job now running, not the first', async () => {
    const state: LabState = { ...defaultsFor('cpu'), width: 16, depth: 4, networks: 3000, seed: 5 };
    const options = {
      sweepNetworks: 200,
      maxSweepWidth: 64,
      sweepPointMs: 1,
      chunkNetworks: 500,
      snapshotMs: 0,
    };
    const straight = await new GaussianLimitRunner(cpu, options).run(state, () => undefined);
    let runner: GaussianLimitRunner | null = null;
    const replies: Reply<Snapshot>[] = [];
    let cancelAt = -1;
    let snaps = 0;
    const handle = jobHost<Job<LabState>, Reply<Snapshot>>(
      (job, post, engines) => {
        runner ??= new GaussianLimitRunner(engines, options); // the first job's engine source, kept
        const r = runner;
        return (signal) =>
          r.run(job.state, (snapshot) => post({ type: 'snap', id: job.id, snapshot }), signal);
      },
      (m) => {
        replies.push(m);
        if (m.type === 'snap' && m.id === 3 && ++snaps === cancelAt) handle({ type: 'cancel', id: 3 });
      },
    );
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 2000 && !pred(); i++) await tick(5);
      expect(pred()).toBe(true);
    };
    // Job 1 is superseded part-way (its pause gate is aborted with it); job 2 must still run.
    handle({ type: 'run', id: 1, state: { ...state, seed: 99 }, backend: 'cpu' });
    await until(() => replies.some((m) => m.type === 'snap' && m.id === 1));
    handle({ type: 'run', id: 2, state, backend: 'cpu' });
    await until(() => replies.some((m) => (m.type === 'done' || m.type === 'error') && m.id === 2));
    expect(replies.find((m) => 'id' in m && m.id === 2 && m.type !== 'snap')).toMatchObject({
      type: 'done',
      id: 2,
    });
    // Job 3 pauses at its own checkpoint and resumes to the uninterrupted numbers.
    cancelAt = 2;
    handle({ type: 'run', id: 3, state, backend: 'cpu' });
    await until(() => replies.some((m) => m.type === 'cancelled' && m.id === 3));
    handle({ type: 'resume', id: 3 });
    await until(() => replies.some((m) => m.type === 'done' && m.id === 3));
    const last = replies.filter((m) => m.type === 'snap' && m.id === 3).at(-1) as { snapshot: Snapshot };
    expect(last.snapshot).toEqual(straight);
  });

  it('a new job aborts the paused one; a resume of a job the worker no longer has is an error', async () => {
    const state: DepthState = { ...DEPTH_DEFAULTS, width: 32, depth: 8, networks: 2000, seed: 9 };
    const h = host<DepthState, DepthSnapshot>((s, e, post, signal) => runDepth(s, e, post, signal, 0), 1);
    h.handle({ type: 'run', id: 1, state, backend: 'cpu' });
    await h.until(() => h.replies.some((m) => m.type === 'cancelled'));
    h.handle({ type: 'run', id: 2, state: { ...state, networks: 200 }, backend: 'cpu' });
    await h.until(() => h.replies.some((m) => m.type === 'done'));
    const ends = h.replies.filter((m) => m.type === 'cancelled' || m.type === 'done');
    expect(ends).toEqual([
      { type: 'cancelled', id: 1, resumable: true },
      { type: 'cancelled', id: 1 },
      expect.objectContaining({ type: 'done', id: 2 }),
    ]);
    h.handle({ type: 'resume', id: 1 });
    expect(h.replies.at(-1)).toMatchObject({ type: 'error', id: 1 });
  });
});
