/**
 * Chart.js configurations and CSV text of the depth view: a per-layer quantity on a log axis
 * (10-90% band, median line, mean points with SE bars, theory lines). Okabe-Ito colours: band
 * sky blue, median blue, mean black points, K_l black dashed, exp(E log) vermillion dotted.
 */
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { axesOptions, csvOf, quantileBand, lineDataset } from '../../ui/chart-axes.ts';
import type { Scale } from 'chart.js';
import { isLabelled, logLabelPlan } from '../../ui/log-ticks.ts';
import type { Band, DepthSnapshot } from './model.ts';

type Dataset = ScatterConfig['data']['datasets'][number];

/**
 * Log-axis labels: powers of ten when the axis spans several decades (the norms can span many),
 * 1-2-5 over a few, 1-1.5-2-3-4-5-7 within one (a pinned norm).
 */
function logTick(this: Scale, value: number | string, _index: number, ticks: { value: number }[]): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const vals = ticks.map((t) => t.value).filter((t) => t > 0);
  const span = Math.log10(Math.max(...vals) / Math.min(...vals));
  const e = Math.floor(Math.log10(v) + 1e-9);
  const short = (x: number) =>
    Math.abs(e) <= 3 ? String(Number(x.toPrecision(2))) : x.toExponential(0).replace('+', '');
  const wanted = span < 1 ? [1, 1.5, 2, 3, 4, 5, 7] : span < 4 ? [1, 2, 5] : [1];
  // Fewer where the axis is short (a phone, or presentation mode's large type).
  return isLabelled(v, logLabelPlan(this, wanted)) ? short(v) : '';
}

const positive = (v: number) => Number.isFinite(v) && v > 0;

/** Band, median and mean of one quantity per layer; `theory` lines are added as given. */
export function bandConfig(
  rows: { layer: number; band: Band }[],
  theory: { label: string; color: string; dash: number[]; points: { x: number; y: number }[] }[],
  yTitle: string,
  big = false,
): ScatterConfig {
  const ok = rows.filter((r) => positive(r.band.q10) && positive(r.band.q90));
  const datasets: Dataset[] = [
    ...quantileBand(
      ok.map((r) => ({ x: r.layer, y: r.band.q10 })),
      ok.map((r) => ({ x: r.layer, y: r.band.q90 })),
    ),
    {
      label: 'median',
      data: rows.filter((r) => positive(r.band.median)).map((r) => ({ x: r.layer, y: r.band.median })),
      showLine: true,
      borderColor: C.blue,
      backgroundColor: C.blue,
      pointRadius: 3,
      borderWidth: 2.5,
    },
    {
      label: 'mean (± 1 SE)',
      data: rows.filter((r) => positive(r.band.mean)).map((r) => ({ x: r.layer, y: r.band.mean })),
      errorBars: rows.filter((r) => positive(r.band.mean)).map((r) => r.band.meanSE),
      borderColor: C.black,
      backgroundColor: C.black,
      pointRadius: 4,
      pointStyle: 'rectRot',
    } as Dataset,
  ];
  for (const t of theory) {
    datasets.push(
      lineDataset(
        t.label,
        t.points.filter((p) => positive(p.y)),
        t.color,
        3,
        t.dash,
      ),
    );
  }
  const options = axesOptions('layer l', yTitle, big, { y: logTick });
  const L = Math.max(1, ...rows.map((r) => r.layer));
  Object.assign(options.scales!.x!, { min: 0.5, max: L + 0.5 });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  // The band's lower edge needs no legend entry of its own.
  legend.labels.filter = (item: { text: string }) => item.text !== '10% quantile';
  return { type: 'scatter', data: { datasets }, options };
}

