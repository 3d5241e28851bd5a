// LayerNorm and dropout in the CPU trainer: the backward pass against central finite
// differences (f64), the mask's addressing, and the lecture's depth-20 point.
import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { Purpose } from '../../../src/random/address.ts';
import { fillUniforms } from '../../../src/random/normals.ts';
import { dataset } from '../../../src/engine/training/datasets.ts';
import {
  lossAndGradient,
  loggedSteps,
  trainNetwork,
  type LayerParams,
  type TrainSpec,
} from '../../../src/engine/training/cpu-trainer.ts';
import { TrainedEnsembleSummary } from '../../../src/engine/training/ensemble-summary.ts';
import { learningRateMax, trainedEnsemble, trainingKernels } from '../../../src/theory/training.ts';

const circle6 = dataset('circle6');

function specOf(p: Partial<TrainSpec>): TrainSpec {
  return {
    activation: makeActivation('tanh'),
    inputs: circle6.x,
    targets: circle6.y,
    tests: [],
    width: 13,
    depth: 4,
    cw: 1.5,
    cb: 0.2,
    eta: 0.1,
    steps: 10,
    logEvery: 1,
    l2: 0,
    l2Target: 'init',
    readoutOnly: false,
    layerNorm: false,
    dropout: 0,
    seed: 11,
    ...p,
  };
}

const copy = (ps: readonly LayerParams[]) => ps.map(({ w, b }) => ({ w: w.slice(), b: b.slice() }));

