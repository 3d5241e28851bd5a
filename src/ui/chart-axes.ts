/**
 * What every experiment's Chart.js scatter configuration shares: titled axes in the theme's
 * type (15 px, 21 px in presentation mode), log axes with labels placed by a tick callback
 * (log-ticks.ts spaces them), log paper's faint minor grid, a point-style legend; line curves;
 * the 10-90% band of per-layer charts; and the CSV writer behind every chart's download.
 *
 *   const options = axesOptions('layer l', 'correlation c_l', big);              // linear
 *   const options = axesOptions('width n', 'excess kurtosis', big, { x: tick, y: tick }); // log-log
 */
import type { Scale } from 'chart.js';
import type { ScatterConfig } from './chart-card.ts';
import { OKABE_ITO as C } from './theme.ts';

export type ScatterOptions = NonNullable<ScatterConfig['options']>;
/** A log axis's tick label ('' for none); `this` is the Chart.js scale. */
export type LogTick = (
  this: Scale,
  value: number | string,
  index: number,
  ticks: { value: number }[],
) => string;

/** Tick and legend type: 15 px, or 21 px in presentation mode. */
export const font = (big: boolean) => ({ size: big ? 21 : 15 });

/** Linear axes, or logarithmic ones where `log` gives the axis a tick callback. */
export function axesOptions(
  xTitle: string,
  yTitle: string,
  big: boolean,
  log: { x?: LogTick; y?: LogTick } = {},
): ScatterOptions {
  const FONT = font(big);
  const axis = (title: string, tick: LogTick | undefined) => ({
    type: tick ? ('logarithmic' as const) : ('linear' as const),
    title: { display: true, text: title, color: '#000', font: { size: FONT.size + 1 } },
    // No tick labels at the (padded) bounds: '1.7' and '117.3' would read as data.
    // Log axes: no rotation or skipping (Chart.js counts the blank minor ticks); the callback spaces the labels.
    ticks: {
      color: '#222',
      font: FONT,
      includeBounds: false,
      ...(tick ? { callback: tick, maxRotation: 0, autoSkip: false } : {}),
    },
    // Every minor tick of a log axis is drawn (autoSkip is off): faint lines there, log paper's.
    grid: {
      color: tick
        ? (c: { tick?: { label?: unknown } }) => (c.tick?.label ? '#e3e3e3' : '#f4f4f4')
        : '#e3e3e3',
    },
  });
  return {
    animation: false,
    parsing: false,
    normalized: true,
    scales: { x: axis(xTitle, log.x), y: axis(yTitle, log.y) },
    plugins: {
      // Each entry shows its series' pointStyle: the point, a line sample ('line') or a box ('rect').
      legend: { labels: { color: '#000', font: FONT, usePointStyle: true } },
      tooltip: { enabled: true },
    },
  };
}

type Dataset = ScatterConfig['data']['datasets'][number];

/**
 * A curve drawn as a line without point markers (theory lines, densities), with a line sample
 * in the legend; `dash` as Chart.js's borderDash, solid when absent.
 */
export function lineDataset(
  label: string,
  data: { x: number; y: number }[],
  color: string,
  width: number,
  dash?: number[],
): Dataset {
  return {
    label,
    data,
    showLine: true,
    borderColor: color,
    ...(dash ? { borderDash: dash } : {}),
    pointRadius: 0,
    pointStyle: 'line',
    borderWidth: width,
  };
}

/** The 10-90% band of a per-layer quantity (sky blue, filled between its two quantile lines). */
export function quantileBand(q10: { x: number; y: number }[], q90: { x: number; y: number }[]): Dataset[] {
  return [
    {
      label: '10% quantile',
      data: q10,
      showLine: true,
      borderColor: C.skyBlue,
      pointRadius: 0,
      borderWidth: 1,
    },
    {
      label: '10-90% of networks',
      data: q90,
      showLine: true,
      borderColor: C.skyBlue,
      backgroundColor: 'rgba(86, 180, 233, 0.3)',
      fill: '-1',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 1,
    },
  ];
}

/** CSV text: a header row, then one row per entry; strings quoted, null as an empty cell. */
export function csvOf(header: string[], rows: (number | string | null)[][]): string {
  // An overflowed or undefined number is an empty cell, as null is: never the text NaN or Infinity.
  const cell = (v: number | string | null) =>
    v === null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : `"${v}"`;
  return [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n';
}
