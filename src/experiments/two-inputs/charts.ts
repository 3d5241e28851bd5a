/**
 * Charts of the two-inputs view: the correlation c_l through depth (measured band, mean with
 * SE bars, the kernel recursion), and the phase diagram as a heat map of c_L over (C_W, C_b)
 * drawn by a small inline plugin (Chart.js has no matrix chart), with the critical line
 * chi_perp(q*) = 1 and the chosen point on top. Colours: viridis-like sequential scale for
 * c_L (colour-blind safe), Okabe-Ito for lines.
 */
import type { Chart, Plugin } from 'chart.js';
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { axesOptions, csvOf, quantileBand, lineDataset } from '../../ui/chart-axes.ts';
import { PHASE_CB_MAX, PHASE_CW_MAX, PHASE_CW_MIN, type PhasePart, type TwoInputsSnapshot } from './model.ts';

type Dataset = ScatterConfig['data']['datasets'][number];

export function correlationConfig(s: TwoInputsSnapshot, big = false): ScatterConfig {
  const m = s.measured;
  const datasets: Dataset[] = [
    ...quantileBand(
      m.map((l) => ({ x: l.layer, y: l.q10 })),
      m.map((l) => ({ x: l.layer, y: l.q90 })),
    ),
    {
      label: `measured mean (± 1 SE), ${s.networks} networks`,
      data: m.map((l) => ({ x: l.layer, y: l.mean })),
      errorBars: m.map((l) => l.meanSE),
      borderColor: C.blue,
      backgroundColor: C.blue,
      pointRadius: 5,
    } as Dataset,
    lineDataset(
      'kernel recursion c_l (n → ∞)',
      s.theory.map((c, i) => ({ x: i + 1, y: c })),
      C.vermillion,
      2.5,
      [7, 5],
    ),
  ];
  const options = axesOptions('layer l', 'correlation c_l', big);
  const lo = Math.min(0, ...m.map((l) => l.q10), ...s.theory.filter(Number.isFinite));
  Object.assign(options.scales!.x!, { min: 0.5, max: s.theory.length + 0.5 });
  Object.assign(options.scales!.y!, { min: Math.max(-1, Math.floor(lo * 10) / 10), max: 1.02 });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) => item.text !== '10% quantile';
  return { type: 'scatter', data: { datasets }, options };
}

