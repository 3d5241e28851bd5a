/**
 * Per-layer statistics of the CPU engines (RunOptions.layerStats, .gradients) against exact
 * results: the mean and the log-law of |z_l|^2/n_l for ReLU without bias, normalization pinning
 * the norms, batch norm over two inputs, the ReLU correlation map, and gradient norms against
 * finite differences on tiny networks.
 */
import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, ExplicitCpuEngine, collect, type Engine } from '../../../src/engine/index.ts';
import { normalizeInPlace, normalizeBackwardInPlace } from '../../../src/engine/cpu/layer-ops.ts';
import { correlationMap } from '../../../src/theory/criticality.ts';
import { logNormLaw } from '../../../src/theory/log-norm.ts';
import { exactSingleInput } from '../../../src/theory/exact.ts';
import { makeActivation } from '../../../src/theory/activations.ts';
import { runSpec, type ModelOptions } from './models.ts';
import { meanEstimate, varianceEstimate, zScore } from './helpers.ts';
import { buildReferenceNet, finiteDifferenceGradientNorms, referenceForward } from './reference-net.ts';

const engines: [string, () => Engine][] = [
  ['exact', () => new ExactCpuEngine()],
  ['explicit', () => new ExplicitCpuEngine()],
];

/** Values of layer l (1-based), input a, over the networks. */
function layerColumn(
  norms: Float64Array,
  networks: number,
  depth: number,
  k: number,
  l: number,
  a = 0,
): Float64Array {
  const out = new Float64Array(networks);
  for (let i = 0; i < networks; i++) out[i] = norms[(i * depth + l - 1) * k + a];
  return out;
}

async function layerNorms(engine: Engine, o: ModelOptions) {
  const spec = runSpec(o);
  const r = await collect(engine, spec, { threads: 1, layerStats: true });
  expect(r.perLayer.layerNorms).toBeDefined();
  return { spec, r, norms: r.perLayer.layerNorms! };
}

