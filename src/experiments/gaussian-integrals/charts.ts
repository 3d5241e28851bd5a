/**
 * Charts of the Gaussian-integrals view: the sample moment against the number of samples (log
 * x, SE bars, Wick's exact value and its +-2 exact-SE funnel), the 1-D integrand with the
 * trapezoid rule's nodes, and the 2-D samples with their 1- and 2-sigma ellipses; and their
 * CSVs. Okabe-Ito colours.
 */
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { axesOptions, csvOf, lineDataset } from '../../ui/chart-axes.ts';
import { linearTick, logTick } from '../../ui/chart-ticks.ts';
import { covarianceEllipse, gaussianIntegrand, type LineIntegral } from '../../theory/gaussian-integral.ts';
import type { Cov2 } from '../../theory/wick.ts';
import type { GaussianSnapshot } from './model.ts';

type Dataset = ScatterConfig['data']['datasets'][number];

export const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸'];
const SUBSCRIPT = ['₀', '₁', '₂'];

/** "E[z₁² z₂²]", the moment's name in labels and headings (plain text, for Chart.js too). */
export function momentName(p: number, q: number): string {
  const part = (i: number, k: number) =>
    k === 0 ? '' : `z${SUBSCRIPT[i]}${k === 1 ? '' : (SUPERSCRIPT[k] ?? `^${k}`)}`;
  return `E[${[part(1, p), part(2, q)].filter(Boolean).join(' ')}]`;
}

export function convergenceConfig(s: GaussianSnapshot, big = false): ScatterConfig {
  const pts = s.points;
  const total = s.total;
  const ns = [10, ...pts.map((p) => p.n)].filter((n, i, a) => a.indexOf(n) === i);
  // The funnel on a finer grid than the checkpoints, so that it reads as a curve.
  const grid = Array.from({ length: 61 }, (_, i) => 10 * (total / 10) ** (i / 60));
  const sd = Math.sqrt(s.exactVariance);
  const datasets: Dataset[] = [
    lineDataset(
      `exact ± 2 SE (SE = √(Var/N))`,
      grid.map((n) => ({ x: n, y: s.exact + (2 * sd) / Math.sqrt(n) })),
      C.skyBlue,
      1.5,
      [4, 4],
    ),
    lineDataset(
      'exact − 2 SE',
      grid.map((n) => ({ x: n, y: s.exact - (2 * sd) / Math.sqrt(n) })),
      C.skyBlue,
      1.5,
      [4, 4],
    ),
    {
      label: `sample mean (± 1 SE), N up to ${s.done}`,
      data: pts.map((p) => ({ x: p.n, y: p.mean })),
      errorBars: pts.map((p) => p.se),
      borderColor: C.blue,
      backgroundColor: C.blue,
      pointRadius: 5,
    } as Dataset,
    lineDataset(
      `Wick: ${momentName(s.p, s.q)} = ${Number(s.exact.toPrecision(6))}`,
      [
        { x: ns[0], y: s.exact },
        { x: total, y: s.exact },
      ],
      C.vermillion,
      2.5,
    ),
  ];
  const options = axesOptions('number of samples N', momentName(s.p, s.q), big, { x: logTick });
  Object.assign(options.scales!.x!, { min: 8, max: total * 1.25 });
  // The y range: the exact value +- 4 SE at N = 100 (earlier points may fall outside: they are noisy).
  const half = Math.max((4 * sd) / 10, Math.abs(s.exact) * 0.05, 1e-3);
  Object.assign(options.scales!.y!, { min: s.exact - half, max: s.exact + half });
  Object.assign(options.scales!.y!.ticks!, { callback: linearTick });
  const legend = options.plugins!.legend as { labels: Record<string, unknown> };
  legend.labels.filter = (item: { text: string }) => item.text !== 'exact − 2 SE';
  return { type: 'scatter', data: { datasets }, options };
}

