/** One-dimensional root finding for the criticality solvers. */

/**
 * Root of f in [a, b] given f(a), f(b) of opposite signs: the Illinois variant of regula falsi
 * (superlinear, never leaves the bracket). Stops at relative bracket width xtol.
 */
export function illinois(
  f: (x: number) => number,
  a: number,
  b: number,
  fa = f(a),
  fb = f(b),
  xtol = 1e-14,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new RangeError('illinois: root not bracketed');
  let side = 0;
  let c = a;
  for (let i = 0; i < 200; i++) {
    c = (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc === 0) return c;
    if (fc * fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) <= xtol * Math.max(Math.abs(a), Math.abs(b), 1e-300)) break;
  }
  return c;
}
