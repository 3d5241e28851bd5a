/**
 * Charts of the Training view, built from a snapshot and the view's step and test point:
 * the functions being learned (data points, up to 64 trained functions drawn thin, the ensemble
 * mean, the infinite-width mean and 2-sd band, the other variant's band to compare), the output
 * distribution at a test point (init and trained histograms against N(0, K) and N(mu_k, Sigma_k)),
 * the losses with a top axis in tau = eta k, and the eigenmodes' residuals. Colours: Okabe-Ito.
 */
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { axesOptions, csvOf, font, lineDataset, quantileBand } from '../../ui/chart-axes.ts';
import { linearTick, logTick } from '../../ui/chart-ticks.ts';
import type { TrainingSnapshot } from './model.ts';
import type { SweepPart } from './sweep.ts';
import type { SlopeFit } from '../../engine/training/width-sweep.ts';
import {
  bandOf,
  drawnFunctions,
  ensembleBand,
  lossSeries,
  modeResiduals,
  outputDistribution,
  type OutputDistribution,
} from './readout.ts';

type Dataset = ScatterConfig['data']['datasets'][number];
const xy = (x: readonly number[], y: readonly number[]) => x.map((v, i) => ({ x: v, y: y[i] }));
const finitePoints = (pts: { x: number; y: number }[]) => pts.filter((p) => Number.isFinite(p.y));

/** The functions chart's x-axis title. */
export const axisTitle = (snap: TrainingSnapshot) =>
  snap.axis.kind === 'angle' ? 'angle φ (radians)' : 'input x';

/** A filled band between lo and hi (the second dataset fills to the first). */
function band(
  label: string,
  lo: { x: number; y: number }[],
  hi: { x: number; y: number }[],
  fill: string,
): Dataset[] {
  return [
    {
      label: `${label} (lower)`,
      data: lo,
      showLine: true,
      borderColor: 'transparent',
      pointRadius: 0,
      borderWidth: 0,
    },
    {
      label,
      data: hi,
      showLine: true,
      borderColor: 'transparent',
      backgroundColor: fill,
      fill: '-1',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 0,
    },
  ];
}

export interface FunctionsOptions {
  /** Logged-step index shown, and the grid point of the histogram (its marker). */
  s: number;
  point: number;
  /** Also the other variant's band. */
  compare: boolean;
  trainedLabel: string;
  otherLabel: string;
}

export function functionsConfig(snap: TrainingSnapshot, o: FunctionsOptions, big = false): ScatterConfig {
  const x = snap.axis.coordinate;
  const datasets: Dataset[] = [];
  const theory = bandOf(snap.theory);
  if (theory) {
    const m = theory.mean[o.s];
    const sd = theory.sd[o.s];
    datasets.push(
      ...band(
        `n → ∞: mean ± 2 sd (${o.trainedLabel})`,
        xy(
          x,
          m.map((v, g) => v - 2 * sd[g]),
        ),
        xy(
          x,
          m.map((v, g) => v + 2 * sd[g]),
        ),
        'rgba(230, 159, 0, 0.25)',
      ),
    );
  }
  const other = bandOf(snap.other);
  if (o.compare && other) {
    const m = other.mean[o.s];
    const sd = other.sd[o.s];
    datasets.push(
      lineDataset(`n → ∞ mean, ${o.otherLabel}`, xy(x, m), C.reddishPurple, 2.5, [3, 3]),
      lineDataset(
        `${o.otherLabel} ± 2 sd`,
        xy(
          x,
          m.map((v, g) => v + 2 * sd[g]),
        ),
        C.reddishPurple,
        1.2,
        [3, 3],
      ),
      lineDataset(
        `${o.otherLabel} − 2 sd`,
        xy(
          x,
          m.map((v, g) => v - 2 * sd[g]),
        ),
        C.reddishPurple,
        1.2,
        [3, 3],
      ),
    );
  }
  drawnFunctions(snap, o.s).forEach((f, i) =>
    datasets.push({
      label: i === 0 ? `trained networks (${Math.min(snap.networks, 64)} drawn)` : `network ${i + 1}`,
      data: xy(x, f),
      showLine: true,
      borderColor: 'rgba(0, 114, 178, 0.35)',
      pointRadius: 0,
      pointStyle: 'line',
      borderWidth: 1,
    }),
  );
  if (snap.networks > 0)
    datasets.push(
      lineDataset(
        `ensemble mean, ${snap.networks} networks`,
        finitePoints(xy(x, ensembleBand(snap, o.s).mean)),
        C.blue,
        3,
      ),
    );
  if (theory) datasets.push(lineDataset('n → ∞ mean', xy(x, theory.mean[o.s]), C.orange, 2.5, [8, 5]));
  datasets.push({
    label: 'training data',
    data: xy(snap.axis.dataCoordinate, snap.data.y),
    borderColor: C.black,
    backgroundColor: C.black,
    pointRadius: big ? 8 : 6,
    pointStyle: 'circle',
  });
  datasets.push({
    label: 'test point (histogram)',
    data: [{ x: x[o.point], y: theory ? theory.mean[o.s][o.point] : 0 }],
    borderColor: C.vermillion,
    backgroundColor: 'rgba(213, 94, 0, 0.2)',
    pointRadius: big ? 11 : 9,
    pointStyle: 'crossRot',
    borderWidth: 3,
  });
  const options = axesOptions(axisTitle(snap), 'network output f(x)', big);
  const ys = theory ? theory.mean[0].map((m, g) => Math.abs(m) + 2.2 * theory.sd[0][g]) : [2];
  const top = Math.max(1.5, Math.min(10, Math.max(...ys.filter(Number.isFinite))));
  Object.assign(options.scales!.x!, { min: x[0], max: x[x.length - 1] });
  Object.assign(options.scales!.y!, { min: -top, max: top });
  for (const axis of [options.scales!.x!, options.scales!.y!])
    Object.assign(axis.ticks!, { callback: linearTick });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) =>
    /\(lower\)$|^network \d|− 2 sd$/.test(item.text)
      ? false
      : !item.text.endsWith('± 2 sd') || item.text.startsWith('n → ∞: mean');
  return { type: 'scatter', data: { datasets }, options };
}

