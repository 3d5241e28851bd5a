/**
 * The phase diagram's marker under the arrow keys: C_W moves by 0.1, C_b by 0.01, and every
 * step lands on a multiple of the step, so the URL and the readout show round values (one grid
 * cell, 3.9/23, gave values like 2.17). A clicked point off this grid snaps to it on the first
 * key press; clicks themselves still pick any point.
 *
 *   const cw = stepOnGrid(2.1734, PICKER_STEP.cw, +1); // 2.2
 */

export const PICKER_STEP = { cw: 0.1, cb: 0.01 } as const;

/**
 * The nearest multiple of `step` strictly above `v` (dir +1) or below it (dir -1). The result
 * is the double that the decimal text of n * step parses to (0.3, not 0.1 * 3), so that it
 * survives String() and Number() in the URL exactly.
 */
export function stepOnGrid(v: number, step: number, dir: 1 | -1): number {
  // A value already on the grid, up to rounding (0.3 / 0.1 = 2.9999999999999996), counts as on it.
  const k = v / step;
  const onGrid = Math.abs(k - Math.round(k)) < 1e-9 ? Math.round(k) : null;
  const n = dir > 0 ? (onGrid ?? Math.floor(k)) + 1 : (onGrid ?? Math.ceil(k)) - 1;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number((n * step).toFixed(decimals));
}