export function convergenceCsv(s: GaussianSnapshot): string {
  const sd = Math.sqrt(s.exactVariance);
  return csvOf(
    ['samples', 'sample_mean', 'sample_se', 'exact', 'exact_se'],
    s.points.map((p) => [p.n, p.mean, p.se, s.exact, sd / Math.sqrt(p.n)]),
  );
}

/** The integrand exp(-(z - mu)^2 / 2K) on a fine grid, and the trapezoid rule's nodes on it. */
export function integrandConfig(K: number, mu: number, rule: LineIntegral, big = false): ScatterConfig {
  const f = gaussianIntegrand(K, mu);
  // A fixed range (the widest bell, K = 4 at mu = +-3, to 3 sd), so that moving K or mu moves the curve, not the axes.
  const lo = -9;
  const hi = 9;
  const curve = Array.from({ length: 241 }, (_, i) => {
    const z = lo + ((hi - lo) * i) / 240;
    return { x: z, y: f(z) };
  });
  const nodes = rule.nodes.filter((z) => z >= lo && z <= hi).map((z) => ({ x: z, y: f(z) }));
  const datasets: Dataset[] = [
    {
      ...lineDataset(`exp(−(z−μ)²/2K), K = ${K}, μ = ${mu}`, curve, C.vermillion, 2.5),
      backgroundColor: 'rgba(213, 94, 0, 0.12)',
      fill: 'origin',
    },
    {
      label: `trapezoid nodes, h = ${Number(rule.h.toPrecision(3))}`,
      data: nodes,
      borderColor: C.blue,
      backgroundColor: C.blue,
      pointRadius: 3.5,
    },
  ];
  const options = axesOptions('z', 'integrand', big);
  Object.assign(options.scales!.x!, { min: lo, max: hi });
  Object.assign(options.scales!.y!, { min: 0, max: 1.08 });
  return { type: 'scatter', data: { datasets }, options };
}

export function integrandCsv(K: number, mu: number, rule: LineIntegral): string {
  const f = gaussianIntegrand(K, mu);
  return csvOf(
    ['z', 'integrand', 'trapezoid_weight'],
    rule.nodes.map((z) => [z, f(z), rule.h]),
  );
}

/** The first samples of N(0, K) and the ellipses z^T K^-1 z = 1 and 4, on equal axes. */
export function scatterConfig(s: GaussianSnapshot, K: Cov2, big = false): ScatterConfig {
  const pts: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < s.scatter.length; i += 2) pts.push({ x: s.scatter[i], y: s.scatter[i + 1] });
  const datasets: Dataset[] = [
    {
      label: `${pts.length} samples`,
      data: pts,
      borderColor: 'rgba(0, 114, 178, 0.55)',
      backgroundColor: 'rgba(0, 114, 178, 0.35)',
      pointRadius: 2,
      pointBorderWidth: 0,
    },
    lineDataset('1σ ellipse (39.3%)', covarianceEllipse(K, 1), C.vermillion, 2.5),
    lineDataset('2σ ellipse (86.5%)', covarianceEllipse(K, 2), C.vermillion, 2, [7, 5]),
  ];
  const options = axesOptions('z1', 'z2', big);
  // The same range on both axes (the plot is wider than tall, so a circle shows as a wide ellipse).
  const r = 2.6 * Math.sqrt(Math.max(K.k11, K.k22)) + 0.2;
  Object.assign(options.scales!.x!, { min: -r, max: r });
  Object.assign(options.scales!.y!, { min: -r, max: r });
  return { type: 'scatter', data: { datasets }, options };
}

export function scatterCsv(s: GaussianSnapshot): string {
  const rows: number[][] = [];
  for (let i = 0; i + 1 < s.scatter.length; i += 2) rows.push([i / 2, s.scatter[i], s.scatter[i + 1]]);
  return csvOf(['sample', 'z1', 'z2'], rows);
}
