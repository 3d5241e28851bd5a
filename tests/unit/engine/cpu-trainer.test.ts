// The CPU ensemble trainer: the NTK parameterization is PDLT's with per-layer rates, its NTK and
// trained ensemble at width 512 match the infinite-width theory within standard errors, and the
// lecture's c = 1, 2, 3 at depth 20 freeze, train and diverge.
import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { Purpose } from '../../../src/random/address.ts';
import { fillNormals } from '../../../src/random/normals.ts';
import { dataset, testAngles } from '../../../src/engine/training/datasets.ts';
import { loggedSteps, trainNetwork, type TrainSpec } from '../../../src/engine/training/cpu-trainer.ts';
import { TrainedEnsembleSummary } from '../../../src/engine/training/ensemble-summary.ts';
import { denseKernels } from '../../../src/engine/training/dense-kernels.ts';
import { learningRateMax, trainedEnsemble, trainingKernels } from '../../../src/theory/training.ts';

const relu = makeActivation('relu');
const circle6 = dataset('circle6');

function specOf(p: Partial<TrainSpec>): TrainSpec {
  return {
    activation: relu,
    inputs: circle6.x,
    targets: circle6.y,
    tests: [],
    width: 16,
    depth: 3,
    cw: 2,
    cb: 0.1,
    eta: 0.1,
    steps: 10,
    logEvery: 1,
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
    layerNorm: false,
    dropout: 0,
    seed: 3,
    ...p,
  };
}

function ensemble(spec: TrainSpec, networks: number) {
  const s = new TrainedEnsembleSummary(
    loggedSteps(spec.steps, spec.logEvery).length,
    spec.tests.length,
    spec.depth,
    spec.inputs.length,
  );
  for (let n = 0; n < networks; n++) s.add(trainNetwork(spec, n));
  return s.result();
}

/**
 * PDLT's parameterization, written out independently: W ~ N(0, C_W/n_in), b ~ N(0, C_b) from the
 * same normals, gradient descent with rates eta C_W/n_in (weights) and eta C_b (biases).
 */
function pdltOutputs(spec: TrainSpec, net: number): number[] {
  const { depth, width, cw, cb, eta, steps } = spec;
  const xs = spec.inputs;
  const N = xs.length;
  const sizes = Array.from({ length: depth }, (_, l) => [
    l === depth - 1 ? 1 : width,
    l === 0 ? xs[0].length : width,
  ]);
  const W = sizes.map(([nOut, nIn], l) =>
    Array.from({ length: nOut }, (_, i) => {
      const row = new Float64Array(nIn + 4);
      fillNormals(spec.seed, net, Purpose.Weight, l + 1, i, row, nIn);
      return Array.from(row.subarray(0, nIn), (v) => Math.sqrt(cw / nIn) * v);
    }),
  );
  const B = sizes.map(([nOut], l) => {
    const row = new Float64Array(nOut + 4);
    if (cb > 0) fillNormals(spec.seed, net, Purpose.Bias, l + 1, 0, row, nOut);
    return Array.from(row.subarray(0, nOut), (v) => Math.sqrt(cb) * v);
  });
  const run = (x: readonly number[]) => {
    const zs: number[][] = [];
    const as: number[][] = [x as number[]];
    let a = x as number[];
    for (let l = 0; l < depth; l++) {
      const z = W[l].map((row, i) => B[l][i] + row.reduce((s, w, j) => s + w * a[j], 0));
      zs.push(z);
      if (l < depth - 1) {
        a = z.map((v) => relu.f(v));
        as.push(a);
      }
    }
    return { zs, as };
  };
  for (let t = 0; t < steps; t++) {
    const gW = sizes.map(([nOut, nIn]) => Array.from({ length: nOut }, () => new Array<number>(nIn).fill(0)));
    const gB = sizes.map(([nOut]) => new Array<number>(nOut).fill(0));
    for (let p = 0; p < N; p++) {
      const { zs, as } = run(xs[p]);
      let d = [(zs[depth - 1][0] - spec.targets[p]) / N];
      for (let l = depth - 1; l >= 0; l--) {
        d.forEach((di, i) => {
          gB[l][i] += di;
          as[l].forEach((aj, j) => (gW[l][i][j] += di * aj));
        });
        if (l > 0) {
          const nIn = sizes[l][1];
          const up = new Array<number>(nIn).fill(0);
          d.forEach((di, i) => W[l][i].forEach((w, j) => (up[j] += w * di)));
          d = up.map((u, j) => u * relu.df(zs[l - 1][j]));
        }
      }
    }
    sizes.forEach(([nOut, nIn], l) => {
      for (let i = 0; i < nOut; i++) {
        for (let j = 0; j < nIn; j++) W[l][i][j] -= ((eta * cw) / nIn) * gW[l][i][j];
        B[l][i] -= eta * cb * gB[l][i];
      }
    });
  }
  return xs.map((x) => run(x).zs[depth - 1][0]);
}

