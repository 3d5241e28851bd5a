/**
 * The depth and two-inputs models against exact results: ReLU, no bias, W ~ N(0, c/n): the mean of
 * |z_l|^2/n_l is c (c/2)^(l-1) at any width; layer norm pins it (K_l exact at any width for
 * ReLU with layer norm); the measured two-input correlation follows the kernel recursion up to
 * SE + O(1/n); the phase diagram's rows equal theory's phaseDiagram.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src/engine/index.ts';
import { makeActivation } from '../../../../src/theory/activations.ts';
import { phaseDiagram } from '../../../../src/theory/phase-diagram.ts';
import { DEPTH_DEFAULTS, type DepthState } from '../../../../src/experiments/depth-criticality/state.ts';
import { TWO_INPUTS_DEFAULTS } from '../../../../src/experiments/two-inputs/state.ts';
import { runDepth, type DepthSnapshot } from '../../../../src/experiments/depth-criticality/model.ts';
import { phaseDiagramRows, phaseGrid, runTwoInputs } from '../../../../src/experiments/two-inputs/model.ts';

const engines = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');

async function depth(patch: Partial<DepthState>): Promise<DepthSnapshot> {
  const snaps: DepthSnapshot[] = [];
  const final = await runDepth(
    { ...DEPTH_DEFAULTS, width: 16, depth: 6, networks: 3000, ...patch },
    engines,
    (s) => snaps.push(s),
  );
  expect(snaps.at(-1)).toBe(final);
  expect(final.networks).toBe(final.layers.length > 0 ? (patch.networks ?? 3000) : 0);
  return final;
}

describe('depth & criticality model', () => {
  for (const c of [1, 2, 3]) {
    it(`ReLU c = ${c}: mean |z_l|^2/n_l = c (c/2)^(l-1) within 4 SE, and the theory line says the same`, async () => {
      const s = await depth({ cw: c, seed: 10 + c });
      expect(s.layers).toHaveLength(6);
      for (const l of s.layers) {
        const exact = c * (c / 2) ** (l.layer - 1);
        expect(s.theory[l.layer - 1].K).toBeCloseTo(exact, 10);
        expect(Math.abs(l.norm.mean - exact)).toBeLessThan(4 * l.norm.meanSE);
        expect(l.norm.q10).toBeLessThanOrEqual(l.norm.median);
        expect(l.norm.median).toBeLessThanOrEqual(l.norm.q90);
        expect(l.gradient).toBeNull();
      }
    });
  }

  it('c = 2: the median falls below the mean with depth as the exact log-norm law says', async () => {
    const s = await depth({ cw: 2, seed: 5, depth: 12 });
    const last = s.layers[10]; // last hidden layer
    const t = s.theory[10];
    expect(t.typical).not.toBeNull();
    expect(t.typical!).toBeLessThan(0.9);
    // The median lies well below the mean 1 (its SE is about 1.25 sigma/sqrt(M) in log scale).
    expect(last.norm.median).toBeLessThan(0.9);
    const seLog = (1.2533 * Math.sqrt(t.logVariance!)) / Math.sqrt(3000);
    expect(Math.abs(Math.log(last.norm.median) - Math.log(t.typical!))).toBeLessThan(4 * seLog + 0.02);
  });

  it('layer norm pins the norm at c = 3: measured means flat and equal to K_l', async () => {
    const s = await depth({ cw: 3, norm: 'layer', seed: 3 });
    for (const l of s.layers.slice(1)) {
      expect(s.theory[l.layer - 1].K).toBeCloseTo(s.theory[1].K, 12);
      expect(Math.abs(l.norm.mean - s.theory[l.layer - 1].K)).toBeLessThan(4 * l.norm.meanSE);
    }
    expect(s.layers[5].norm.mean / s.layers[1].norm.mean).toBeLessThan(1.2);
  });

  it('dropout p (inverted scaling): the ReLU mean grows as 2 (1/(1-p))^(l-1) at C_W = 2, and C_W = 2(1-p) is critical', async () => {
    const p = 0.2;
    const s = await depth({ cw: 2, dropout: p, seed: 6 });
    for (const l of s.layers) {
      const exact = 2 / (1 - p) ** (l.layer - 1);
      expect(s.theory[l.layer - 1].K).toBeCloseTo(exact, 8);
      expect(Math.abs(l.norm.mean - exact)).toBeLessThan(4 * l.norm.meanSE);
    }
    const critical = await depth({ cw: 2 * (1 - p), dropout: p, seed: 7 });
    for (const t of critical.theory.slice(0, -1)) expect(t.chiPerp).toBeCloseTo(1, 8);
  });

  it('explicit engine: gradient norms per layer, and the same norm means', async () => {
    const s = await depth({ cw: 2, engine: 'explicit', width: 8, depth: 4, networks: 1500, seed: 2 });
    for (const l of s.layers) {
      expect(l.gradient).not.toBeNull();
      expect(l.gradient!.mean).toBeGreaterThan(0);
      expect(Math.abs(l.norm.mean - 2)).toBeLessThan(4 * l.norm.meanSE);
    }
  });

  it("compare: the lecture's three ensembles (c = 1, 2, 3) at the same width and depth, means exact within 4 SE", async () => {
    const s = await depth({ cw: 2, compare: true, seed: 8 });
    expect(s.lecture!.map((l) => l.c)).toEqual([1, 2, 3]);
    expect(s.progress).toBe(1);
    for (const curve of s.lecture!) {
      expect(curve.networks).toBe(3000);
      expect(curve.layers).toHaveLength(5); // hidden layers
      for (const l of curve.layers)
        expect(Math.abs(l.mean - curve.c * (curve.c / 2) ** (l.layer - 1))).toBeLessThan(4 * l.meanSE);
    }
    // The main run (ReLU, C_W = 2, exact) is reused for c = 2.
    expect(s.lecture![1].layers.map((l) => l.mean)).toEqual(s.layers.slice(0, 5).map((l) => l.norm.mean));
    // Not compared: no lecture curves.
    expect((await depth({ cw: 2, networks: 200 })).lecture).toBeNull();
  });

  it('an aborted run rejects with AbortError', async () => {
    const c = new AbortController();
    c.abort();
    await expect(runDepth(DEPTH_DEFAULTS, engines, () => {}, c.signal)).rejects.toThrow(/cancelled/);
  });
});

describe('two inputs model', () => {
  for (const [activation, cw, cb] of [
    ['relu', 2, 0],
    ['tanh', 2, 0.05],
  ] as const) {
    it(`${activation}: measured correlation per hidden layer = kernel recursion within 4 SE + 3/n`, async () => {
      const n = 256;
      const s = await runTwoInputs(
        { ...TWO_INPUTS_DEFAULTS, activation, cw, cb, width: n, depth: 6, networks: 400, rho: 0.5, seed: 4 },
        engines,
        () => {},
      );
      expect(s.measured).toHaveLength(5);
      expect(s.theory).toHaveLength(6);
      expect(s.theory[0]).toBeCloseTo((cb + cw * 0.5) / (cb + cw), 12);
      for (const l of s.measured)
        expect(Math.abs(l.mean - s.theory[l.layer - 1])).toBeLessThan(4 * l.meanSE + 3 / n);
    });
  }

  it('phase diagram rows equal theory.phaseDiagram, and tanh critical C_W at C_b = 0 is 1', async () => {
    const g = { ...phaseGrid({ activation: 'tanh', depth: 10, rho: 0.3 }, 6) };
    let last;
    for await (const part of phaseDiagramRows(g)) last = part;
    expect(last!.rows).toBe(6);
    const ref = phaseDiagram({
      activation: makeActivation('tanh'),
      cbValues: g.cb,
      cwValues: g.cw,
      depth: 10,
      rho: 0.3,
    });
    expect(last!.correlation).toEqual(Array.from(ref.correlation));
    expect(last!.boundary[0]!).toBeCloseTo(1, 5);
  });

  it('an aborted phase diagram resumes from its last row and ends equal to an uninterrupted one', async () => {
    const g = phaseGrid({ activation: 'erf', depth: 6, rho: 0.2 }, 5);
    const c = new AbortController();
    let partial = null;
    await expect(
      (async () => {
        for await (const part of phaseDiagramRows(g, c.signal)) {
          partial = part;
          if (part.rows === 2) c.abort();
        }
      })(),
    ).rejects.toThrow(/cancelled/);
    expect(partial!.rows).toBe(2);
    const rows: number[] = [];
    let resumed = null;
    for await (const part of phaseDiagramRows(g, undefined, partial)) {
      rows.push(part.rows);
      resumed = part;
    }
    expect(rows).toEqual([3, 4, 5]);
    let whole = null;
    for await (const part of phaseDiagramRows(g)) whole = part;
    expect(resumed).toEqual(whole);
  });
});
