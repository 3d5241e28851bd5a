// A wide explicit network can take seconds: progress must move within it (after each hidden
// layer), never go backwards, end at the total, and not change a single value.
import { describe, expect, it } from 'vitest';
import { collect } from '../../../src/engine/index.ts';
import { ExplicitCpuEngine } from '../../../src/engine/cpu/explicit-cpu.ts';
import { resolveSpec } from '../../../src/engine/spec.ts';

describe('progress within a chunk (explicit CPU engine, this thread)', () => {
  it('reports after every hidden layer, in order, with fractional networks done', async () => {
    const engine = new ExplicitCpuEngine();
    const spec = resolveSpec({ activation: 'tanh', width: 24, depth: 5, networks: 6, seed: 3 });
    const seen: number[] = [];
    const chunks: number[] = [];
    for await (const c of engine.run(spec, {
      threads: 1,
      chunkNetworks: 3,
      onProgress: (d, t) => (expect(t).toBe(6), seen.push(d)),
    }))
      chunks.push(c.count);
    expect(chunks).toEqual([3, 3]);
    // Per network: layers 1..4 of 5 (0.2 .. 0.8), then each chunk's end.
    const perNetwork = (i: number) => [1, 2, 3, 4].map((l) => i + l / 5);
    const expected = [...[0, 1, 2].flatMap(perNetwork), 3, ...[3, 4, 5].flatMap(perNetwork), 6];
    expect(seen.length).toBe(expected.length);
    seen.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 12));
  });

  it('leaves the values as they are', async () => {
    const spec = resolveSpec({ activation: 'relu', width: 16, depth: 4, networks: 5, seed: 9, dropout: 0.1 });
    const plain = await collect(new ExplicitCpuEngine(), spec, { threads: 1 });
    let ticks = 0;
    const watched = await collect(new ExplicitCpuEngine(), spec, { threads: 1, onProgress: () => ticks++ });
    expect(ticks).toBeGreaterThan(5);
    expect(Array.from(watched.outputs)).toEqual(Array.from(plain.outputs));
    expect(Array.from(watched.gram)).toEqual(Array.from(plain.gram));
  });
});