export function functionsCsv(snap: TrainingSnapshot, s: number): string {
  const theory = bandOf(snap.theory);
  const e = ensembleBand(snap, s);
  return csvOf(
    [snap.axis.kind, 'ensemble_mean', 'ensemble_sd', 'theory_mean', 'theory_sd', 'target'],
    snap.axis.coordinate.map((x, g) => [
      x,
      e.mean[g],
      e.sd[g],
      theory ? theory.mean[s][g] : null,
      theory ? theory.sd[s][g] : null,
      snap.axis.target[g],
    ]),
  );
}

function steps(edges: number[], density: number[]) {
  return edges.map((e, i) => ({ x: e, y: density[Math.min(i, density.length - 1)] }));
}

export function distributionConfig(d: OutputDistribution, stepLabel: string, big = false): ScatterConfig {
  const datasets: Dataset[] = [
    {
      label: 'at initialization',
      data: steps(d.initEdges, d.init),
      showLine: true,
      stepped: 'before',
      borderColor: '#7a7a7a',
      backgroundColor: 'rgba(150, 150, 150, 0.25)',
      fill: 'origin',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 1.2,
    },
    {
      label: `at ${stepLabel}`,
      data: steps(d.trainedEdges, d.trained),
      showLine: true,
      stepped: 'before',
      borderColor: C.blue,
      backgroundColor: 'rgba(86, 180, 233, 0.35)',
      fill: 'origin',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 1.5,
    },
  ];
  if (d.priorDensity.length)
    datasets.push(lineDataset('N(0, K) (n → ∞, init)', xy(d.curveX, d.priorDensity), C.black, 2, [6, 4]));
  if (d.posteriorDensity.length)
    datasets.push(
      lineDataset('N(μ_k, Σ_k) (n → ∞, trained)', xy(d.curveX, d.posteriorDensity), C.vermillion, 2.5),
    );
  const options = axesOptions('network output f(x) at the test point', 'density', big);
  Object.assign(options.scales!.x!, { min: d.range[0], max: d.range[1] });
  Object.assign(options.scales!.y!, { min: 0 });
  for (const axis of [options.scales!.x!, options.scales!.y!])
    Object.assign(axis.ticks!, { callback: linearTick });
  return { type: 'scatter', data: { datasets }, options };
}

export function distributionCsv(d: OutputDistribution): string {
  const rows = (which: string, edges: number[], density: number[]) =>
    density.map((v, i): (string | number)[] => [which, edges[i], edges[i + 1], v]);
  return csvOf(
    ['histogram', 'bin_low', 'bin_high', 'density'],
    [...rows('init', d.initEdges, d.init), ...rows('trained', d.trainedEdges, d.trained)],
  );
}

