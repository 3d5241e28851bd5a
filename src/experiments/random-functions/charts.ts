/**
 * Charts of the "Random functions" view: the drawn functions (thin lines) over the grid with the
 * infinite-width band 0 +- 2 sqrt(K(x, x)) and the readout point; and the kernel as three heat
 * maps side by side (the infinite-width K, the empirical kernel of the ensemble, their
 * difference), drawn by a small inline plugin (Chart.js has no matrix chart) on one diverging
 * colour scale, so that a small difference looks pale. Colours: Okabe-Ito.
 */
import type { Chart, Plugin } from 'chart.js';
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { axesOptions, csvOf, lineDataset } from '../../ui/chart-axes.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import type { FunctionsSnapshot } from './model.ts';

type Dataset = ScatterConfig['data']['datasets'][number];

export const axisTitle = (snap: FunctionsSnapshot) =>
  snap.grid.kind === 'angle' ? 'angle φ of the input on the circle (radians)' : 'input x';

/** Line colours of the draws: Okabe-Ito without black and yellow (too faint as thin lines). */
const DRAW_COLORS = [C.blue, C.vermillion, C.bluishGreen, C.reddishPurple, C.orange, C.skyBlue];

export function functionsConfig(snap: FunctionsSnapshot, point: number, big = false): ScatterConfig {
  const x = snap.grid.coordinate;
  const sd = x.map((_, a) => Math.sqrt(Math.max(0, snap.theory[a][a])));
  const datasets: Dataset[] = [
    {
      label: 'n → ∞ band (lower)',
      data: x.map((v, a) => ({ x: v, y: -2 * sd[a] })),
      showLine: true,
      borderColor: 'transparent',
      pointRadius: 0,
      borderWidth: 0,
    },
    {
      label: 'n → ∞: 0 ± 2√K(x, x)',
      data: x.map((v, a) => ({ x: v, y: 2 * sd[a] })),
      showLine: true,
      borderColor: 'transparent',
      backgroundColor: 'rgba(230, 159, 0, 0.25)',
      fill: '-1',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 0,
    },
    ...snap.draws.map((f, m) => ({
      ...lineDataset(
        m === 0 ? `${snap.draws.length} drawn functions` : `function ${m}`,
        x.map((v, a) => ({ x: v, y: f[a] })),
        DRAW_COLORS[m % DRAW_COLORS.length],
        big ? 1.8 : 1.3,
      ),
    })),
    {
      label: 'readout point',
      data: [{ x: x[point], y: 0 }],
      borderColor: C.black,
      backgroundColor: '#ffffff',
      pointRadius: 7,
      borderWidth: 2.5,
      pointStyle: 'crossRot',
    },
  ];
  const options = axesOptions(axisTitle(snap), 'f(x)', big);
  const lim = 3.2 * Math.max(...sd.filter(Number.isFinite), 1e-12);
  Object.assign(options.scales!.x!, { min: x[0], max: x.at(-1) });
  Object.assign(options.scales!.y!, { min: -lim, max: lim });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) =>
    !item.text.startsWith('function ') && !item.text.includes('(lower)');
  return { type: 'scatter', data: { datasets }, options };
}

