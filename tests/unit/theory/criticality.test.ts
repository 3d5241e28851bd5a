import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, makeActivation } from '../../../src/theory/activations.ts';
import {
  chiPar,
  chiPerp,
  correlationMap,
  criticalPoint,
  depthScales,
  fixedPointKernel,
  orderChaosBoundary,
} from '../../../src/theory/criticality.ts';
import { kernelSequence, nextKernel } from '../../../src/theory/kernels.ts';
import { singleMoments } from '../../../src/theory/moments.ts';

describe('critical points', () => {
  it('closed-form classes', () => {
    expect(criticalPoint(makeActivation('linear'))).toMatchObject({
      cw: 1,
      cb: 0,
      universality: 'scale-invariant',
    });
    expect(criticalPoint(makeActivation('relu'))).toMatchObject({
      cw: 2,
      cb: 0,
      universality: 'scale-invariant',
    });
    const a = 0.3;
    const leaky = criticalPoint(makeActivation('leaky-relu', a));
    expect(leaky?.cw).toBeCloseTo(2 / (1 + a * a), 15);
    expect(criticalPoint(makeActivation('tanh'))).toEqual({
      cw: 1,
      cb: 0,
      kStar: 0,
      universality: 'k-star-zero',
      dropout: 0,
    });
    expect(criticalPoint(makeActivation('sin'))).toEqual({
      cw: 1,
      cb: 0,
      kStar: 0,
      universality: 'k-star-zero',
      dropout: 0,
    });
    const erfPoint = criticalPoint(makeActivation('erf'));
    expect(erfPoint?.universality).toBe('k-star-zero');
    expect(erfPoint?.cw).toBeCloseTo(Math.PI / 4, 14);
    expect(criticalPoint(makeActivation('sigmoid'))).toBeNull();
  });

  it('every critical point satisfies chi_par = chi_perp = 1 at its fixed point K* (residuals < 1e-9)', () => {
    for (const name of ACTIVATION_NAMES) {
      const act = makeActivation(name);
      const cp = criticalPoint(act);
      if (!cp) continue;
      const o = { cw: cp.cw, cb: cp.cb };
      // Scale-invariant: every K is fixed; check at a few.
      const Ks = cp.universality === 'scale-invariant' ? [0.1, 1, 30] : [cp.kStar];
      for (const K of Ks) {
        expect(Math.abs(nextKernel(act, K, o) - K)).toBeLessThan(1e-9 * Math.max(K, 1));
        expect(Math.abs(chiPar(act, K, o) - 1)).toBeLessThan(1e-9);
        expect(Math.abs(chiPerp(act, K, o) - 1)).toBeLessThan(1e-9);
      }
      expect(cp.cb).toBeGreaterThanOrEqual(0);
    }
  });

  it('with dropout p the critical C_W is (1 - p) times the one without (ReLU: 2(1 - p)), and chi_par = chi_perp = 1 there', () => {
    expect(criticalPoint(makeActivation('relu'), 0.5)).toMatchObject({ cw: 1, cb: 0, dropout: 0.5 });
    expect(criticalPoint(makeActivation('relu'), 0.25)?.cw).toBeCloseTo(1.5, 15);
    expect(criticalPoint(makeActivation('sigmoid'), 0.3)).toBeNull();
    expect(() => criticalPoint(makeActivation('relu'), 1)).toThrow(RangeError);
    for (const p of [0.1, 0.5, 0.8]) {
      for (const name of ACTIVATION_NAMES) {
        const act = makeActivation(name);
        const cp = criticalPoint(act, p);
        if (!cp) continue;
        expect(cp.cw).toBeCloseTo((1 - p) * criticalPoint(act)!.cw, 14);
        const o = { cw: cp.cw, cb: cp.cb, dropout: p };
        const Ks = cp.universality === 'scale-invariant' ? [0.1, 1, 30] : [cp.kStar];
        for (const K of Ks) {
          expect(Math.abs(nextKernel(act, K, o) - K)).toBeLessThan(1e-9 * Math.max(K, 1));
          expect(Math.abs(chiPar(act, K, o) - 1)).toBeLessThan(1e-9);
          expect(Math.abs(chiPerp(act, K, o) - 1)).toBeLessThan(1e-9);
        }
      }
    }
    // The recursion at C_W = 2(1 - p): the mean kernel stays at K_1 = C_W q0 through depth.
    const K = kernelSequence(makeActivation('relu'), 1, 30, { cw: 2 * 0.6, cb: 0, dropout: 0.4 });
    for (const k of K) expect(k).toBeCloseTo(1.2, 12);
  });

  it('GELU and SWISH: nonzero K* where <sigma sigma2> = 0, with C_b > 0', () => {
    for (const name of ['gelu', 'swish'] as const) {
      const act = makeActivation(name);
      const cp = criticalPoint(act);
      expect(cp?.universality).toBe('nonzero-k-star');
      if (!cp) continue;
      expect(cp.kStar).toBeGreaterThan(0.5);
      expect(Math.abs(singleMoments(act, cp.kStar).sdd)).toBeLessThan(1e-12);
      expect(cp.cb).toBeGreaterThan(0);
    }
    // PDLT quotes K* ~ 14.32 for SWISH: recomputed here, not pasted.
    expect(criticalPoint(makeActivation('swish'))?.kStar).toBeCloseTo(14.32, 2);
  });

  it('sigmoid has no critical point: <sigma sigma2> keeps one sign on 1e-4 < K < 1e4', () => {
    const act = makeActivation('sigmoid');
    const signs = new Set<number>();
    for (let e = -4; e <= 4; e += 0.5) signs.add(Math.sign(singleMoments(act, 10 ** e).sdd));
    expect(signs.size).toBe(1);
  });

  it('tanh at criticality: 1/K_l = 2l - (5/6) ln l + O(1), so 2 l K_l -> 1 with an O(ln l / l) correction', () => {
    // From <tanh^2>_K = K - 2K^2 + (17/3) K^3 + ...: 1/K_{l+1} = 1/K_l + 2 - (5/3)K_l + O(K^2),
    // hence 1/K_l = 2l - (5/6) ln l + const + o(1).
    const K = kernelSequence(makeActivation('tanh'), 1, 4000, { cw: 1, cb: 0 });
    for (const l of [100, 1000, 4000]) {
      expect(Math.abs(2 * l * K[l - 1] - 1)).toBeLessThan((Math.log(l) + 2) / l);
    }
    const D = (l: number): number => 1 / K[l - 1] - 2 * l + (5 / 6) * Math.log(l);
    // The remainder of D converges: next correction O(ln l / l).
    expect(Math.abs(D(4000) - D(1000))).toBeLessThan((3 * Math.log(1000)) / 1000);
    expect(Math.abs(D(1000) - D(100))).toBeGreaterThan(Math.abs(D(4000) - D(1000)));
  });
});

