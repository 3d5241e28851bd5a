/**
 * What the k-input kernel recursions (kernelMatrixSequence, ntkMatrixSequence) cost, so that an
 * interactive view can decline a prediction that would take minutes instead of freezing on it.
 * Closed forms (ReLU family, erf, linear) cost nothing to speak of; smooth activations cost one
 * Hermite coefficient vector per input and layer plus a series per pair (hermite-series.ts);
 * past MAX_SERIES_K the nested 2-D quadrature takes ~0.2 s per pair, which is counted as Infinity.
 *
 *   if (kernelRecursionCost(tanh, gram, depth, o).multiplyAdds > INTERACTIVE_KERNEL_BUDGET) ...
 */
import type { Activation } from './activations.ts';
import { coefficientCost, MAX_SERIES_K, seriesLength } from './hermite-series.ts';
import { kernelSequence, seenVariance, type LayerOptions } from './kernels.ts';
import { linearSlope } from './moments.ts';

/** The series' inner loop, iterations per second (measured in Node on a 2-core Xeon; browsers alike). */
export const KERNEL_RATE = 1.7e8;
/** About three seconds of a worker: what an interactive view waits for its prediction. */
export const INTERACTIVE_KERNEL_BUDGET = 3 * KERNEL_RATE;

export interface KernelCost {
  /** Inner-loop iterations of the coefficient vectors and the pair series (Infinity: quadrature). */
  readonly multiplyAdds: number;
  /** The largest variance the pair moments see. */
  readonly maxK: number;
}

/** The cost of K^(l) and Theta^(l), l = 1..depth, over inputs with Gram matrix x_a.x_b/n0. */
export function kernelRecursionCost(
  act: Activation,
  inputGram: readonly (readonly number[])[],
  depth: number,
  o: LayerOptions,
): KernelCost {
  const k = inputGram.length;
  const seen = inputGram.map((row, a) =>
    Array.from(kernelSequence(act, row[a], depth, o), (K) => seenVariance(K, o)),
  );
  const closedForm = linearSlope(act) !== null || act.name === 'erf';
  let multiplyAdds = 0;
  let maxK = 0;
  // Layer l's pair moments are taken at K_l, l = 1..depth-1 (K_1 is the input's, given).
  for (let l = 0; l < depth - 1; l++) {
    const layer = seen.map((s) => s[l]);
    const top = Math.max(...layer);
    maxK = Math.max(maxK, top);
    if (closedForm || k < 2) continue;
    if (!(top <= MAX_SERIES_K)) return { multiplyAdds: Infinity, maxK: Math.max(maxK, top) };
    const length = seriesLength(top);
    // sigma and sigma' at each distinct variance, at every ladder length up to the layer's longest.
    for (const K of new Set(layer))
      for (let terms = seriesLength(K); terms <= length; terms *= 2)
        multiplyAdds += 2 * coefficientCost(K, terms);
    multiplyAdds += ((k * (k - 1)) / 2) * 2 * length;
  }
  return { multiplyAdds, maxK };
}

/** How long the recursion would take here, in words: "about 4 s", or "minutes" past the series. */
export function costInWords(cost: KernelCost): string {
  return Number.isFinite(cost.multiplyAdds)
    ? `about ${Math.ceil(cost.multiplyAdds / KERNEL_RATE)} s`
    : 'minutes (a 2-D quadrature per pair of inputs)';
}