/** A viridis-like scale on [0, 1] (5 stops, linear in between). */
const STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
export function colorOf(t: number): string {
  if (!Number.isFinite(t)) return '#bbbbbb';
  const x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const c = STOPS[i].map((v, k) => Math.round(v + f * (STOPS[i + 1][k] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * chi_perp on a diverging scale: Okabe-Ito blue (ordered, chi <= 1/2) through white (chi = 1)
 * to vermillion (chaotic, chi >= 2), linear in log2 chi.
 */
export function chiColorOf(chi: number): string {
  if (!(chi > 0) || !Number.isFinite(chi)) return '#bbbbbb';
  const t = Math.max(-1, Math.min(1, Math.log2(chi)));
  const end = t < 0 ? [0, 114, 178] : [213, 94, 0];
  const f = Math.abs(t);
  const c = end.map((v) => Math.round(255 + f * (v - 255)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The heat map's data lives in options.plugins.heatmap, so a chart update swaps it in. */
interface HeatmapOptions {
  part: PhasePart | null;
  /** c_L maps from [lo, 1] onto the colour scale. */
  lo: number;
  /** Colour by c_L or by chi_perp(q*). */
  shade: 'correlation' | 'chi';
}

const HEATMAP: Plugin<'scatter'> = {
  id: 'heatmap',
  beforeDatasetsDraw(chart: Chart<'scatter'>, _args, opts: HeatmapOptions) {
    const p = opts.part;
    if (!p) return;
    const { x, y } = chart.scales;
    const area = chart.chartArea;
    const nw = p.cw.length;
    const dw = (p.cw[1] - p.cw[0]) / 2;
    const db = (p.cb[1] - p.cb[0]) / 2;
    const ctx = chart.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    ctx.clip();
    for (let i = 0; i < p.rows; i++) {
      for (let j = 0; j < nw; j++) {
        const k = i * nw + j;
        const x0 = x.getPixelForValue(p.cw[j] - dw);
        const x1 = x.getPixelForValue(p.cw[j] + dw);
        const y0 = y.getPixelForValue(p.cb[i] + db);
        const y1 = y.getPixelForValue(p.cb[i] - db);
        ctx.fillStyle =
          opts.shade === 'chi'
            ? chiColorOf(p.chiPerp[k])
            : colorOf((p.correlation[k] - opts.lo) / (1 - opts.lo));
        // Half a pixel of overlap hides seams between cells.
        ctx.fillRect(x0, y0, x1 - x0 + 0.5, y1 - y0 + 0.5);
      }
    }
    ctx.restore();
  },
};

/**
 * Heat map of c_L with the critical line and the chosen (C_W, C_b). `onPick` gets the data
 * coordinates of a click inside the plot area.
 */
export function phaseConfig(
  part: PhasePart | null,
  chosen: { cw: number; cb: number },
  onPick: ((cw: number, cb: number) => void) | null,
  big = false,
  shade: 'correlation' | 'chi' = 'correlation',
): ScatterConfig {
  const line = part
    ? part.cb.flatMap((cb, i) =>
        part.boundary[i] !== null && i < part.rows ? [{ x: part.boundary[i]!, y: cb }] : [],
      )
    : [];
  const datasets: Dataset[] = [
    {
      label: 'critical line χ⊥(q*) = 1',
      data: line,
      showLine: true,
      borderColor: C.black,
      backgroundColor: C.black,
      pointRadius: 0,
      pointStyle: 'line',
      borderWidth: 3.5,
    },
    {
      label: 'chosen C_W, C_b',
      data: [{ x: chosen.cw, y: chosen.cb }],
      borderColor: '#ffffff',
      backgroundColor: C.vermillion,
      pointRadius: 9,
      pointStyle: 'circle',
      borderWidth: 2.5,
    },
  ];
  const options = axesOptions('C_W (weight variance)', 'C_b (bias variance)', big);
  const dw = part ? (part.cw[1] - part.cw[0]) / 2 : 0;
  const db = part ? (part.cb[1] - part.cb[0]) / 2 : 0;
  Object.assign(options.scales!.x!, { min: PHASE_CW_MIN - dw, max: PHASE_CW_MAX + dw });
  Object.assign(options.scales!.y!, { min: -db, max: PHASE_CB_MAX + db });
  (options.plugins as Record<string, unknown>).heatmap = {
    part,
    lo: phaseLow(part),
    shade,
  } satisfies HeatmapOptions;
  if (onPick) {
    options.onClick = (event, _elements, chart) => {
      const a = chart.chartArea;
      if (
        event.x === null ||
        event.y === null ||
        event.x < a.left ||
        event.x > a.right ||
        event.y < a.top ||
        event.y > a.bottom
      )
        return;
      onPick(chart.scales.x.getValueForPixel(event.x)!, chart.scales.y.getValueForPixel(event.y)!);
    };
  }
  return { type: 'scatter', data: { datasets }, options, plugins: [HEATMAP] };
}

/** Lower end of the colour scale: 0, or the smallest c_L when some are negative. */
export function phaseLow(part: PhasePart | null): number {
  if (!part) return 0;
  const finite = part.correlation.filter(Number.isFinite);
  return Math.min(0, ...finite) > -1 ? Math.min(0, ...finite) : -1;
}

export function correlationCsv(s: TwoInputsSnapshot): string {
  const rows: (number | string | null)[][] = s.theory.map((c, i) => {
    const m = s.measured.find((l) => l.layer === i + 1);
    return [i + 1, c, m?.mean ?? null, m?.meanSE ?? null, m?.median ?? null, m?.q10 ?? null, m?.q90 ?? null];
  });
  return csvOf(['layer', 'theory_c', 'mean', 'mean_se', 'median', 'q10', 'q90'], rows);
}

export function phaseCsv(p: PhasePart | null): string {
  const rows: (number | string | null)[][] = [];
  if (p) {
    for (let i = 0; i < p.rows; i++) {
      for (let j = 0; j < p.cw.length; j++)
        rows.push([
          p.cb[i],
          p.cw[j],
          p.correlation[i * p.cw.length + j],
          p.chiPerp[i * p.cw.length + j],
          p.boundary[i],
        ]);
    }
  }
  return csvOf(['cb', 'cw', 'c_L', 'chi_perp_at_q_star', 'critical_cw_of_row'], rows);
}
