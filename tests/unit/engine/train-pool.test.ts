/**
 * The trainer's networks on the worker pool: the spec crosses by structured clone (activation
 * by id) and each trace comes back equal value for value to the same network trained here (same
 * f64 code on both sides).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { dataset } from '../../../src/engine/training/datasets.ts';
import { trainNetwork, type TrainSpec } from '../../../src/engine/training/cpu-trainer.ts';
import { toPlainTrainSpec } from '../../../src/engine/training/train-task.ts';
import { trainEnsemble } from '../../../src/engine/training/train-runner.ts';
import { sharedPool, terminatePools } from '../../../src/engine/cpu/node-pool.ts';

const circle6 = dataset('circle6');
const spec: TrainSpec = {
  activation: makeActivation('tanh'),
  inputs: circle6.x,
  targets: circle6.y,
  tests: [[0.3, 0.1]],
  width: 9,
  depth: 3,
  cw: 1.5,
  cb: 0.1,
  eta: 0.3,
  steps: 12,
  logEvery: 5,
  l2: 0.01,
  l2Target: 'init',
  readoutOnly: false,
  layerNorm: false,
  dropout: 0,
  seed: 5,
};

afterAll(() => terminatePools());

describe('training on the worker pool', () => {
  it('networks 3..5 from a worker equal the ones trained on this thread, exactly', async () => {
    const traces = await sharedPool(1).run('train', { spec: toPlainTrainSpec(spec), start: 3, count: 3 });
    expect(traces).toHaveLength(3);
    traces.forEach((t, k) => expect(t).toEqual(trainNetwork(spec, 3 + k)));
    // A different network differs: the comparison can fail.
    expect(traces[0].loss).not.toEqual(trainNetwork(spec, 4).loss);
  });

  it('trainEnsemble on 3 threads gives the one-thread ensemble value for value, with progress to the end', async () => {
    const one = [];
    for await (const t of trainEnsemble(spec, 7, { threads: 1 })) one.push(t);
    const progress: number[] = [];
    let used = 0;
    const three = [];
    for await (const t of trainEnsemble(spec, 7, {
      threads: 3,
      onThreads: (n) => (used = n),
      onProgress: (d, total) => {
        expect(total).toBe(7);
        progress.push(d);
      },
    }))
      three.push(t);
    expect(used).toBe(3);
    expect(three).toEqual(one);
    expect(one[0]).toEqual(trainNetwork(spec, 0));
    expect(progress.at(-1)).toBe(7);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('an abort after the first network stops a threaded run with an AbortError', async () => {
    const controller = new AbortController();
    const seen = [];
    const run = async () => {
      for await (const t of trainEnsemble(spec, 40, { threads: 2, signal: controller.signal })) {
        seen.push(t);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBeLessThan(40);
  });
});
