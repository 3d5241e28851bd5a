/**
 * The WebAssembly normal generator gives the normals of the same addresses as the reference
 * fillNormals (same Philox words, same Box-Muller pairing) to a few ulp, and the engines'
 * results do not depend on which source ran beyond rounding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fillNormals } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';
import { normalSource, useWasmNormals } from '../../../src/engine/cpu/normal-source.ts';
import { ExactCpuEngine, ExplicitCpuEngine, collect } from '../../../src/engine/index.ts';
import { runSpec } from './models.ts';

afterEach(() => useWasmNormals(true));

describe('WebAssembly normals', () => {
  it('is the source the engines use in Node', () => {
    expect(normalSource().name).toBe('wasm');
  });

  it('match fillNormals to a few ulp at many addresses, counts and offsets', () => {
    const source = normalSource();
    const reference = new Float64Array(5000);
    let worst = 0;
    let compared = 0;
    for (const [seed, net] of [
      [1, 0],
      [0xffffffff, 0x80000001],
      [123456789, 42],
    ]) {
      for (const purpose of [Purpose.Weight, Purpose.Bias, Purpose.Unit, Purpose.Output]) {
        for (const [count, offset] of [
          [1, 0],
          [3, 8],
          [1021, 4],
          [4096, 0],
        ]) {
          const buf = source.buffer(offset + count + 4);
          source.fill(seed, net, purpose, 7, 3 + count, count, offset);
          fillNormals(seed, net, purpose, 7, 3 + count, reference, count);
          for (let i = 0; i < count; i++) {
            worst = Math.max(
              worst,
              Math.abs(buf[offset + i] - reference[i]) / Math.max(1, Math.abs(reference[i])),
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(50_000);
    // Each of the two is within ~3e-15 of the exact Box-Muller value (|z| <= 6.7), whichever
    // elementary functions src/random uses: their difference stays well under 1e-14.
    expect(worst).toBeLessThan(1e-14);
  });

  it('tanh in place stays within a few ulp of Math.tanh, keeps signs, zeros, infinities and NaN', () => {
    const source = normalSource();
    expect(source.tanh).toBeDefined();
    const xs: number[] = [0, -0, Infinity, -Infinity, NaN, 0.125, -0.125, 1e300, -5e-324, 22, 30];
    for (let i = 0; i < 20_000; i++) {
      const u = Math.sin(i * 12.9898) * 43758.5453;
      xs.push((u - Math.floor(u) - 0.5) * [1e-9, 0.3, 4, 50][i % 4]);
    }
    const buf = source.buffer(xs.length + 16);
    buf.set(xs, 4);
    source.tanh!(4, xs.length);
    let worstUlp = 0;
    xs.forEach((x, i) => {
      const want = Math.tanh(x);
      const got = buf[4 + i];
      if (Number.isNaN(want) || want === 0) {
        expect(Object.is(got, want)).toBe(true);
        return;
      }
      worstUlp = Math.max(
        worstUlp,
        Math.abs(got - want) / Math.max(Math.abs(want) * Number.EPSILON, Number.MIN_VALUE),
      );
    });
    expect(worstUlp).toBeLessThan(8);
  });

  it('and the engines give the same networks from either source, to rounding', async () => {
    for (const engine of [new ExactCpuEngine(), new ExplicitCpuEngine()]) {
      const spec = runSpec({
        activation: 'tanh',
        widths: [32, 16],
        cw: 1.4,
        cb: 0.1,
        rho: 0.3,
        networks: 40,
      });
      const fast = await collect(engine, spec, { threads: 1 });
      useWasmNormals(false);
      expect(normalSource().name).toBe('js');
      const slow = await collect(engine, spec, { threads: 1 });
      useWasmNormals(true);
      for (let i = 0; i < fast.outputs.length; i++) expect(fast.outputs[i]).toBeCloseTo(slow.outputs[i], 12);
      for (let i = 0; i < fast.gram.length; i++) expect(fast.gram[i]).toBeCloseTo(slow.gram[i], 12);
      expect(fast.outputs).not.toEqual(new Float64Array(fast.outputs.length));
    }
  });
});
