/**
 * What the Gaussian-limit view says and draws when its ensemble cannot carry a distribution
 * (stats/degeneracy.ts): the message in words, and which overlays still mean something.
 * DOM-free, so the decisions are unit-tested.
 */
import type { Degeneracy } from '../../stats/index.ts';
import { isDegenerate } from '../../stats/index.ts';
import type { OutputTheory } from './theory-curves.ts';

/** The parts of the lab state the messages speak of. */
export interface EnsembleSetting {
  activation: string;
  width: number;
  depth: number;
  cw: number;
  cb: number;
}

/** Short number for a sentence: 3 significant digits, exponent form for large or small. */
function num(x: number): string {
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(1) : String(Number(x.toPrecision(3)));
}

/**
 * With ReLU and no bias a hidden layer whose n units all get negative inputs outputs 0 from then
 * on; given a live layer, each of the next layer's n Gaussian preactivations is negative with
 * probability 1/2 independently. So a network survives its L - 1 hidden layers with
 * probability (1 - 2^-n)^(L-1).
 */
export function reluSurvival(width: number, depth: number): number {
  return Math.exp((depth - 1) * Math.log1p(-(2 ** -width)));
}

const deadRelu = (s: EnsembleSetting) => s.activation === 'relu' && s.cb === 0 && s.depth >= 2;

/** One sentence (or two) naming the degenerate case, or null when there is none. */
export function ensembleMessage(d: Degeneracy, s: EnsembleSetting): string | null {
  switch (d.kind) {
    case 'none':
      return null;
    case 'all-zero': {
      const dies =
        s.width === 1
          ? 'as soon as its one hidden unit gets a negative input (probability 1/2 per layer)'
          : `as soon as all ${s.width} units of one hidden layer get a negative input (probability 2^-${s.width} per layer)`;
      const why = deadRelu(s)
        ? ` At width ${s.width} a ReLU network without bias dies ${dies}: it survives ${s.depth - 1} hidden layers with probability ${num(reluSurvival(s.width, s.depth))}.`
        : '';
      return `Every one of the ${d.count} outputs is exactly 0.${why} There is no distribution to compare with the Gaussian limit: widen the network or make it shallower.`;
    }
    case 'constant':
      return `All ${d.count} outputs are equal (${num(d.value)}): the ensemble has variance 0 and no shape to compare with the Gaussian limit.`;
    case 'overflow':
      return `Every one of the ${d.count} outputs overflowed: above its critical value C_W multiplies the signal at every layer, and C_W = ${num(s.cw)} at depth ${s.depth} is beyond what floating point holds. Lower C_W towards the critical point, or the depth.`;
    case 'partial-overflow':
      return `${d.nonFinite} of ${d.count} outputs overflowed and are left out: C_W = ${num(s.cw)} at depth ${s.depth} is beyond what floating point holds. The moments below describe the others only.`;
    case 'huge':
      return `The outputs reach |z| = ${num(d.maxAbs)}: their 8th powers overflow float64, so the kurtosis and its standard error cannot be computed (C_W = ${num(s.cw)} far above criticality at depth ${s.depth}).`;
    case 'mostly-zero': {
      const why = deadRelu(s) ? ' (dead ReLU networks: widen the network or make it shallower)' : '';
      return `${d.zeros} of the ${d.count} outputs are exactly 0${why}: the variance and kurtosis rest on the few others, and their standard errors understate the error.`;
    }
  }
}

/** Which overlays of the histogram to draw, and why one is left out (null: all drawn). */
export interface OverlayPlan {
  gaussian: boolean;
  gramCharlier: boolean;
  mixture: boolean;
  note: string | null;
}

/**
 * The Gram-Charlier density N(z; 0, K)[1 + (k/24) He4(z/sqrt K)] is a density (non-negative)
 * only for 0 <= k <= 4, since min He4 = -6; beyond k = 4 it dips below zero and says nothing.
 * A small negative k dips only far in the tails, so it is drawn.
 */
export const GRAM_CHARLIER_MAX_KURTOSIS = 4;

export function overlayPlan(t: OutputTheory, d: Degeneracy): OverlayPlan {
  const gaussian = Number.isFinite(t.K) && t.K > 0;
  const k4 = t.kurtosisLeading;
  const gcUsable = gaussian && k4 !== null && Number.isFinite(k4) && k4 <= GRAM_CHARLIER_MAX_KURTOSIS;
  if (isDegenerate(d)) {
    return {
      gaussian: false,
      gramCharlier: false,
      mixture: false,
      note: 'The theory curves are hidden: they describe a distribution this ensemble does not have.',
    };
  }
  const mixture = d.kind !== 'huge';
  let note: string | null = null;
  if (!gaussian) note = 'The infinite-width variance K_L overflows: no Gaussian to draw.';
  else if (!gcUsable && k4 !== null)
    note = `The first 1/n correction (Gram-Charlier) is hidden: at a leading-order kurtosis of ${num(k4)} (above ${GRAM_CHARLIER_MAX_KURTOSIS}) it is negative around ±√3 standard deviations, not a density.`;
  return { gaussian, gramCharlier: gcUsable, mixture, note };
}
