/**
 * Everything the theory says about one model, as a plain JSON-able object: what
 * `widelab theory` prints and what `widelab simulate` shows beside its measurements.
 */
import type { Activation } from './activations.ts';
import { chiPar, chiPerp, criticalPoint, type CriticalPoint } from './criticality.ts';
import { exactSingleInput } from './exact.ts';
import {
  correlationOf,
  kernelMatrixSequence,
  kernelSequence,
  type LayerOptions,
  type Normalization,
} from './kernels.ts';
import { ntkMatrixSequence, ntkSequence } from './ntk.ts';
import { fourPointVertex } from './vertex.ts';

/** The fields of a model the theory needs (the engine's ModelSpec is assignable to it). */
export interface TheoryModel {
  readonly activation: Activation;
  /** n_1..n_{L-1}; depth L = hiddenWidths.length + 1; the output layer has width 1. */
  readonly hiddenWidths: readonly number[];
  readonly cw: number;
  readonly cb: number;
  /** k x k Gram matrix x_a.x_b / n0 of the inputs. */
  readonly inputGram: readonly (readonly number[])[];
  readonly normalization: Normalization;
  readonly dropout: number;
}

export interface LayerReport {
  /** l = 1..L. */
  readonly layer: number;
  /** n_l; the output layer L has width 1. */
  readonly width: number;
  /** K_l of input 0 (infinite width). */
  readonly K: number;
  readonly chiPar: number;
  readonly chiPerp: number;
  /** Four-point vertex V_l (null under normalization). */
  readonly V: number | null;
  /** 3 V_l / (n_{l-1} K_l^2): leading-order excess kurtosis of a layer-l preactivation (0 at l = 1). */
  readonly kurtosisLeading: number | null;
  /** Mean NTK Theta_l of input 0 (infinite width). */
  readonly ntk: number;
  /** k >= 2: the k x k kernel K_l. */
  readonly kernel?: number[][];
  /** k = 2: correlation c_l = K_l,01 / sqrt(K_l,00 K_l,11). */
  readonly correlation?: number;
  /** k >= 2: the k x k mean NTK Theta_l. */
  readonly ntkMatrix?: number[][];
}

export interface TheoryReport {
  readonly depth: number;
  readonly layers: LayerReport[];
  readonly output: {
    readonly K: number;
    readonly kurtosisLeading: number | null;
    /** Exact excess kurtosis (scale-invariant activations, one input, no normalization), else null. */
    readonly kurtosisExact: number | null;
    readonly varianceExact: number | null;
  };
  /** L / (harmonic mean of the hidden widths); 0 without hidden layers. */
  readonly depthToWidth: number;
  readonly leadingOrderReliable: boolean;
  /** Why the 1/n numbers should not be trusted (or are missing), else null. */
  readonly warning: string | null;
  readonly criticalPoint: CriticalPoint | null;
}

/**
 * Threshold on L/n beyond which the leading 1/n order is flagged. The expansion parameter is
 * nu L/n: exactly (linear/ReLU) the kurtosis is 3[(1 + nu/n)^(L-1) - 1] ~ 3(e^x - 1), x = nu L/n,
 * against the leading 3x, so leading order is low by a factor ~1 + x/2. At L/n = 0.3 that is
 * already 30% for linear networks (nu = 2) and a factor 2.3 for ReLU (nu = 5): past this point the
 * leading order is qualitative at best (PDLT's "L/n of order 1" regime).
 */
export const RELIABLE_DEPTH_TO_WIDTH = 0.3;

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function theoryReport(model: TheoryModel): TheoryReport {
  const act = model.activation;
  const widths = model.hiddenWidths;
  const depth = widths.length + 1;
  const o: LayerOptions = {
    cw: model.cw,
    cb: model.cb,
    dropout: model.dropout,
    normalization: model.normalization,
  };
  const q0 = model.inputGram[0][0];
  const k = model.inputGram.length;

  const batch = model.normalization === 'batch';
  const kernels = k >= 2 ? kernelMatrixSequence(act, model.inputGram, depth, o) : null;
  // Batch norm has no single-input kernel: input 0's K_l is read off the k-input recursion
  // (exact for k = 2, NaN otherwise); no vertex or NTK theory for it (NaN / null).
  const K = !batch
    ? kernelSequence(act, q0, depth, o)
    : kernels
      ? Float64Array.from(kernels, (m) => m[0][0])
      : new Float64Array(depth).fill(NaN);
  const vertex = fourPointVertex(act, q0, widths, o);
  const ntk = batch ? new Float64Array(depth).fill(NaN) : ntkSequence(act, q0, depth, o);
  // Reuses the cached pair moments of the kernel recursion.
  const ntks = k >= 2 && !batch ? ntkMatrixSequence(act, model.inputGram, depth, o) : null;

  const layers: LayerReport[] = [];
  for (let l = 1; l <= depth; l++) {
    const Kl = K[l - 1];
    const finite = Number.isFinite(Kl) && Kl >= 0;
    const entry: LayerReport = {
      layer: l,
      width: l < depth ? widths[l - 1] : 1,
      K: Kl,
      chiPar: finite ? chiPar(act, Kl, o) : NaN,
      chiPerp: finite ? chiPerp(act, Kl, o) : NaN,
      V: vertex ? vertex.V[l - 1] : null,
      kurtosisLeading: vertex ? finiteOrNull(vertex.kurtosis[l - 1]) : null,
      ntk: ntk[l - 1],
      ...(kernels ? { kernel: kernels[l - 1] } : {}),
      ...(kernels && k === 2 ? { correlation: correlationOf(kernels[l - 1]) } : {}),
      ...(ntks ? { ntkMatrix: ntks[l - 1] } : {}),
    };
    layers.push(entry);
  }

  // Exact results are single-input results: with k >= 2 inputs the report gives none.
  const exact = k === 1 ? exactSingleInput(act, q0, widths, o) : null;
  let invSum = 0;
  for (const n of widths) invSum += 1 / n;
  const depthToWidth = widths.length > 0 ? (depth * invSum) / widths.length : 0;
  const reliable = depthToWidth < RELIABLE_DEPTH_TO_WIDTH;
  const warnings: string[] = [];
  if (!reliable) {
    warnings.push(
      `depth-to-width ratio L/n = ${depthToWidth.toPrecision(3)} >= ${RELIABLE_DEPTH_TO_WIDTH}: the leading 1/n order ` +
        'underestimates the non-Gaussianity' +
        (exact ? ' (the exact value is given)' : ''),
    );
  }
  const overflow = layers.find((l) => !Number.isFinite(l.K));
  if (overflow) {
    warnings.push(
      `the kernel overflows float64 at layer ${overflow.layer}: the signal explodes with depth (C_W above criticality)`,
    );
  }
  if (batch) {
    warnings.push(
      'batch norm (over the inputs of a network): the kernel is exact for two inputs (each unit normalizes to +-1); ' +
        'no susceptibility chi_perp, 1/n or NTK theory for it',
    );
  } else if (!vertex) {
    warnings.push('leading-order kurtosis is not derived for normalized networks (about 9/n for ReLU)');
  }
  const last = layers[depth - 1];
  return {
    depth,
    layers,
    output: {
      K: K[depth - 1],
      kurtosisLeading: last.kurtosisLeading,
      kurtosisExact: exact ? exact.kurtosis[depth - 1] : null,
      varianceExact: exact ? exact.variance[depth - 1] : null,
    },
    depthToWidth,
    leadingOrderReliable: reliable,
    warning: warnings.length > 0 ? warnings.join('; ') : null,
    criticalPoint: criticalPoint(act, model.dropout),
  };
}