describe('per-layer norms |z_l|^2 / n_l, ReLU, no bias, W ~ N(0, c/n)', () => {
  for (const [name, make] of engines) {
    for (const n of [8, 32]) {
      it(`${name} engine, n = ${n}: the mean is c (c/2)^(l-1) at every layer, c = 1, 2, 3 (4 SE)`, async () => {
        const depth = 4;
        const networks = name === 'exact' ? 20_000 : n === 8 ? 8000 : 3000;
        for (const c of [1, 2, 3]) {
          const { norms } = await layerNorms(make(), {
            activation: 'relu',
            widths: new Array(depth - 1).fill(n),
            cw: c,
            networks,
            seed: 10 + c,
          });
          for (let l = 1; l <= depth; l++) {
            const m = meanEstimate(layerColumn(norms, networks, depth, 1, l));
            expect(zScore(m, c * (c / 2) ** (l - 1)), `c = ${c}, layer ${l}`).toBeLessThan(4);
          }
        }
      });
    }

    it(`${name} engine, n = 32, c = 2: mean and variance of log(|z_l|^2/n_l) match the exact log-chi-square law (4 SE)`, async () => {
      const depth = 5;
      const widths = new Array(depth - 1).fill(32);
      const networks = name === 'exact' ? 20_000 : 4000;
      const { norms } = await layerNorms(make(), { activation: 'relu', widths, cw: 2, networks, seed: 5 });
      const law = logNormLaw(makeActivation('relu'), 2, 0, 1, widths)!;
      expect(law.deadProbability[depth - 1]).toBeLessThan(1e-8);
      for (let l = 1; l <= depth; l++) {
        const logs = layerColumn(norms, networks, depth, 1, l).map(Math.log);
        expect(logs.every(Number.isFinite)).toBe(true);
        expect(zScore(meanEstimate(logs), law.mean[l - 1]), `mean, layer ${l}`).toBeLessThan(4);
        expect(zScore(varianceEstimate(logs), law.variance[l - 1]), `variance, layer ${l}`).toBeLessThan(4);
      }
      // The law is not trivially satisfied: the median drifts below the mean's log at depth.
      expect(law.mean[depth - 2]).toBeLessThan(Math.log(2) - 0.1);
    });
  }

  it('dropout p = 0.3, ReLU and linear (exact engine, n = 32): mean c (c/(2(1-p)))^(l-1) and the log law with Bin(n, (1-p)/2)', async () => {
    const depth = 4;
    const widths = new Array(depth - 1).fill(32);
    for (const activation of ['relu', 'linear'] as const) {
      const cw = activation === 'relu' ? 1.4 : 0.7; // critical: C_W = 2(1-p), (1-p)
      const { norms } = await layerNorms(new ExactCpuEngine(), {
        activation,
        widths,
        cw,
        dropout: 0.3,
        networks: 20_000,
        seed: 6,
      });
      const law = logNormLaw(makeActivation(activation), cw, 0, 1, widths, 0.3)!;
      for (let l = 1; l <= depth; l++) {
        const col = layerColumn(norms, 20_000, depth, 1, l);
        expect(zScore(meanEstimate(col), cw), `${activation} mean, layer ${l}`).toBeLessThan(4);
        const logs = col.map(Math.log);
        expect(
          zScore(meanEstimate(logs), law.mean[l - 1]),
          `${activation} log mean, layer ${l}`,
        ).toBeLessThan(4);
        expect(
          zScore(varianceEstimate(logs), law.variance[l - 1]),
          `${activation} log variance, layer ${l}`,
        ).toBeLessThan(4);
      }
    }
  });

  it('the exact engine leaves the shortcut when per-layer statistics are asked for', () => {
    const spec = runSpec({ activation: 'relu', widths: [16, 16], cw: 2, networks: 10 });
    const e = new ExactCpuEngine();
    expect(e.usesShortcut(spec)).toBe(true);
    expect(e.usesShortcut(spec, { layerStats: true })).toBe(false);
    expect(e.describe(spec, { layerStats: true })).toMatch(/Gaussian conditioning/);
  });

  it('asking for statistics changes no output value (explicit), and worker threads return them too', async () => {
    const spec = runSpec({
      activation: 'tanh',
      widths: [12, 7],
      cw: 1.5,
      cb: 0.2,
      rho: 0.4,
      norm: 'layer',
      dropout: 0.2,
      networks: 40,
      seed: 3,
    });
    const plain = await collect(new ExplicitCpuEngine(), spec, { threads: 1 });
    const stats = await collect(new ExplicitCpuEngine(), spec, {
      threads: 1,
      layerStats: true,
      gradients: true,
    });
    expect(stats.outputs).toEqual(plain.outputs);
    expect(stats.gram).toEqual(plain.gram);
    const pooled = await collect(new ExplicitCpuEngine(), spec, {
      threads: 2,
      chunkNetworks: 10,
      layerStats: true,
      gradients: true,
    });
    expect(pooled.perLayer.layerNorms).toEqual(stats.perLayer.layerNorms);
    expect(pooled.perLayer.gradientNorms).toEqual(stats.perLayer.gradientNorms);
    const exact = await collect(new ExactCpuEngine(), spec, {
      threads: 2,
      chunkNetworks: 10,
      layerStats: true,
    });
    const exactInline = await collect(new ExactCpuEngine(), spec, { threads: 1, layerStats: true });
    expect(exact.perLayer.layerNorms).toEqual(exactInline.perLayer.layerNorms);
    expect(exact.perLayer.gradientNorms).toBeUndefined();
    // The output layer's entry is z_L^2.
    for (let i = 0; i < 40; i++)
      for (let a = 0; a < 2; a++)
        expect(exact.perLayer.layerNorms![(i * 3 + 2) * 2 + a]).toBe(exact.outputs[i * 2 + a] ** 2);
  }, 30_000);
});

