/**
 * The Gaussian integral and the geometry of a 2-D Gaussian (THEORY.md section 8), DOM-free:
 *
 *   int exp(-(z - mu)^2 / 2K) dz = sqrt(2 pi K)   (for every mean mu),
 *   int int exp(-z^T K^{-1} z / 2) d^2z = sqrt(|2 pi K|) = 2 pi sqrt(det K),
 *
 * computed here by the trapezoid rule on the whole line, and the covariance ellipses
 * {z : z^T K^{-1} z = r^2} with the probability 1 - exp(-r^2/2) they hold.
 *
 * Why the trapezoid rule: for an analytic integrand decaying fast on the real line it is
 * spectrally accurate (Trefethen & Weideman, "The exponentially convergent trapezoidal rule",
 * SIAM Review 2014): for exp(-z^2/2K) with step h its relative error is
 * 2 exp(-2 pi^2 K / h^2) + ... (Poisson summation), about 1e-34 at h = sqrt(K)/2, so a few
 * dozen nodes reach the double-precision value. A coarse step (h = 3 sqrt(K)) is visibly wrong
 * (1e-1), which the tests use to show the check can fail.
 *
 *   lineIntegral((z) => Math.exp(-z * z / 2), { center: 0, scale: 1 }).value; // sqrt(2 pi)
 */
import type { Cov2 } from './wick.ts';

export interface LineRule {
  /** Where the nodes are centred (the integrand's peak). */
  center: number;
  /** The integrand's width (a standard deviation): step and range are in its units. */
  scale: number;
  /** Step in units of `scale` (default 1/2). */
  step?: number;
  /** The nodes reach center +- halfWidth * scale (default 12: exp(-72) is below double precision). */
  halfWidth?: number;
}

export interface LineIntegral {
  value: number;
  /** The nodes z_k = center + k h, |k h| <= halfWidth scale. */
  nodes: number[];
  /** The step h. */
  h: number;
}

/** int f(z) dz over the real line by the trapezoid rule h sum_k f(center + k h). */
export function lineIntegral(f: (z: number) => number, rule: LineRule): LineIntegral {
  const h = (rule.step ?? 0.5) * rule.scale;
  const kMax = Math.floor((rule.halfWidth ?? 12) / (rule.step ?? 0.5));
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`the step must be positive, got ${h}`);
  const nodes: number[] = [];
  // Summed from the tails inwards, so that the small terms are not lost against the large ones.
  let s = 0;
  for (let k = kMax; k >= 1; k--) s += f(rule.center + k * h) + f(rule.center - k * h);
  s += f(rule.center);
  for (let k = -kMax; k <= kMax; k++) nodes.push(rule.center + k * h);
  return { value: h * s, nodes, h };
}

/** exp(-(z - mu)^2 / 2K): the unnormalized Gaussian whose area is sqrt(2 pi K). */
export function gaussianIntegrand(K: number, mu: number): (z: number) => number {
  return (z) => Math.exp(-((z - mu) ** 2) / (2 * K));
}

/** int exp(-(z - mu)^2 / 2K) dz by the trapezoid rule (lineIntegral), step `step` sqrt(K). */
export function gaussianIntegral(K: number, mu = 0, step?: number): LineIntegral {
  if (!(K > 0)) throw new RangeError(`the variance must be positive, got ${K}`);
  return lineIntegral(gaussianIntegrand(K, mu), { center: mu, scale: Math.sqrt(K), step });
}

/** sqrt(2 pi K), the exact value. */
export function gaussianIntegralExact(K: number): number {
  return Math.sqrt(2 * Math.PI * K);
}

export function det2(K: Cov2): number {
  return K.k11 * K.k22 - K.k12 * K.k12;
}

/**
 * int int exp(-z^T K^{-1} z / 2) dz1 dz2 by the trapezoid rule in each variable: for each node
 * z1, the inner integral over z2 is centred where the integrand peaks, z2 = (K12/K11) z1, with
 * the conditional standard deviation sqrt(det K / K11) as its scale (the integrand itself is
 * evaluated, not the completed square). Exact value 2 pi sqrt(det K).
 */
export function gaussianIntegral2d(K: Cov2, step?: number): number {
  const d = det2(K);
  if (!(K.k11 > 0) || !(d > 0)) throw new RangeError('the covariance must be positive definite');
  const inner = Math.sqrt(d / K.k11);
  return lineIntegral(
    (z1) =>
      lineIntegral((z2) => Math.exp(-mahalanobis2(K, z1, z2) / 2), {
        center: (K.k12 / K.k11) * z1,
        scale: inner,
        step,
      }).value,
    { center: 0, scale: Math.sqrt(K.k11), step },
  ).value;
}

/** 2 pi sqrt(det K) = sqrt(|2 pi K|). */
export function gaussianIntegral2dExact(K: Cov2): number {
  return 2 * Math.PI * Math.sqrt(det2(K));
}

/** Eigenvalues (descending) and the angle of the first eigenvector of a 2x2 covariance. */
export function eigen2(K: Cov2): { l1: number; l2: number; angle: number } {
  const mean = (K.k11 + K.k22) / 2;
  const r = Math.hypot((K.k11 - K.k22) / 2, K.k12);
  return { l1: mean + r, l2: mean - r, angle: 0.5 * Math.atan2(2 * K.k12, K.k11 - K.k22) };
}

/**
 * `points` points (closed: the last equals the first) of the ellipse z^T K^{-1} z = r^2: the
 * unit circle scaled by r sqrt(eigenvalue) along each eigenvector.
 */
export function covarianceEllipse(K: Cov2, r: number, points = 97): { x: number; y: number }[] {
  const { l1, l2, angle } = eigen2(K);
  const a = r * Math.sqrt(l1);
  const b = r * Math.sqrt(Math.max(0, l2));
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return Array.from({ length: points }, (_, i) => {
    const t = (2 * Math.PI * i) / (points - 1);
    const u = a * Math.cos(t);
    const v = b * Math.sin(t);
    return { x: c * u - s * v, y: s * u + c * v };
  });
}

/** P(z^T K^{-1} z <= r^2) = 1 - exp(-r^2/2) in 2-D (the Mahalanobis radius squared is chi-square with 2 dof). */
export function ellipseProbability(r: number): number {
  return 1 - Math.exp((-r * r) / 2);
}

/** z^T K^{-1} z, the squared Mahalanobis radius (K^{-1} = [[k22, -k12], [-k12, k11]] / det K). */
export function mahalanobis2(K: Cov2, z1: number, z2: number): number {
  return (K.k22 * z1 * z1 - 2 * K.k12 * z1 * z2 + K.k11 * z2 * z2) / det2(K);
}
