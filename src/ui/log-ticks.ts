/**
 * Spacing of log-axis labels: which mantissas (1, 2, 5 x 10^k, ...) an axis has room to label
 * without its labels touching. Chart.js counts every minor tick of a log axis (2, 3, ... 9 x
 * 10^k, labelled or blank) when it decides to rotate or skip labels, so the charts turn both off
 * and thin the labels here instead, from the axis's length in pixels.
 *
 *   ticks: { maxRotation: 0, autoSkip: false, callback(v) { return labelled(this, v, [1, 2, 5]) ? String(v) : ''; } }
 */

/** What a Chart.js tick callback gets as `this` (its Scale), as far as spacing needs it. */
export interface LogScaleLike {
  min: number;
  max: number;
  width: number;
  height: number;
  isHorizontal(): boolean;
  /** The scale's resolved options; only a plain `ticks.font.size` is read (12 px otherwise). */
  options?: object;
}

/** The tick font size in px from a scale's options, checked at each step (Chart.js types them loosely). */
function tickFontSize(options: object | undefined): number {
  const ticks: unknown = options && 'ticks' in options ? options.ticks : undefined;
  const font: unknown =
    typeof ticks === 'object' && ticks !== null && 'font' in ticks ? ticks.font : undefined;
  const size: unknown = typeof font === 'object' && font !== null && 'size' in font ? font.size : undefined;
  return typeof size === 'number' && size > 0 ? size : 12;
}

export interface LogLabelPlan {
  /** Mantissas in [1, 10) that get a label. */
  mantissas: number[];
  /** Label only every `every`-th power of ten (1: all). */
  every: number;
}

/** Room a label needs along the axis, in multiples of the font size: a short number across, one line down. */
const ACROSS = 3.6;
const DOWN = 1.6;

/**
 * The labels `wanted` when the axis has room for them, else 1 x 10^k, else every 2nd, 3rd ...
 * power of ten. No scale (a test calling the callback directly) or no size yet: `wanted`.
 */
export function logLabelPlan(
  scale: LogScaleLike | undefined | null,
  wanted: readonly number[],
): LogLabelPlan {
  const all = { mantissas: [...wanted], every: 1 };
  if (!scale || !(scale.min > 0) || !(scale.max > scale.min)) return all;
  const length = scale.isHorizontal() ? scale.width : scale.height;
  if (!(length > 0)) return all;
  const perDecade = length / Math.log10(scale.max / scale.min);
  const font = tickFontSize(scale.options);
  const need = font * (scale.isHorizontal() ? ACROSS : DOWN);
  const sorted = [...wanted].sort((a, b) => a - b);
  // Closest pair of labels in decades, including the step from the largest to the next decade's smallest.
  const gaps = sorted.map((m, i) => Math.log10((sorted[i + 1] ?? 10 * sorted[0]) / m));
  if (Math.min(...gaps) * perDecade >= need) return all;
  if (sorted.length > 3 && 0.3 * perDecade >= need) return { mantissas: [1, 2, 5], every: 1 };
  return { mantissas: [1], every: Math.max(1, Math.ceil(need / perDecade)) };
}

/** Whether `value` gets a label under `plan`. */
export function isLabelled(value: number, plan: LogLabelPlan): boolean {
  if (!(value > 0)) return false;
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = value / 10 ** exponent;
  if (!plan.mantissas.some((k) => Math.abs(mantissa - k) < 1e-6)) return false;
  return (
    plan.every === 1 ||
    Math.abs(mantissa - 1) > 1e-6 ||
    ((exponent % plan.every) + plan.every) % plan.every === 0
  );
}
