/**
 * The order/chaos phase diagram (THEORY sec. 3) on a grid of (C_b, C_W): for two inputs of
 * the same norm q0 and correlation rho, the infinite-width correlation c_L after L layers, and
 * the perpendicular susceptibility chi_perp at the single-input fixed point q* (chaotic where
 * > 1), with the critical line chi_perp(q*) = 1 per C_b row. What a heat map draws; fast
 * enough for a slider (Gauss-Hermite for smooth activations, closed forms for ReLU-like and
 * erf), and checked against the slow adaptive recursion in tests.
 */
import type { Activation } from './activations.ts';
import { chiPerp, fixedPointKernel, orderChaosBoundary } from './criticality.ts';
import { effectiveCw } from './kernels.ts';
import { linearSlope, pairMoments, singleMoments } from './moments.ts';
import { gaussHermiteExpectation, gaussHermitePairExpectation } from './quadrature.ts';

export interface PhaseDiagramInput {
  readonly activation: Activation;
  readonly cbValues: readonly number[];
  readonly cwValues: readonly number[];
  /** L: c_L is the correlation of the layer-L preactivations (c_1 = (C_b + C_W rho q0)/(C_b + C_W q0)). */
  readonly depth: number;
  readonly rho: number;
  /** |x|^2 / n0 of both inputs (default 1). */
  readonly q0?: number;
  readonly dropout?: number;
}

export interface PhaseDiagram {
  readonly cb: readonly number[];
  readonly cw: readonly number[];
  /** c_L at [i * cw.length + j] for (cb[i], cw[j]); NaN where the kernel overflows. */
  readonly correlation: Float64Array;
  /** chi_perp(q*) at [i * cw.length + j]: < 1 ordered, > 1 chaotic. */
  readonly chiPerp: Float64Array;
  /** The critical C_W (chi_perp(q*) = 1) of each C_b row, null where none lies in (0.01, 100]. */
  readonly boundary: (number | null)[];
}

/** <sigma(u) sigma(v)> and <sigma^2> for (u, v) of variance q and correlation c. */
function moments(act: Activation, q: number, c: number): { ss: number; s2: number } {
  if (linearSlope(act) !== null || act.name === 'erf') {
    return { ss: pairMoments(act, q, c * q, q).ss, s2: singleMoments(act, q).s2 };
  }
  return {
    ss: gaussHermitePairExpectation(act.f, act.f, q, c * q, q, 48),
    s2: gaussHermiteExpectation((z) => act.f(z) ** 2, q, 160),
  };
}

/** c_1..c_L and q_1..q_L of the two-input recursion (same norms), fast quadrature. */
export function correlationFlow(
  act: Activation,
  cw: number,
  cb: number,
  depth: number,
  rho: number,
  q0 = 1,
  dropout = 0,
): { q: Float64Array; c: Float64Array } {
  const cwEff = effectiveCw({ cw, cb, dropout });
  const q = new Float64Array(depth);
  const c = new Float64Array(depth);
  q[0] = cb + cw * q0;
  c[0] = q[0] > 0 ? (cb + cw * rho * q0) / q[0] : 1;
  for (let l = 1; l < depth; l++) {
    if (!Number.isFinite(q[l - 1])) {
      q[l] = c[l] = NaN;
      continue;
    }
    const m = moments(act, q[l - 1], c[l - 1]);
    q[l] = cb + cwEff * m.s2;
    c[l] = q[l] > 0 ? Math.max(-1, Math.min(1, (cb + cwEff * m.ss) / q[l])) : 1;
  }
  return { q, c };
}

export function phaseDiagram(input: PhaseDiagramInput): PhaseDiagram {
  const { activation: act, cbValues, cwValues, depth, rho } = input;
  const q0 = input.q0 ?? 1;
  const dropout = input.dropout ?? 0;
  const nw = cwValues.length;
  const correlation = new Float64Array(cbValues.length * nw);
  const chi = new Float64Array(cbValues.length * nw);
  cbValues.forEach((cb, i) => {
    cwValues.forEach((cw, j) => {
      correlation[i * nw + j] = correlationFlow(act, cw, cb, depth, rho, q0, dropout).c[depth - 1];
      const qStar = fixedPointKernel(act, cw, cb, { dropout, fast: true });
      chi[i * nw + j] = Number.isFinite(qStar) ? chiPerp(act, qStar, { cw, cb, dropout }) : NaN;
    });
  });
  const boundary = cbValues.map((cb) => orderChaosBoundary(act, cb, { dropout, fast: true }));
  return { cb: [...cbValues], cw: [...cwValues], correlation, chiPerp: chi, boundary };
}