describe('CPU trainer', () => {
  it("the NTK parameterization is PDLT's with rates eta C_W/n_in and eta C_b, to 1e-12", () => {
    for (const p of [
      { depth: 3, width: 16, cb: 0.1 },
      { depth: 2, width: 9, cb: 0 },
      { depth: 4, width: 7, cb: 0.3, eta: 0.3 },
      // 300 x 300 weights are drawn in two batches of rows (218 and 82).
      { depth: 3, width: 300, cb: 0.1 },
    ]) {
      const spec = specOf({ ...p, tests: circle6.x, steps: 12, logEvery: 12 });
      const trace = trainNetwork(spec, 2);
      const ours = Array.from(trace.test.subarray(6, 12));
      const theirs = pdltOutputs(spec, 2);
      ours.forEach((v, i) =>
        expect(Math.abs(v - theirs[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(theirs[i]))),
      );
      // And it trained: the loss fell.
      expect(trace.loss[1]).toBeLessThan(trace.loss[0]);
    }
  });

  it('one hidden ReLU layer, C_W = 2, no bias: E Theta(x, x) = Theta_infinity, n Var Theta / E^2 = 3 (exact)', () => {
    const width = 48;
    const M = 3000;
    const x = [[1, 0]];
    const s = ensemble(specOf({ inputs: x, targets: [0], width, depth: 2, cb: 0, steps: 0 }), M);
    const theory = trainingKernels(relu, x, [], 2, { cw: 2, cb: 0 }).Theta[0][0];
    const mean = s.ntkStartMean[0];
    const variance = s.ntkStartVariance[0];
    expect(Math.abs(mean - theory)).toBeLessThan(4 * Math.sqrt(variance / M));
    // n Var/E^2 = 3: its SE from the sample variance's, sqrt(2/M) relative for a near-Gaussian, widened to sqrt(6/M) for the tails.
    const ratio = (width * variance) / theory ** 2;
    expect(Math.abs(ratio - 3)).toBeLessThan(4 * 3 * Math.sqrt(6 / M));
  });

  it('the trained ensemble at width 512 matches the infinite-width prediction at every logged step', () => {
    const tests = testAngles(circle6, `${Math.PI / 6},${Math.PI / 2 + 0.3}`);
    const o = { cw: 2, cb: 0.1 };
    const k = trainingKernels(relu, circle6.x, tests, 2, o);
    const eta = 0.5 * learningRateMax(k);
    const spec = specOf({ ...o, tests, width: 512, depth: 2, eta, steps: 60, logEvery: 20 });
    const M = 300;
    const s = ensemble(spec, M);
    loggedSteps(60, 20).forEach((step, i) => {
      const th = trainedEnsemble(k, circle6.y, { eta, steps: step });
      expect(s.loss.mean[i]).toBeGreaterThan(0);
      tests.forEach((_, t) => {
        const r = s.test[t];
        // The mean within 4 SE plus a finite-width allowance of 2/n relative to the prior's scale.
        const allowance = (2 / 512) * Math.sqrt(k.K[6 + t][6 + t]);
        expect(Math.abs(r.mean[i] - th.mean[t]), `step ${step}, test ${t}`).toBeLessThan(
          4 * r.meanSE[i] + allowance,
        );
        expect(Math.abs(r.variance[i] - th.cov[t][t]), `step ${step}, test ${t}`).toBeLessThan(
          4 * r.varianceSE[i],
        );
      });
    });
    // Training moved the first and readout layers by about n^-1/2 of their size, and the NTK a little.
    for (const w of s.weightChange) {
      expect(w.mean).toBeGreaterThan(0.2 / Math.sqrt(512));
      expect(w.mean).toBeLessThan(5 / Math.sqrt(512));
    }
    expect(s.ntkChange.mean).toBeLessThan(0.1);
    expect(s.diverged.count).toBe(0);
  });

  it("the lecture's c = 1, 2, 3 at depth 20 and one learning rate: frozen, trains, diverges (counted, no crash)", () => {
    const eta = 0.5 * learningRateMax(trainingKernels(relu, circle6.x, [], 20, { cw: 2, cb: 0 }));
    const run = (c: number) =>
      ensemble(specOf({ width: 32, depth: 20, cw: c, cb: 0, eta, steps: 40, logEvery: 40 }), 6);
    const frozen = run(1);
    // y = cos 2 phi on circle6 has mean square 1/2: an untrained output near 0 keeps the loss at 1/4.
    expect(frozen.loss.mean[1]).toBeGreaterThan(0.9 * frozen.loss.mean[0]);
    expect(frozen.diverged.count).toBe(0);
    const trains = run(2);
    expect(trains.loss.mean[1]).toBeLessThan(0.5 * trains.loss.mean[0]);
    expect(trains.diverged.count).toBe(0);
    const diverges = run(3);
    expect(diverges.diverged.count).toBe(6);
    expect(diverges.diverged.firstStep).toBeGreaterThanOrEqual(1);
    expect(diverges.diverged.firstStep).toBeLessThan(10);
    expect(diverges.loss.mean[1]).toBeNaN();
  });

  it('L2 towards the initial weights ends at kernel ridge regression; towards zero it shrinks the weights', () => {
    const tests = [[0.6, 0.8]];
    const o = { cw: 2, cb: 0.1 };
    const mu = 0.05;
    const k = trainingKernels(relu, circle6.x, tests, 2, o);
    const eta = 0.5 * learningRateMax(k, { l2: mu });
    const ridge = trainedEnsemble(k, circle6.y, { eta, steps: Infinity, l2: mu });
    const M = 300;
    const s = ensemble(
      specOf({ ...o, tests, width: 512, depth: 2, eta, steps: 150, logEvery: 150, l2: mu }),
      M,
    );
    const r = s.test[0];
    expect(Math.abs(r.mean[1] - ridge.mean[0])).toBeLessThan(
      4 * r.meanSE[1] + (2 / 512) * Math.sqrt(k.K[6][6]),
    );
    expect(Math.abs(r.variance[1] - ridge.cov[0][0])).toBeLessThan(4 * r.varianceSE[1]);
    // Towards zero, the weights move by a fixed fraction of themselves, whatever the width.
    const zero = trainNetwork(
      specOf({ ...o, width: 64, depth: 2, eta, steps: 150, logEvery: 150, l2: mu, l2Target: 'zero' }),
      0,
    );
    const init = trainNetwork(
      specOf({ ...o, width: 64, depth: 2, eta, steps: 150, logEvery: 150, l2: mu }),
      0,
    );
    expect(zero.weightChange[0]).toBeGreaterThan(5 * init.weightChange[0]);
  });

  it('the WebAssembly SIMD loops equal the JavaScript ones on widths and input counts that fill no SIMD lane evenly', () => {
    const wasm = denseKernels('wasm');
    expect(wasm.name).toBe('wasm');
    const js = denseKernels('js');
    const sine6 = dataset('sine6');
    for (const [width, depth, data, tests] of [
      [7, 3, circle6, [[0.3, 0.1]]],
      [13, 4, sine6, [[0.1], [0.7], [-0.2]]],
      [1, 2, circle6, []],
    ] as const) {
      const spec = specOf({
        width,
        depth,
        inputs: data.x,
        targets: data.y,
        tests,
        steps: 15,
        logEvery: 5,
        l2: 0.01,
      });
      const a = trainNetwork(spec, 4, wasm);
      const b = trainNetwork(spec, 4, js);
      const close = (x: Float64Array, y: Float64Array) =>
        x.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(y[i]))));
      close(a.loss, b.loss);
      close(a.test, b.test);
      close(a.ntkStart, b.ntkStart);
      close(a.ntkEnd, b.ntkEnd);
      close(a.weightChange, b.weightChange);
    }
  });

  it('readout-only training moves the readout layer only', () => {
    const t = trainNetwork(specOf({ readoutOnly: true, steps: 20, logEvery: 20 }), 1);
    expect(t.weightChange[0]).toBe(0);
    expect(t.weightChange[1]).toBe(0);
    expect(t.weightChange[2]).toBeGreaterThan(0);
    expect(t.loss[1]).toBeLessThan(t.loss[0]);
  });
});