/** Largest |analytic - central difference| / (|analytic| + 1e-3) over every parameter of every layer. */
function worstGradientError(spec: TrainSpec, step: number): number {
  const base = lossAndGradient(spec, 2, step);
  const h = 1e-5;
  let worst = 0;
  base.params.forEach((layer, l) => {
    for (const kind of ['w', 'b'] as const) {
      // The bias gradient is 0 by construction without a bias; the weights are what matter there.
      if (kind === 'b' && spec.cb === 0) continue;
      for (let q = 0; q < layer[kind].length; q++) {
        const at = (d: number) => {
          const ps = copy(base.params);
          ps[l][kind][q] += d;
          return lossAndGradient(spec, 2, step, ps).loss;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        const g = base.grad[l][kind][q];
        worst = Math.max(worst, Math.abs(g - fd) / (Math.abs(g) + 1e-3));
      }
    }
  });
  return worst;
}

describe('CPU trainer: LayerNorm and dropout', () => {
  // Central differences at h = 1e-5 on a smooth (tanh) loss of O(1): truncation h^2 ~ 1e-10 and
  // rounding 1e-16 / h ~ 1e-11, so 1e-6 relative is loose for a correct gradient and far below
  // any missing term (a wrong normalization Jacobian is off by O(1)).
  it.each([
    ['LayerNorm', { layerNorm: true }],
    ['dropout 0.3', { dropout: 0.3 }],
    ['both', { layerNorm: true, dropout: 0.3 }],
  ] as const)('%s: the backward pass equals central finite differences to 1e-6', (_, p) => {
    expect(worstGradientError(specOf(p), 5)).toBeLessThan(1e-6);
  });

  it('the mask is redrawn each step from (seed, network, Dropout, layer, row = step)', () => {
    const spec = specOf({ dropout: 0.5, depth: 2 });
    const grads = [0, 1].map((t) => lossAndGradient(spec, 2, t).grad[1].w);
    // The readout's gradient in w_j is zero exactly where hidden unit j is dropped.
    for (const t of [0, 1]) {
      const u = new Float64Array(spec.width);
      fillUniforms(spec.seed, 2, Purpose.Dropout, 1, t, u);
      for (let j = 0; j < spec.width; j++) expect(grads[t][j] === 0).toBe(u[j] < 0.5);
    }
    expect(Array.from(grads[0], (g) => g === 0)).not.toEqual(Array.from(grads[1], (g) => g === 0));
  });

  it('dropout 0 and no LayerNorm is the plain trainer; the logged losses are the evaluation network', () => {
    const plain = trainNetwork(specOf({ steps: 3 }), 1);
    const withDrop = trainNetwork(specOf({ steps: 0, dropout: 0.4 }), 1);
    // Step 0 is before any update, and the record is without the mask: the same loss.
    expect(withDrop.loss[0]).toBe(plain.loss[0]);
    expect(withDrop.ntkStart).toEqual(plain.ntkStart);
  });

  it("depth 20, ReLU, C_W = 3, one absolute learning rate: plain training diverges, LayerNorm's stays finite and decreases", () => {
    const relu = makeActivation('relu');
    // The critical network's rate (a fixed absolute eta), applied off criticality at C_W = 3.
    const eta = 0.5 * learningRateMax(trainingKernels(relu, circle6.x, [], 20, { cw: 2, cb: 0 }));
    const run = (layerNorm: boolean) => {
      const spec = specOf({
        activation: relu,
        width: 32,
        depth: 20,
        cw: 3,
        cb: 0,
        eta,
        steps: 40,
        logEvery: 40,
        layerNorm,
      });
      const s = new TrainedEnsembleSummary(loggedSteps(spec.steps, spec.logEvery).length, 0, spec.depth, 6);
      for (let m = 0; m < 4; m++) s.add(trainNetwork(spec, m));
      return s.result();
    };
    const plain = run(false);
    expect(plain.diverged.count).toBe(4);
    const normed = run(true);
    expect(normed.diverged.count).toBe(0);
    expect(normed.loss.mean[1]).toBeLessThan(0.8 * normed.loss.mean[0]);
  });

  it("LayerNorm at width 256: the trained ensemble follows the normalized kernels' infinite-width prediction", () => {
    const relu = makeActivation('relu');
    const tests = [
      [0.6, 0.8],
      [0, 1],
    ];
    // Off criticality (C_W = 1.2) the plain kernels decay with depth and the normalized ones do not.
    const o = { cw: 1.2, cb: 0.1, normalization: 'layer' } as const;
    const k = trainingKernels(relu, circle6.x, tests, 3, o);
    // The normalized kernel differs from the plain one: the test checks the LayerNorm theory, not the plain network's.
    const plain = trainingKernels(relu, circle6.x, tests, 3, { cw: 1.2, cb: 0.1 });
    expect(Math.abs(k.Theta[6][6] - plain.Theta[6][6])).toBeGreaterThan(0.3 * plain.Theta[6][6]);
    const eta = 0.5 * learningRateMax(k);
    const width = 256;
    const spec = specOf({
      activation: relu,
      tests,
      width,
      depth: 3,
      cw: 1.2,
      cb: 0.1,
      eta,
      steps: 40,
      logEvery: 20,
      layerNorm: true,
    });
    const steps = loggedSteps(spec.steps, spec.logEvery);
    const s = new TrainedEnsembleSummary(steps.length, tests.length, spec.depth, 6);
    const ntks: Float64Array[] = [];
    for (let m = 0; m < 96; m++) {
      const trace = trainNetwork(spec, m);
      s.add(trace);
      ntks.push(trace.ntkStart);
    }
    const r = s.result();
    steps.forEach((step, i) => {
      const th = trainedEnsemble(k, circle6.y, { eta, steps: step });
      tests.forEach((_, t) => {
        // As the plain trainer's test: 4 SE plus a finite-width allowance of 2/n of the prior's scale.
        const allowance = (2 / width) * Math.sqrt(k.K[6 + t][6 + t]);
        const rt = r.test[t];
        expect(Math.abs(rt.mean[i] - th.mean[t]), `step ${step}, test ${t}`).toBeLessThan(
          4 * rt.meanSE[i] + allowance,
        );
        expect(Math.abs(rt.variance[i] - th.cov[t][t]), `step ${step}, test ${t}`).toBeLessThan(
          4 * rt.varianceSE[i],
        );
      });
    });
    expect(r.diverged.count).toBe(0);
    // The NTK at initialization picks the kernel: the normalized one within its SE, the plain
    // network's (30% away, checked above) far outside it, so the comparisons above can fail.
    const theta = ntks.map((v) => v[0]);
    const mean = theta.reduce((acc, v) => acc + v, 0) / theta.length;
    const se = Math.sqrt(
      theta.reduce((acc, v) => acc + (v - mean) ** 2, 0) / (theta.length - 1) / theta.length,
    );
    expect(Math.abs(mean - k.Theta[0][0])).toBeLessThan(4 * se + (2 / width) * k.Theta[0][0]);
    expect(Math.abs(mean - plain.Theta[0][0])).toBeGreaterThan(10 * se);
  });
});