describe('order / chaos', () => {
  it('ReLU correlation map: c -> (sqrt(1 - c^2) + (pi - arccos c) c) / pi at criticality', () => {
    const relu = makeActivation('relu');
    for (const c of [-0.9, -0.2, 0, 0.3, 0.8, 0.99]) {
      const exact = (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
      expect(correlationMap(relu, 2, 0, 1.7, c)).toBeCloseTo(exact, 14);
    }
  });

  it('tanh: the chi_perp(q*) = 1 line passes through (C_b, C_W) = (0, 1) and rises with C_b', () => {
    const tanh = makeActivation('tanh');
    const w0 = orderChaosBoundary(tanh, 0);
    expect(w0).not.toBeNull();
    expect(Math.abs((w0 as number) - 1)).toBeLessThan(1e-6);
    let prev = w0 as number;
    for (const cb of [0.02, 0.05, 0.1, 0.3]) {
      const w = orderChaosBoundary(tanh, cb) as number;
      expect(w).toBeGreaterThan(prev);
      // On the line: chi_perp at that (C_b, C_W)'s fixed point is 1.
      const q = fixedPointKernel(tanh, w, cb);
      expect(Math.abs(chiPerp(tanh, q, { cw: w, cb }) - 1)).toBeLessThan(1e-9);
      prev = w;
    }
  });

  it('erf: the line passes through (0, pi/4); relu: C_W = 2(1 - p) for every C_b', () => {
    expect(Math.abs((orderChaosBoundary(makeActivation('erf'), 0) as number) - Math.PI / 4)).toBeLessThan(
      1e-6,
    );
    expect(orderChaosBoundary(makeActivation('relu'), 0.3, { dropout: 0.25 })).toBeCloseTo(1.5, 14);
  });

  it('correlation fixed point: 1 in the ordered phase, < 1 and a fixed point of the map in the chaotic one', () => {
    const tanh = makeActivation('tanh');
    const ordered = depthScales(tanh, 1.2, 0.1);
    expect(ordered.cStar).toBe(1);
    expect(ordered.chiPerp).toBeLessThan(1);
    expect(ordered.xiC).toBeCloseTo(-1 / Math.log(ordered.chiPerp), 12);
    const chaotic = depthScales(tanh, 3, 0.1);
    expect(chaotic.chiPerp).toBeGreaterThan(1);
    expect(chaotic.cStar).toBeLessThan(1);
    expect(Math.abs(correlationMap(tanh, 3, 0.1, chaotic.qStar, chaotic.cStar) - chaotic.cStar)).toBeLessThan(
      1e-10,
    );
    // The chaotic fixed point is stable: chi_c < 1 there, so its depth scale is finite.
    expect(chaotic.chiC).toBeLessThan(1);
    expect(Number.isFinite(chaotic.xiC)).toBe(true);
    // Fixed point of the variance map.
    expect(Math.abs(nextKernel(tanh, chaotic.qStar, { cw: 3, cb: 0.1 }) - chaotic.qStar)).toBeLessThan(1e-12);
  });

  it('fixed point edge cases: K* = 0 below criticality, unbounded growth for chaotic ReLU', () => {
    expect(fixedPointKernel(makeActivation('tanh'), 0.9, 0)).toBe(0);
    expect(fixedPointKernel(makeActivation('relu'), 2.5, 0.1)).toBe(Infinity);
    // ReLU with bias below criticality: q* = C_b / (1 - C_W/2).
    expect(fixedPointKernel(makeActivation('relu'), 1.5, 0.2)).toBeCloseTo(0.2 / (1 - 0.75), 12);
  });
});

describe('fast paths for phase diagrams', () => {
  it('fast q* and correlation map agree with the accurate ones for tanh at moderate q', () => {
    const tanh = makeActivation('tanh');
    for (const [cw, cb] of [
      [1.5, 0.05],
      [2.5, 0.2],
    ]) {
      const q = fixedPointKernel(tanh, cw, cb);
      const qFast = fixedPointKernel(tanh, cw, cb, { fast: true });
      // Gauss-Hermite 64 on <tanh^2> at q <= 1: ~1e-8 relative (quadrature tests' table).
      expect(Math.abs(qFast - q)).toBeLessThan(1e-6 * q);
      for (const c of [0.2, 0.8, 0.99]) {
        const exact = correlationMap(tanh, cw, cb, q, c);
        // Order-32 tensor Gauss-Hermite: about 1e-5 of <sigma^2> for q ~ 1 (documented).
        expect(Math.abs(correlationMap(tanh, cw, cb, q, c, { fast: true }) - exact)).toBeLessThan(3e-5);
      }
    }
  });
});
