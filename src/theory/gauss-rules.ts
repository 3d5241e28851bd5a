/**
 * Gauss-Legendre and Gauss-Hermite rules, computed by Newton's method on the three-term
 * recurrences and cached by order: the nodes every quadrature of src/theory is built on.
 */

export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const legendreCache = new Map<number, QuadratureRule>();

/** n-point Gauss-Legendre rule on [-1, 1] (Newton on the Legendre recurrence). */
export function gaussLegendre(n: number): QuadratureRule {
  const cached = legendreCache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = (n + 1) >> 1;
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    weights[i] = weights[n - 1 - i] = 2 / ((1 - z * z) * pp * pp);
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}

const hermiteCache = new Map<number, QuadratureRule>();
export const MAX_HERMITE = 180;

/**
 * n-point Gauss-Hermite rule for the standard normal: E f(x) ~ sum_i w_i f(x_i), x ~ N(0,1)
 * (probabilists' form; the weights sum to 1). Newton on the orthonormal Hermite recurrence,
 * which cannot overflow for n up to several hundred.
 */
export function gaussHermite(n: number): QuadratureRule {
  // Beyond ~180 nodes the outer weights (~exp(-x^2/2) at x ~ 27) underflow in this recurrence.
  if (!(Number.isInteger(n) && n >= 1 && n <= MAX_HERMITE))
    throw new RangeError(`Gauss-Hermite order must be 1..${MAX_HERMITE}, got ${n}`);
  const cached = hermiteCache.get(n);
  if (cached) return cached;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const PIM4 = 0.7511255444649425; // pi^(-1/4)
  const m = (n + 1) >> 1;
  let z = 0;
  for (let i = 0; i < m; i++) {
    // Initial guesses for the largest roots first (Numerical Recipes' gauher).
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) z -= (1.14 * Math.pow(n, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let iter = 0; iter < 200; iter++) {
      let p1 = PIM4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  // Physicists' rule (weight exp(-t^2)) -> standard normal: x = sqrt2 t, w / sqrt(pi).
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[n - 1 - i];
    weights[i] = w[n - 1 - i] / Math.sqrt(Math.PI);
  }
  const rule = { nodes, weights };
  hermiteCache.set(n, rule);
  return rule;
}
