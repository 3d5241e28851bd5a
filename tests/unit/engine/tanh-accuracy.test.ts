/**
 * The WebAssembly tanh (wasm/kernels.wat: a Pade [7/7] exponential after a ln2 reduction) is
 * within 3 ulp of Math.tanh (V8's fdlibm port, itself within ~2 ulp of the exact value) on a
 * dense grid of over two million points, keeps signs, zeros, infinities and NaN, and returns
 * the sum of the squares of exactly the values it was asked for.
 */
import { describe, expect, it } from 'vitest';
import { normalSource } from '../../../src/engine/cpu/normal-source.ts';

const bits = new Float64Array(2);
const words = new Uint32Array(bits.buffer);

/** Distance in representable doubles between two finite values of one sign (Infinity otherwise). */
function ulpDistance(got: number, want: number): number {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  if (Object.is(got, want)) return 0;
  if (Math.sign(got) !== Math.sign(want) || Object.is(got, -0) || Object.is(want, -0)) return Infinity;
  bits[0] = Math.abs(got);
  bits[1] = Math.abs(want);
  // Same sign: the bit patterns are ordered like the values; (hi, lo) words give the exact gap.
  return Math.abs((words[1] - words[3]) * 2 ** 32 + (words[0] - words[2]));
}

/** Max ulp distance of source.tanh(scale x) from Math.tanh(scale x) over xs, in chunks. */
function worstUlp(xs: Float64Array, scale: number): { worst: number; at: number } {
  const source = normalSource();
  const chunk = 1 << 16;
  const buf = source.buffer(chunk + 2);
  let worst = 0;
  let at = NaN;
  for (let start = 0; start < xs.length; start += chunk) {
    const count = Math.min(chunk, xs.length - start);
    buf.set(xs.subarray(start, start + count), 0);
    source.tanh!(0, count, scale);
    for (let i = 0; i < count; i++) {
      const x = xs[start + i];
      const d = ulpDistance(buf[i], Math.tanh(scale * x));
      if (d > worst) {
        worst = d;
        at = x;
      }
    }
  }
  return { worst, at };
}

function grid(): Float64Array {
  const xs: number[] = [
    0, 5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 1e-300, 1e-160, 1e-20,
  ];
  xs.push(22, 22 - 2 ** -48, 22 + 2 ** -48, 21.5, 30, 700, 1e300, Number.MAX_VALUE, Infinity, NaN);
  const m = 600_000;
  for (let i = 0; i < m; i++) xs.push((i / m) * 23); // uniform on [0, 23)
  for (let i = 0; i < m; i++) xs.push(Math.exp(-745 + (i / m) * 748)); // log-uniform from denormals to 20
  // Either side of the reduction's steps, where k = ceil(-2a / ln2) changes (a = k ln2 / 2).
  for (let k = 1; k <= 64; k++)
    for (let d = -300; d <= 300; d++) xs.push((k * Math.LN2) / 2 + d * 2 ** -50 * k);
  const n = xs.length;
  const all = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    all[i] = xs[i];
    all[n + i] = -xs[i];
  }
  return all;
}

describe('WebAssembly tanh accuracy', () => {
  const xs = grid();

  it('is within 3 ulp of Math.tanh on over two million points, both signs, denormals to infinity', () => {
    expect(xs.length).toBeGreaterThan(2_000_000);
    const { worst, at } = worstUlp(xs, 1);
    expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(3);
    // Rounding differences do show on this grid (the comparison is not of a value with itself).
    expect(worst).toBeGreaterThanOrEqual(1);
  });

  it('applies the scale before tanh', () => {
    expect(worstUlp(xs.subarray(0, 400_000), 1.7).worst).toBeLessThanOrEqual(3);
    expect(worstUlp(xs.subarray(0, 400_000), 0.3).worst).toBeLessThanOrEqual(3);
  });

  it('keeps zeros, signs, tiny values, saturation, infinities and NaN exactly', () => {
    const source = normalSource();
    const cases: [number, number][] = [
      [0, 0],
      [-0, -0],
      [5e-324, 5e-324],
      [-5e-324, -5e-324],
      [2.2250738585072014e-308, 2.2250738585072014e-308],
      [-1e-200, -1e-200],
      [1e-9, Math.tanh(1e-9)],
      [22, 1],
      [-22, -1],
      [40, 1],
      [Infinity, 1],
      [-Infinity, -1],
      [NaN, NaN],
    ];
    const buf = source.buffer(cases.length + 2);
    cases.forEach(([x], i) => (buf[i] = x));
    source.tanh!(0, cases.length);
    cases.forEach(([x, want], i) =>
      expect(Object.is(buf[i], want), `tanh(${x}) = ${buf[i]}, want ${want}`).toBe(true),
    );
  });

  it('returns the sum of the squares of the count results only, for odd and even counts', () => {
    const source = normalSource();
    for (const count of [0, 1, 2, 3, 7, 1024, 1025]) {
      const buf = source.buffer(count + 4);
      for (let i = 0; i < count + 2; i++) buf[i] = Math.sin(i * 1.37) * 3;
      buf[count] = 1e6; // the value after count may be rewritten but must not be counted
      const sum = source.tanh!(0, count, 0.9);
      let want = 0;
      for (let i = 0; i < count; i++) want += buf[i] * buf[i];
      expect(Math.abs(sum - want)).toBeLessThanOrEqual(1e-14 * Math.max(1, want));
      if (count === 0) expect(sum).toBe(0);
    }
  });
});
