// The trainers' cost model counts what the CPU trainer does: its multiply-adds, counted through
// the trainer's own kernels, equal the model's (trainer and NTK) exactly; the ntkInputs option
// shrinks the recorded NTK to the training inputs without changing the training.
import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { ntkInputsOf, trainNetwork, type TrainSpec } from '../../../src/engine/training/cpu-trainer.ts';
import { denseKernels, type DenseKernels } from '../../../src/engine/training/dense-kernels.ts';
import {
  trainSeconds,
  trainShapeOf,
  trainWork,
  weightCount,
  type TrainRates,
} from '../../../src/engine/training/train-cost.ts';

/** The JS kernels, counting multiply-adds (nOut x nIn per column, as each loop runs them). */
function countingKernels(): DenseKernels & { macs: number } {
  const k = denseKernels('js');
  const c = {
    name: k.name,
    macs: 0,
    reserve: (e: number) => k.reserve(e),
    dotRows(w: number, nOut: number, nIn: number, a: number, P: number, out: number) {
      c.macs += nOut * nIn * P;
      k.dotRows(w, nOut, nIn, a, P, out);
    },
    backRows(w: number, nOut: number, nIn: number, u: number, P: number, out: number) {
      c.macs += nOut * nIn * P;
      k.backRows(w, nOut, nIn, u, P, out);
    },
    updateRows(w: number, nOut: number, nIn: number, d: number, a: number, P: number, coef: number) {
      c.macs += nOut * nIn * P;
      k.updateRows(w, nOut, nIn, d, a, P, coef);
    },
  };
  return c;
}

// Eight training and four test inputs: multiples of the kernels' padding of 4 columns.
const line = (k: number, at: number) => Array.from({ length: k }, (_, i) => [at + i / k, 1 - i / k]);
const spec: TrainSpec = {
  activation: makeActivation('relu'),
  inputs: line(8, -0.5),
  targets: Array.from({ length: 8 }, (_, i) => Math.sin(i)),
  tests: line(4, 0.1),
  width: 12,
  depth: 4,
  cw: 2,
  cb: 0.1,
  eta: 0.05,
  steps: 7,
  logEvery: 3,
  l2: 0,
  l2Target: 'init',
  readoutOnly: false,
  layerNorm: false,
  dropout: 0,
  seed: 5,
};

describe('trainWork', () => {
  it('counts weights: n0 n + (L - 2) n^2 + n, and n0 for one layer', () => {
    expect(weightCount({ inputDim: 2, width: 12, depth: 4 })).toBe(24 + 288 + 12);
    expect(weightCount({ inputDim: 3, width: 12, depth: 1 })).toBe(3);
  });

  it("equals the CPU trainer's multiply-adds, the NTK's forward and backward passes included", () => {
    for (const s of [spec, { ...spec, steps: 6, logEvery: 2 }, { ...spec, depth: 2, steps: 1 }]) {
      const k = countingKernels();
      trainNetwork(s, 0, k);
      const shape = trainShapeOf(s);
      const w = weightCount(shape);
      const w1 = shape.inputDim * shape.width;
      // The model's NTK work in kernels: a forward (w) and a backward (w - w1) pass per input, twice.
      const ntkMacs = 2 * (2 * w - w1) * shape.ntkInputs;
      expect(k.macs).toBe(trainWork(shape).trainerFlops / 2 + ntkMacs);
      // The NTK's own count: those passes, and P(P + 1)/2 Gram sums over each layer's units, twice;
      // then the weight change (a difference, a square and a sum per weight).
      const units = s.depth === 4 ? 2 + 12 + 2 * 24 + 12 + 1 : 2 + 12 + 12 + 1;
      const P = shape.ntkInputs;
      expect(trainWork(shape).ntkFlops).toBe(2 * (ntkMacs + P * (P + 1) * units) + 3 * w);
    }
  });

  it("ntkInputs: 'train' records Theta_XX only and trains the same network", () => {
    const all = trainNetwork(spec, 1);
    const train = trainNetwork({ ...spec, ntkInputs: 'train' }, 1);
    expect(ntkInputsOf({ ...spec, ntkInputs: 'train' })).toHaveLength(8);
    expect(train.ntkStart).toHaveLength(64);
    expect(Array.from(train.loss)).toEqual(Array.from(all.loss));
    expect(Array.from(train.test)).toEqual(Array.from(all.test));
    const P = 12;
    for (let p = 0; p < 8; p++)
      for (let q = 0; q < 8; q++) {
        expect(train.ntkStart[p * 8 + q]).toBeCloseTo(all.ntkStart[p * P + q], 12);
        expect(train.ntkEnd[p * 8 + q]).toBeCloseTo(all.ntkEnd[p * P + q], 12);
      }
  });
});

describe('trainSeconds', () => {
  const rates: TrainRates = {
    flopsPerSecond: 1e9,
    bytesPerSecond: 1e9,
    secondsPerPass: 1e-3,
    secondsPerNetworkPass: 1e-4,
    hostFlopsPerSecond: 1e8,
    readbackBytesPerSecond: 1e8,
  };
  const work = trainWork(trainShapeOf(spec));

  it('adds the slower of the flops and bandwidth bounds, the pass overheads, the host and the readback', () => {
    const M = 10;
    const trainer = Math.max((M * (work.trainerFlops + work.ntkFlops)) / 1e9, (M * work.weightBytes) / 1e9);
    const expected =
      trainer +
      work.passes * (2 * 1e-3 + M * 1e-4) +
      (M * work.hostFlops) / 1e8 +
      (M * work.readbackBytes) / 1e8;
    expect(trainSeconds(work, M, rates, 5)).toBeCloseTo(expected, 12);
  });

  it('is linear in the ensemble apart from the chunks', () => {
    const cpu = { ...rates, secondsPerPass: 0 };
    expect(trainSeconds(work, 20, cpu)).toBeCloseTo(2 * trainSeconds(work, 10, cpu), 12);
  });
});