/** Diverging scale on [-1, 1]: Okabe-Ito blue, white at 0, vermillion. */
export function divergingColor(t: number): string {
  if (!Number.isFinite(t)) return '#bbbbbb';
  const u = Math.max(-1, Math.min(1, t));
  const end = u < 0 ? [0, 114, 178] : [213, 94, 0];
  const f = Math.abs(u);
  const c = end.map((v) => Math.round(255 + f * (v - 255)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The three panels, k x k row-major each, in grid order. */
export interface KernelPanels {
  k: number;
  titles: [string, string, string];
  values: [ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
  /** |value| mapping to the ends of the colour scale. */
  scale: number;
}

export function kernelPanels(snap: FunctionsSnapshot): KernelPanels {
  const k = snap.grid.coordinate.length;
  const theory = snap.theory.flat();
  const diff = snap.empirical.map((v, i) => v - theory[i]);
  const scale = Math.max(...theory.map(Math.abs), 1e-300);
  const maxDiff = Math.max(0, ...diff.filter(Number.isFinite).map(Math.abs));
  return {
    k,
    titles: [
      'K(x, x′), n = ∞',
      `empirical, M = ${snap.networks}`,
      `empirical − K (max |·| ${formatNumber(maxDiff)})`,
    ],
    values: [theory, snap.empirical, diff],
    scale,
  };
}

const HEATMAPS: Plugin<'scatter'> = {
  id: 'kernelmaps',
  beforeDatasetsDraw(chart: Chart<'scatter'>, _args, opts: { panels: KernelPanels | null; big: boolean }) {
    const p = opts.panels;
    if (!p) return;
    const area = chart.chartArea;
    const ctx = chart.ctx;
    const gap = 14;
    const titleH = opts.big ? 26 : 20;
    const side = Math.max(
      10,
      Math.min((area.right - area.left - 2 * gap) / 3, area.bottom - area.top - titleH),
    );
    const cell = side / p.k;
    // Panels centred in the plot area (the card's height is fixed; the panels are square).
    const width = 3 * side + 2 * gap;
    const x0 = area.left + Math.max(0, (area.right - area.left - width) / 2);
    const y0 = area.top + Math.max(0, (area.bottom - area.top - side - titleH) / 2);
    ctx.save();
    ctx.font = `${opts.big ? 17 : 13}px sans-serif`;
    ctx.fillStyle = '#000';
    ctx.textAlign = 'center';
    for (let panel = 0; panel < 3; panel++) {
      const left = x0 + panel * (side + gap);
      const top = y0 + titleH;
      ctx.fillStyle = '#000';
      ctx.fillText(p.titles[panel], left + side / 2, y0 + titleH - 6);
      const v = p.values[panel];
      for (let a = 0; a < p.k; a++) {
        for (let b = 0; b < p.k; b++) {
          ctx.fillStyle = divergingColor(v[a * p.k + b] / p.scale);
          // x' runs left to right, x top to bottom (row a is the point x_a); half a pixel hides seams.
          ctx.fillRect(left + b * cell, top + a * cell, cell + 0.5, cell + 0.5);
        }
      }
      ctx.strokeStyle = '#888';
      ctx.strokeRect(left, top, side, side);
    }
    ctx.restore();
  },
};

export function kernelConfig(snap: FunctionsSnapshot, big = false): ScatterConfig {
  const options = axesOptions('', '', big);
  for (const axis of [options.scales!.x!, options.scales!.y!])
    Object.assign(axis, { display: false, min: 0, max: 1 });
  (options.plugins as Record<string, unknown>).legend = { display: false };
  (options.plugins as Record<string, unknown>).tooltip = { enabled: false };
  (options.plugins as Record<string, unknown>).kernelmaps = { panels: kernelPanels(snap), big };
  options.layout = { padding: { top: 4, bottom: 4 } };
  return { type: 'scatter', data: { datasets: [] }, options, plugins: [HEATMAPS] };
}

export function functionsCsv(snap: FunctionsSnapshot): string {
  const header = [
    snap.grid.kind === 'angle' ? 'phi' : 'x',
    'theory_K_xx',
    ...snap.draws.map((_, m) => `f_${m}`),
  ];
  const rows = snap.grid.coordinate.map((x, a) => [x, snap.theory[a][a], ...snap.draws.map((f) => f[a])]);
  return csvOf(header, rows);
}

export function kernelCsv(snap: FunctionsSnapshot): string {
  const c = snap.grid.coordinate;
  const k = c.length;
  const rows: (number | null)[][] = [];
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      const i = a * k + b;
      rows.push([
        c[a],
        c[b],
        snap.theory[a][b],
        snap.empirical[i],
        snap.empiricalSE[i],
        snap.empirical[i] - snap.theory[a][b],
      ]);
    }
  const name = snap.grid.kind === 'angle' ? 'phi' : 'x';
  return csvOf([name, `${name}_prime`, 'theory_K', 'empirical_K', 'empirical_se', 'difference'], rows);
}
