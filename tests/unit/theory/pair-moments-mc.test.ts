// The pair moments <s(u)s(v)> and <s'(u)s'(v)> of activations without closed forms (gelu, swish,
// sigmoid, tanh, sin), by the nested 2-D quadrature of pairMoments, against a Monte Carlo with
// its standard error; and trainingKernels for every activation (finite, symmetric, PSD-looking).
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, makeActivation } from '../../../src/theory/activations.ts';
import { pairMoments } from '../../../src/theory/moments.ts';
import { trainingKernels } from '../../../src/theory/training.ts';
import { fillNormals } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

const SAMPLES = 200_000;
const x = new Float64Array(SAMPLES);
const y = new Float64Array(SAMPLES);
fillNormals(11, 0, Purpose.Weight, 1, 0, x);
fillNormals(11, 0, Purpose.Weight, 1, 1, y);

function monteCarlo(f: (t: number) => number, kaa: number, kab: number, kbb: number) {
  const c = kab / Math.sqrt(kaa * kbb);
  const s = Math.sqrt(1 - c * c);
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const v = f(Math.sqrt(kaa) * x[i]) * f(Math.sqrt(kbb) * (c * x[i] + s * y[i]));
    m += v;
    m2 += v * v;
  }
  m /= SAMPLES;
  return { mean: m, se: Math.sqrt((m2 / SAMPLES - m * m) / SAMPLES) };
}

describe('pair moments without closed forms', () => {
  for (const name of ['gelu', 'swish', 'sigmoid', 'tanh', 'sin'] as const) {
    it(`${name}: quadrature within 4 SE of a Monte Carlo, for positive and negative correlation`, () => {
      const act = makeActivation(name);
      for (const [kaa, kab, kbb] of [
        [0.8, 0.5, 1.3],
        [1.5, -0.9, 0.9],
      ]) {
        const q = pairMoments(act, kaa, kab, kbb);
        const ss = monteCarlo(act.f, kaa, kab, kbb);
        const dd = monteCarlo(act.df, kaa, kab, kbb);
        expect(Math.abs(q.ss - ss.mean)).toBeLessThan(4 * ss.se);
        expect(Math.abs(q.dd - dd.mean)).toBeLessThan(4 * dd.se);
      }
    });
  }

  it('trainingKernels works for every activation', () => {
    const xs = [
      [1, 0],
      [0.6, 0.8],
      [-0.8, 0.6],
    ];
    for (const name of ACTIVATION_NAMES) {
      const k = trainingKernels(makeActivation(name), xs, [[0, 1]], 3, { cw: 1.5, cb: 0.1 });
      for (const m of [k.K, k.Theta]) {
        expect(m.flat().every(Number.isFinite)).toBe(true);
        m.forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(m[b][a], 12)));
        m.forEach((row, a) => expect(row[a]).toBeGreaterThan(0));
      }
    }
  });
});