/** A top axis in tau = eta k over a bottom axis in steps (both linear, same range). */
function tauAxis(options: ScatterConfig['options'], snap: TrainingSnapshot, big: boolean): void {
  const last = snap.steps[snap.steps.length - 1];
  Object.assign(options!.scales!.x!, { min: 0, max: last });
  options!.scales!.tau = {
    type: 'linear',
    position: 'top',
    display: true,
    min: 0,
    max: last,
    grid: { drawOnChartArea: false },
    title: {
      display: true,
      text: `τ = η k (η = ${Number(snap.eta.toPrecision(3))})`,
      color: '#000',
      font: { size: font(big).size + 1 },
    },
    ticks: {
      color: '#222',
      font: font(big),
      callback: (v: number | string) => linearTick(Number(v) * snap.eta),
    },
  };
}

export function lossConfig(snap: TrainingSnapshot, s: number, big = false): ScatterConfig {
  const l = lossSeries(snap);
  const k = snap.steps;
  const positive = (pts: { x: number; y: number }[]) => pts.filter((p) => p.y > 0 && Number.isFinite(p.y));
  const theory = bandOf(snap.theory);
  const datasets: Dataset[] = [
    ...quantileBand(positive(xy(k, l.q10)), positive(xy(k, l.q90))),
    lineDataset('training loss, ensemble mean', positive(xy(k, l.mean)), C.blue, 3),
    lineDataset('test loss on the grid, ensemble', positive(xy(k, l.test)), C.bluishGreen, 2.5),
  ];
  if (theory) {
    datasets.push(
      lineDataset('training loss, n → ∞', positive(xy(k, theory.trainLoss)), C.vermillion, 2.5, [8, 5]),
    );
    datasets.push(lineDataset('test loss, n → ∞', positive(xy(k, theory.testLoss)), C.black, 2, [3, 3]));
  }
  datasets.push({
    label: 'step shown',
    data: [
      { x: k[s], y: Number.isFinite(l.mean[s]) && l.mean[s] > 0 ? l.mean[s] : (theory?.trainLoss[s] ?? 1) },
    ],
    borderColor: C.vermillion,
    pointRadius: big ? 9 : 7,
    pointStyle: 'crossRot',
    borderWidth: 3,
  });
  const options = axesOptions('gradient-descent step k', 'loss (1/2N) Σ (f − y)²', big, { y: logTick });
  tauAxis(options, snap, big);
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) => item.text !== '10% quantile';
  return { type: 'scatter', data: { datasets }, options };
}

export function lossCsv(snap: TrainingSnapshot): string {
  const l = lossSeries(snap);
  const theory = bandOf(snap.theory);
  return csvOf(
    ['step', 'tau', 'train_mean', 'train_q10', 'train_q90', 'test_mean', 'train_theory', 'test_theory'],
    snap.steps.map((k, s) => [
      k,
      snap.tau[s],
      l.mean[s],
      l.q10[s],
      l.q90[s],
      l.test[s],
      theory ? theory.trainLoss[s] : null,
      theory ? theory.testLoss[s] : null,
    ]),
  );
}

const MODE_COLORS = [C.blue, C.vermillion, C.bluishGreen, C.reddishPurple, C.orange, C.skyBlue];

export function modesConfig(snap: TrainingSnapshot, big = false): ScatterConfig {
  const r = modeResiduals(snap);
  // Below 1e-6 of the start a mode is gone to rounding (the square root of an f64 quadratic form, f32 outputs): not drawn.
  const positive = (pts: { x: number; y: number }[]) => {
    const floor = 1e-6 * (pts[0]?.y ?? 0);
    return pts.filter((p) => p.y > floor && Number.isFinite(p.y));
  };
  const datasets: Dataset[] = [];
  snap.modes.slice(0, MODE_COLORS.length).forEach((mode, i) => {
    const color = MODE_COLORS[i];
    datasets.push({
      label: `mode ${i + 1}: λ = ${Number(mode.lambda.toPrecision(3))}, ensemble`,
      data: positive(xy(snap.steps, r.measured[i])),
      borderColor: color,
      backgroundColor: color,
      pointRadius: big ? 4 : 3,
      showLine: false,
    });
    if (r.theory)
      datasets.push(
        lineDataset(
          `mode ${i + 1}, n → ∞: (1 − ηλ/N)^k`,
          positive(xy(snap.steps, r.theory[i])),
          color,
          2,
          [6, 4],
        ),
      );
  });
  const options = axesOptions('gradient-descent step k', 'RMS of v_i · (f(X) − y)', big, { y: logTick });
  tauAxis(options, snap, big);
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) => !item.text.includes('n → ∞: (1');
  return { type: 'scatter', data: { datasets }, options };
}

