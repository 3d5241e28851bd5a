import { describe, expect, it } from 'vitest';
import { makeActivation } from '../../../src/theory/activations.ts';
import { correlationFlow, phaseDiagram } from '../../../src/theory/phase-diagram.ts';
import { kernelMatrixSequence } from '../../../src/theory/kernels.ts';

const reluMap = (c: number) => (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;

describe('phase diagram of the correlation flow', () => {
  it('ReLU without bias: c_L is the arc-cosine map iterated, whatever C_W; the boundary is C_W = 2', () => {
    const d = phaseDiagram({
      activation: makeActivation('relu'),
      cbValues: [0],
      cwValues: [1, 2, 3],
      depth: 5,
      rho: 0.1,
    });
    let c = 0.1;
    for (let l = 1; l < 5; l++) c = reluMap(c);
    for (let j = 0; j < 3; j++) expect(d.correlation[j]).toBeCloseTo(c, 12);
    expect(d.boundary[0]).toBe(2);
  });

  it('tanh: the fast flow equals the adaptive kernel recursion, and chi_perp(q*) crosses 1 at (0, 1)', () => {
    const tanh = makeActivation('tanh');
    for (const [cw, cb] of [
      [1.5, 0.1],
      [3, 0.3],
    ]) {
      const fast = correlationFlow(tanh, cw, cb, 5, 0.4);
      const K = kernelMatrixSequence(
        tanh,
        [
          [1, 0.4],
          [0.4, 1],
        ],
        5,
        { cw, cb },
      );
      // A 48 x 48 Gauss-Hermite rule (tanh has poles at i pi/2, so it converges slowly at large
      // q) is good to about 1e-5 here: ample for a heat map.
      for (let l = 0; l < 5; l++) {
        expect(fast.q[l]).toBeCloseTo(K[l][0][0], 6);
        expect(Math.abs(fast.c[l] - K[l][0][1] / K[l][0][0])).toBeLessThan(3e-5);
      }
    }
    const d = phaseDiagram({
      activation: tanh,
      cbValues: [0, 0.05, 0.3],
      cwValues: [0.8, 1.5, 4],
      depth: 30,
      rho: 0.5,
    });
    expect(d.boundary[0]).toBeCloseTo(1, 6);
    // The critical line rises with C_b.
    expect(d.boundary[1]!).toBeGreaterThan(1);
    expect(d.boundary[2]!).toBeGreaterThan(d.boundary[1]!);
    // Ordered (chi_perp < 1) below the line: c_L -> 1; chaotic above: c_L well below 1.
    expect(d.chiPerp[0]).toBeLessThan(1);
    expect(d.chiPerp[2]).toBeGreaterThan(1);
    expect(d.correlation[2 * 3 + 0]).toBeGreaterThan(0.99); // cb 0.3, cw 0.8: ordered
    expect(d.correlation[1 * 3 + 2]).toBeLessThan(0.5); // cb 0.05, cw 4: chaotic
  });

  it('erf: the boundary passes through (0, pi/4); a 12 x 12 tanh grid of depth 20 takes well under 3 s (slider speed)', () => {
    const d = phaseDiagram({
      activation: makeActivation('erf'),
      cbValues: [0],
      cwValues: [1],
      depth: 3,
      rho: 0.5,
    });
    expect(d.boundary[0]).toBeCloseTo(Math.PI / 4, 6);
    const values = Array.from({ length: 12 }, (_, i) => 0.25 + (i * 3.75) / 11);
    const grid = phaseDiagram({
      activation: makeActivation('tanh'),
      cbValues: values.map((v) => v / 4),
      cwValues: values,
      depth: 20,
      rho: 0.5,
    });
    // Its time is measured by the bench (bench/theory-bench.ts); here, every correlation is one.
    for (const c of grid.correlation) {
      expect(c).toBeGreaterThanOrEqual(-1 - 1e-12);
      expect(c).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});