describe('normalization pins the norms (c = 3, ReLU)', () => {
  // With any of them before the nonlinearity, sum_j relu(u_j)^2 has mean n/2 exactly (u and -u
  // are equally likely, and sum relu(u)^2 + relu(-u)^2 = sum u^2 = n for layer/rms norm; for
  // batch norm over two inputs each unit gives relu(+-1)^2 = 1 for one input): so
  // E |z_l|^2/n_l = C_W / 2 = 3/2 at every layer l >= 2, at any width, instead of 3 (3/2)^(l-1).
  for (const [name, make] of engines) {
    for (const norm of ['layer', 'rms', 'batch'] as const) {
      it(`${name} engine, ${norm} norm, n = 16`, async () => {
        const depth = 6;
        const networks = name === 'exact' ? 6000 : 2000;
        const k = norm === 'batch' ? 2 : 1;
        const { norms } = await layerNorms(make(), {
          activation: 'relu',
          widths: new Array(depth - 1).fill(16),
          cw: 3,
          norm,
          networks,
          seed: 21,
          ...(norm === 'batch' ? { rho: 0.3 } : {}),
        });
        for (let a = 0; a < k; a++) {
          expect(zScore(meanEstimate(layerColumn(norms, networks, depth, k, 1, a)), 3)).toBeLessThan(4);
          for (let l = 2; l <= depth; l++) {
            expect(
              zScore(meanEstimate(layerColumn(norms, networks, depth, k, l, a)), 1.5),
              `layer ${l}`,
            ).toBeLessThan(4);
          }
        }
        // Without the normalization the last layer is far off: 3 (3/2)^5 = 22.8.
      });
    }
  }

  it('batch norm over two inputs: every unit becomes +-1 and ReLU decorrelates the inputs exactly (G_01 = C_b)', async () => {
    const z = Float64Array.from([1, 3, 5, 2, 4, 4]); // 3 units x 2 inputs
    normalizeInPlace('batch', z, 3, 2);
    expect([...z]).toEqual([-1, 1, 1, -1, 0, 0]);
    for (const [, make] of engines) {
      const spec = runSpec({
        activation: 'relu',
        widths: [8, 8],
        cw: 2,
        cb: 0.25,
        rho: 0.6,
        norm: 'batch',
        networks: 50,
      });
      const r = await collect(make(), spec, { threads: 1 });
      for (let i = 0; i < 50; i++) {
        expect(r.gram[i * 4 + 1]).toBeCloseTo(0.25, 14);
        // The diagonal counts the units with z(0) > z(1): C_b + (C_W/n) * count.
        const count = (r.gram[i * 4] - 0.25) * 4;
        expect(Math.abs(count - Math.round(count))).toBeLessThan(1e-12);
      }
    }
  });
});

