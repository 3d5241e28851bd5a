/**
 * Special functions in float64 that JavaScript's Math lacks.
 *
 * erf / erfc: W. J. Cody's rational Chebyshev approximations (Math. Comp. 23 (1969) 631-637;
 * the SPECFUN routine CALERF, public domain). Three intervals: |x| <= 0.46875 (erf directly),
 * 0.46875 < |x| <= 4 and |x| > 4 (erfc as exp(-x^2) times a rational function; the exponential
 * is split as exp(-t^2) exp(-(x-t)(x+t)) with t = x rounded down to 1/16 so that no accuracy is
 * lost forming x^2). Relative error a few ulps; no loops, so it is cheap in the engines' hot loops
 * (the erf and GELU activations). The slower series/continued-fraction version is kept in the
 * tests as an independent oracle.
 */
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388375, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037493,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.01608378514874228, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const RSQRT_PI = 0.5641895835477563;

/** erf(x) for |x| <= 0.46875. */
function erfSmall(x: number): number {
  const z = x * x;
  let num = A[4] * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * z;
    den = (den + B[i]) * z;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** erfc(y) for y > 0.46875. */
function erfcPositive(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    if (y >= 27) return 0; // erfc(27) ~ 5e-319: below the smallest subnormal after scaling
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    r = (z * (num + P[4])) / (den + Q[4]);
    r = (RSQRT_PI - r) / y;
  }
  const t = Math.trunc(y * 16) / 16;
  return Math.exp(-t * t) * Math.exp(-(y - t) * (y + t)) * r;
}

export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x); // NaN falls through here and stays NaN
  const r = 0.5 - erfcPositive(y) + 0.5;
  return x < 0 ? -r : r;
}

export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const r = erfcPositive(y);
  return x < 0 ? 2 - r : r;
}

/** Standard normal density and distribution function. */
export const INV_SQRT_2PI = 0.3989422804014327;
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x / Math.SQRT2) : 1 - 0.5 * erfc(x / Math.SQRT2);
}

/**
 * Digamma psi(x) = d ln Gamma(x)/dx for x > 0: the recurrence psi(x) = psi(x+1) - 1/x up to
 * x >= 16, then the asymptotic series ln x - 1/(2x) - sum B_2k / (2k x^2k) (error < 1e-16 there).
 * E ln chi2_m = psi(m/2) + ln 2.
 */
export function digamma(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  let shift = 0;
  while (x < 16) {
    shift -= 1 / x;
    x += 1;
  }
  const r = 1 / (x * x);
  const series =
    r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132 - (r * 691) / 32760)))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/**
 * Trigamma psi'(x) for x > 0: psi'(x) = psi'(x+1) + 1/x^2 up to x >= 16, then
 * 1/x + 1/(2x^2) + sum B_2k / x^(2k+1). Var ln chi2_m = psi'(m/2).
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  let shift = 0;
  while (x < 16) {
    shift += 1 / (x * x);
    x += 1;
  }
  const r = 1 / (x * x);
  const series = (1 / x) * r * (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - (r * 5) / 66))));
  return shift + 1 / x + 0.5 * r + series;
}
