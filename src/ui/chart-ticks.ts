/**
 * Tick labels every chart shares: log axes at 1, 2, 5 x 10^k in short form (spaced by
 * log-ticks.ts), linear axes short at any magnitude.
 */
import type { Scale } from 'chart.js';
import { isLabelled, logLabelPlan } from './log-ticks.ts';

/**
 * Log-axis labels at 1, 2, 5 x 10^k in plain short form; only at powers of ten where the axis is
 * too short for three labels a decade (a phone's width axis). `this` is the Chart.js scale.
 */
export function logTick(this: Scale, value: number | string): string {
  const v = Number(value);
  if (!isLabelled(v, logLabelPlan(this, [1, 2, 5]))) return '';
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  // 1e+12 reads better than 1000000000000 on a kurtosis axis that spans many decades.
  return v >= 1e5 || v < 1e-3
    ? `${Math.round(mantissa)}e${Math.round(Math.log10(v / mantissa))}`
    : String(Number(v.toPrecision(3)));
}

/**
 * Linear-axis labels, short at any magnitude: far above criticality the outputs reach 1e85 and
 * the density 1e-85, which Chart.js would print as 2.5000000000000004E-85.
 */
export function linearTick(value: number | string): string {
  const v = Number(value);
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  const short = Number(v.toPrecision(3));
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? short.toExponential().replace('e+', 'e') : String(short);
}