export function modesCsv(snap: TrainingSnapshot): string {
  const r = modeResiduals(snap);
  const header = ['step', ...snap.modes.flatMap((_, i) => [`mode${i + 1}_ensemble`, `mode${i + 1}_theory`])];
  return csvOf(
    header,
    snap.steps.map((k, s) => [
      k,
      ...snap.modes.flatMap((_, i) => [r.measured[i][s], r.theory ? r.theory[i][s] : null]),
    ]),
  );
}

export { outputDistribution };

const SWEEP_COLORS = [
  C.blue,
  C.skyBlue,
  C.orange,
  C.reddishPurple,
  C.yellow,
  C.vermillion,
  C.bluishGreen,
  C.black,
];

/** Per-layer weight change, NTK change and distance from the linearization against width, log-log, with the laws' slopes as guides. */
export function sweepConfig(part: SweepPart, big = false): ScatterConfig {
  const n = part.widths;
  const datasets: Dataset[] = [];
  const series = (
    label: string,
    ys: { mean: number; se: number }[],
    fit: SlopeFit | undefined,
    color: string,
    dash?: number[],
  ) => {
    const pts = n.map((w, i) => ({ x: w, y: ys[i].mean })).filter((p) => p.y > 0 && Number.isFinite(p.y));
    const slope =
      fit && Number.isFinite(fit.slope)
        ? ` slope ${fit.slope.toFixed(2)} ± ${fit.se.toFixed(2)} (law ${Number(fit.law.toFixed(2))})`
        : '';
    datasets.push({
      label: `${label}${slope}`,
      data: pts,
      errorBars: ys.filter((y) => y.mean > 0 && Number.isFinite(y.mean)).map((y) => y.se),
      borderColor: color,
      backgroundColor: color,
      pointRadius: big ? 6 : 4,
      showLine: false,
    } as Dataset);
    // The law through the first point: how the series would fall if it followed it exactly.
    if (fit && pts.length)
      datasets.push(
        lineDataset(
          `${label} law`,
          pts.map((p) => ({ x: p.x, y: pts[0].y * (p.x / pts[0].x) ** fit.law })),
          color,
          1.5,
          dash ?? [6, 4],
        ),
      );
  };
  const L = part.points[0]?.weightChange.length ?? 0;
  for (let l = 0; l < L; l++)
    series(
      `weights, layer ${l + 1}`,
      part.points.map((p) => p.weightChange[l]),
      part.slopes?.weightChange[l],
      SWEEP_COLORS[l % SWEEP_COLORS.length],
    );
  series(
    'NTK change',
    part.points.map((p) => p.ntkChange),
    part.slopes?.ntkChange,
    C.black,
    [2, 3],
  );
  series(
    'distance from the linearization',
    part.points.map((p) => p.linearizationDistance),
    part.slopes?.linearizationDistance,
    C.bluishGreen,
    [2, 3],
  );
  const options = axesOptions('width n', 'relative change', big, { x: logTick, y: logTick });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) => !item.text.endsWith(' law');
  return { type: 'scatter', data: { datasets }, options };
}

export function sweepCsv(part: SweepPart): string {
  const L = part.points[0]?.weightChange.length ?? 0;
  const layers = Array.from({ length: L }, (_, l) => [
    `weights_layer${l + 1}`,
    `weights_layer${l + 1}_se`,
  ]).flat();
  return csvOf(
    [
      'width',
      ...layers,
      'ntk_change',
      'ntk_change_se',
      'linearization_distance',
      'linearization_distance_se',
    ],
    part.points.map((p) => [
      p.width,
      ...p.weightChange.flatMap((w) => [w.mean, w.se]),
      p.ntkChange.mean,
      p.ntkChange.se,
      p.linearizationDistance.mean,
      p.linearizationDistance.se,
    ]),
  );
}
