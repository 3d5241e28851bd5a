/**
 * When a run is long enough to ask first, and the smaller ensemble offered instead. The
 * estimate itself comes from the engines' one cost model (engine/cost.ts) through each view;
 * on WebGPU, whose pacer measures rather than predicts, a view has none and never asks.
 * DOM-free.
 *
 *   if (asksFirst(seconds)) offer(smallerEnsemble(seconds, state.networks, LIMITS.minNetworks));
 */

/** Runs estimated over this many seconds ask before they start. */
export const LONG_RUN_SECONDS = 30;
/** The smaller ensemble offered instead takes about this long. */
export const SMALLER_RUN_SECONDS = 10;

export function asksFirst(seconds: number | null): seconds is number {
  return seconds !== null && Number.isFinite(seconds) && seconds > LONG_RUN_SECONDS;
}

/** The largest of 1, 2, 5 x 10^k at most x (x >= 1). */
export function roundDown125(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/**
 * The ensemble of about `target` seconds instead of `networks` taking `seconds` (the cost is
 * linear in the ensemble size), as a round number and at least `min`; null when that is not
 * smaller than `networks`.
 */
export function smallerEnsemble(
  seconds: number,
  networks: number,
  min: number,
  target = SMALLER_RUN_SECONDS,
): number | null {
  if (!(seconds > 0) || !Number.isFinite(seconds)) return null;
  const fit = (networks * target) / seconds;
  const n = Math.max(min, fit >= 1 ? roundDown125(fit) : 1);
  return n < networks ? n : null;
}
