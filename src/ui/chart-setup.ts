/**
 * Chart.js, registered once with only what the lab draws (scatter/line on linear and log axes),
 * plus two small plugins: an opaque background (so exported PNGs are not transparent) and
 * vertical error bars from a dataset's `errorBars` array (standard errors, in data units); the
 * legend draws a dashed line's sample dashed.
 */
import {
  Chart,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  SubTitle,
  Title,
  Tooltip,
  type Plugin,
} from 'chart.js';

/** Legend entries with the dash of their dataset's line (Chart.js's point-style entries carry none). */
export function withDatasetDash<T extends { datasetIndex?: number; lineDash?: number[] }>(
  items: T[],
  datasets: readonly object[],
): T[] {
  return items.map((item) => {
    const ds = item.datasetIndex !== undefined ? datasets[item.datasetIndex] : undefined;
    const dash = (ds as { borderDash?: unknown } | undefined)?.borderDash;
    return Array.isArray(dash) ? { ...item, lineDash: dash as number[] } : item;
  });
}

/** Fills the whole canvas before drawing; colour from options.plugins.background.color. */
const background: Plugin<'scatter'> = {
  id: 'background',
  beforeDraw(chart, _args, options: { color?: string }) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color ?? '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/**
 * Draws y +- errorBars[i] for every point of datasets that carry an `errorBars` array. On a log
 * axis a bar whose lower end is <= 0 runs to the bottom of the plot area; a non-finite SE has no bar.
 */
const errorBars: Plugin<'scatter'> = {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const y = chart.scales.y;
    const area = chart.chartArea;
    chart.data.datasets.forEach((ds, i) => {
      const se = (ds as { errorBars?: number[] }).errorBars;
      if (!se || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      ctx.save();
      ctx.strokeStyle = (ds.borderColor as string) ?? '#000';
      ctx.lineWidth = 2;
      meta.data.forEach((el, j) => {
        const p = ds.data[j] as { x: number; y: number } | undefined;
        // An SE that overflowed draws no bar: one of Infinity would cover the whole axis.
        if (!p || !(se[j] > 0) || !Number.isFinite(se[j])) return;
        const lo = p.y - se[j];
        const top = Math.max(area.top, y.getPixelForValue(p.y + se[j]));
        const bottom =
          lo > 0 || y.type !== 'logarithmic' ? Math.min(area.bottom, y.getPixelForValue(lo)) : area.bottom;
        const x = el.x;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - 5, top);
        ctx.lineTo(x + 5, top);
        if (bottom < area.bottom) {
          ctx.moveTo(x - 5, bottom);
          ctx.lineTo(x + 5, bottom);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

Chart.register(
  ScatterController,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Filler,
  Legend,
  Title,
  SubTitle,
  Tooltip,
  background,
  errorBars,
);

// With usePointStyle the legend takes each entry's style from the dataset's first point, which
// has no dash: a dashed theory line would show a solid sample.
const pointLabels = Chart.defaults.plugins.legend.labels.generateLabels;
Chart.defaults.plugins.legend.labels.generateLabels = (chart) =>
  withDatasetDash(pointLabels(chart), chart.data.datasets);

export { Chart };