export function normConfig(s: DepthSnapshot, big = false): ScatterConfig {
  // Hidden layers only: the output layer has one unit, so its |z_L|^2 is a single chi-square draw
  // (median 0.45 K_L) and would read as a collapse at the last point. The table lists it.
  const hidden = s.theory.slice(0, Math.max(1, s.theory.length - 1));
  const theory: { label: string; color: string; dash: number[]; points: { x: number; y: number }[] }[] = [
    {
      label: 'theory mean K_l',
      color: C.black,
      dash: [7, 5],
      points: hidden.map((t) => ({ x: t.layer, y: t.K })),
    },
  ];
  if (s.theory.some((t) => t.typical !== null)) {
    theory.push({
      label: 'exact exp(E log), ≈ median',
      color: C.vermillion,
      dash: [2, 4],
      points: hidden.map((t) => ({ x: t.layer, y: t.typical ?? NaN })),
    });
  }
  return bandConfig(
    s.layers.slice(0, hidden.length).map((l) => ({ layer: l.layer, band: l.norm })),
    theory,
    '|z_l|² / n_l',
    big,
  );
}

export function gradientConfig(s: DepthSnapshot, big = false): ScatterConfig {
  const rows = s.layers.flatMap((l) => (l.gradient ? [{ layer: l.layer, band: l.gradient }] : []));
  return bandConfig(rows, [], '|dLoss/dW_l| (Frobenius)', big);
}

export function depthCsv(s: DepthSnapshot): string {
  return csvOf(
    [
      'layer',
      'width',
      'mean',
      'mean_se',
      'median',
      'q10',
      'q90',
      'theory_K',
      'theory_exp_E_log',
      'chi_par',
      'chi_perp',
      'grad_mean',
      'grad_se',
      'grad_median',
      'grad_q10',
      'grad_q90',
    ],
    s.layers.map((l, i) => {
      const t = s.theory[i];
      const g = l.gradient;
      return [
        l.layer,
        l.width,
        l.norm.mean,
        l.norm.meanSE,
        l.norm.median,
        l.norm.q10,
        l.norm.q90,
        t.K,
        t.typical,
        t.chiPar,
        t.chiPerp,
        g?.mean ?? null,
        g?.meanSE ?? null,
        g?.median ?? null,
        g?.q10 ?? null,
        g?.q90 ?? null,
      ];
    }),
  );
}

const EXACT_LABEL = 'exact mean C_W (c/2)^(l-1)';

const LECTURE_COLORS: Record<number, string> = { 1: C.blue, 2: C.bluishGreen, 3: C.vermillion };

/**
 * The lecture's three curves on one log axis: for each c the mean (points) and the median
 * (dashed), with the exact mean c (c/2)^(l-1) as thin black lines.
 */
export function lectureConfig(s: DepthSnapshot, big = false): ScatterConfig {
  const datasets: Dataset[] = [];
  for (const curve of s.lecture ?? []) {
    const color = LECTURE_COLORS[curve.c] ?? C.black;
    datasets.push(
      {
        label: `c = ${curve.c}: mean`,
        data: curve.layers.filter((l) => positive(l.mean)).map((l) => ({ x: l.layer, y: l.mean })),
        showLine: true,
        borderColor: color,
        backgroundColor: color,
        pointRadius: 4,
        borderWidth: 2.5,
      },
      lineDataset(
        `c = ${curve.c}: median`,
        curve.layers.filter((l) => positive(l.median)).map((l) => ({ x: l.layer, y: l.median })),
        color,
        2.5,
        [6, 4],
      ),
      lineDataset(
        EXACT_LABEL,
        curve.layers.filter((l) => positive(l.exact)).map((l) => ({ x: l.layer, y: l.exact })),
        C.black,
        1,
      ),
    );
  }
  const options = axesOptions('layer l', '|z_l|² / n_l', big, { y: logTick });
  const L = Math.max(1, ...(s.lecture ?? []).flatMap((c) => c.layers.map((l) => l.layer)));
  Object.assign(options.scales!.x!, { min: 0.5, max: L + 0.5 });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  // One legend entry for the three exact lines (the first curve's).
  legend.labels.filter = (item: { text: string; datasetIndex?: number }) =>
    item.text !== EXACT_LABEL || item.datasetIndex === 2;
  return { type: 'scatter', data: { datasets }, options };
}

export function lectureCsv(s: DepthSnapshot): string {
  const rows = (s.lecture ?? []).flatMap((c) =>
    c.layers.map((l) => [c.c, c.cw, l.layer, l.mean, l.meanSE, l.median, l.exact]),
  );
  return csvOf(['c', 'cw', 'layer', 'mean', 'mean_se', 'median', 'exact_mean'], rows);
}