describe('two inputs: the ReLU correlation map c -> (sqrt(1-c^2) + (pi - arccos c) c)/pi', () => {
  const relu = makeActivation('relu');
  const map = (c: number) => (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;

  it("equals the theory helper's correlationMap at critical C_W = 2", () => {
    for (const c of [-0.9, -0.3, 0, 0.3, 0.7, 0.99])
      expect(correlationMap(relu, 2, 0, 1, c)).toBeCloseTo(map(c), 12);
  });

  for (const [name, make] of engines) {
    it(`${name} engine: one hidden layer gives E G_01 = (C_W q0/2) c' exactly at any width; depth 3 at n = 512 follows the map twice`, async () => {
      const rho = 0.3;
      const one = runSpec({
        activation: 'relu',
        widths: [16],
        cw: 2,
        rho,
        networks: name === 'exact' ? 20_000 : 6000,
        seed: 8,
      });
      const r1 = await collect(make(), one, { threads: 1 });
      const g01 = new Float64Array(one.networks).map((_, i) => r1.gram[i * 4 + 1]);
      // (u, v) ~ N(0, K_1), K_1 = C_W [[1, rho], [rho, 1]] (q0 = 1): E G_01 = C_W (C_W / 2) c'.
      expect(zScore(meanEstimate(g01), 2 * map(rho))).toBeLessThan(4);

      const n = name === 'exact' ? 512 : 128;
      const deep = runSpec({
        activation: 'relu',
        widths: [n, n],
        cw: 2,
        rho,
        networks: name === 'exact' ? 2000 : 300,
        seed: 9,
      });
      const r3 = await collect(make(), deep, { threads: 1 });
      // Measured correlation of the outputs' conditional covariances, per network; its mean
      // differs from the infinite-width map by O(1/n): allow 4 SE plus 2/n.
      const c = new Float64Array(deep.networks).map(
        (_, i) => r3.gram[i * 4 + 1] / Math.sqrt(r3.gram[i * 4] * r3.gram[i * 4 + 3]),
      );
      const m = meanEstimate(c);
      expect(Math.abs(m.value - map(map(rho)))).toBeLessThan(4 * m.se + 2 / n);
      expect(Math.abs(m.value - rho)).toBeGreaterThan(0.1); // the map moved it
    }, 30_000);

    it(`${name} engine: the measured per-layer correlation of the preactivations follows the kernel recursion`, async () => {
      const n = name === 'exact' ? 512 : 96;
      const depth = 5;
      const spec = runSpec({
        activation: 'relu',
        widths: new Array(depth - 1).fill(n),
        cw: 2,
        rho: 0.3,
        networks: name === 'exact' ? 400 : 150,
        seed: 12,
      });
      const r = await collect(make(), spec, { threads: 1, layerStats: true });
      const g = r.perLayer.layerGrams!;
      let c = 0.3;
      for (let l = 1; l <= depth; l++) {
        const per = new Float64Array(spec.networks).map((_, i) => {
          const at = (i * depth + l - 1) * 4;
          return g[at + 1] / Math.sqrt(g[at] * g[at + 3]);
        });
        // The diagonal is layerNorms.
        expect(g[(7 * depth + l - 1) * 4 + 3]).toBe(r.perLayer.layerNorms![(7 * depth + l - 1) * 2 + 1]);
        if (l < depth) {
          // The output layer (one unit) has no correlation over units; hidden layers do, with a
          // finite-width bias that grows like (l - 1)/n beside the statistical error.
          const m = meanEstimate(per);
          expect(Math.abs(m.value - c), `layer ${l}`).toBeLessThan(4 * m.se + (l - 1) / n);
        }
        c = map(c);
      }
      // Output layer entry: z_L(x_0) z_L(x_1).
      for (let i = 0; i < 5; i++)
        expect(g[(i * depth + depth - 1) * 4 + 1]).toBe(r.outputs[i * 2] * r.outputs[i * 2 + 1]);
    }, 30_000);
  }
});

describe('gradient norms |dLoss/dW_l|_F of the explicit engine against finite differences', () => {
  const cases: [string, ModelOptions][] = [
    ['tanh, no norm, bias', { activation: 'tanh', widths: [3, 4], cw: 1.3, cb: 0.4, networks: 3 }],
    ['relu, one input', { activation: 'relu', widths: [5], cw: 2, networks: 3 }],
    [
      'gelu, layer norm, two inputs',
      { activation: 'gelu', widths: [4, 3], cw: 1.7, cb: 0.1, rho: 0.5, norm: 'layer', networks: 3 },
    ],
    [
      'swish, rms norm, dropout',
      { activation: 'swish', widths: [5, 4], cw: 2, rho: -0.2, norm: 'rms', dropout: 0.3, networks: 3 },
    ],
    [
      'tanh, batch norm, dropout',
      {
        activation: 'tanh',
        widths: [4, 4],
        cw: 1.5,
        cb: 0.2,
        rho: 0.2,
        norm: 'batch',
        dropout: 0.25,
        networks: 3,
      },
    ],
    ['linear, depth 1', { activation: 'linear', widths: [], cw: 1, rho: 0.1, networks: 2 }],
  ];
  for (const [name, o] of cases) {
    it(name, async () => {
      const spec = runSpec({ ...o, seed: 17 });
      const depth = spec.model.hiddenWidths.length + 1;
      const k = spec.model.inputGram.length;
      const r = await collect(new ExplicitCpuEngine(), spec, {
        threads: 1,
        gradients: true,
        layerStats: true,
      });
      for (let net = 0; net < spec.networks; net++) {
        // The reference network reproduces the engine's forward pass...
        const fwd = referenceForward(spec, net, buildReferenceNet(spec, net));
        for (let a = 0; a < k; a++) expect(fwd.outputs[a]).toBeCloseTo(r.outputs[net * k + a], 12);
        for (let t = 0; t < depth * k; t++)
          expect(fwd.layerNorms[t]).toBeCloseTo(r.perLayer.layerNorms![net * depth * k + t], 12);
        for (let t = 0; t < depth * k * k; t++)
          expect(fwd.layerGrams[t]).toBeCloseTo(r.perLayer.layerGrams![net * depth * k * k + t], 12);
        // ...and its finite-difference gradient norms match the backward pass.
        const fd = finiteDifferenceGradientNorms(spec, net);
        for (let l = 1; l <= depth; l++) {
          const g = r.perLayer.gradientNorms![net * depth + l - 1];
          expect(Math.abs(g - fd[l - 1]), `net ${net}, layer ${l}: ${g} vs ${fd[l - 1]}`).toBeLessThan(
            1e-6 * (1 + fd[l - 1]),
          );
        }
      }
    });
  }

  it('the output layer, ReLU: E |dLoss/dW_L|^2 = (n_{L-1}/C_W) E G_L^2 exactly at any width (4 SE)', async () => {
    // dLoss/dW_L = z_L y_{L-1}, |y_{L-1}|^2 = n_{L-1} G_L / C_W (C_b = 0) and E[z_L^2 | G_L] = G_L.
    for (const cw of [1.5, 2.5]) {
      const widths = [8, 6];
      const spec = runSpec({ activation: 'relu', widths, cw, networks: 6000, seed: 31 });
      const r = await collect(new ExplicitCpuEngine(), spec, { threads: 1, gradients: true });
      const last = new Float64Array(spec.networks).map((_, i) => r.perLayer.gradientNorms![i * 3 + 2] ** 2);
      const eg2 = exactSingleInput(makeActivation('relu'), 1, widths, { cw, cb: 0 })!.secondMoment[2];
      expect(zScore(meanEstimate(last), (6 / cw) * eg2)).toBeLessThan(4);
    }
  });

  it('normalization backward agrees with a numerical Jacobian-vector product', () => {
    const n = 4;
    const k = 3;
    const z = Float64Array.from({ length: n * k }, (_, i) => Math.sin(1.7 * i + 0.3) * (1 + i / 5));
    const g = Float64Array.from({ length: n * k }, (_, i) => Math.cos(0.9 * i));
    for (const kind of ['layer', 'rms', 'batch'] as const) {
      const u = Float64Array.from(z);
      normalizeInPlace(kind, u, n, k);
      const back = Float64Array.from(g);
      normalizeBackwardInPlace(kind, z, u, back, n, k);
      const h = 1e-6;
      for (let t = 0; t < n * k; t++) {
        const up = Float64Array.from(z);
        up[t] += h;
        normalizeInPlace(kind, up, n, k);
        const down = Float64Array.from(z);
        down[t] -= h;
        normalizeInPlace(kind, down, n, k);
        let d = 0;
        for (let s = 0; s < n * k; s++) d += (g[s] * (up[s] - down[s])) / (2 * h);
        expect(back[t]).toBeCloseTo(d, 7);
      }
    }
  });
});
