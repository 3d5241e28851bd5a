/**
 * Chart.js configurations and CSV text of the sums view, from a snapshot: the histogram of S_n
 * at the n shown against N(0, 1) and the Edgeworth density (the first 1/n correction), and the
 * measured |kappa_3|, |kappa_4|, |kappa_6| of S_n against n on log-log axes beside their exact
 * lines n^{1-r/2} |kappa_r(X)|, slopes -1/2, -1 and -2. Colours: Okabe-Ito (histogram sky blue,
 * Gaussian black, Edgeworth vermillion; kappa_4 blue, kappa_6 reddish purple, kappa_3 orange).
 */
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { linearTick, logTick } from '../../ui/chart-ticks.ts';
import { axesOptions, csvOf, lineDataset } from '../../ui/chart-axes.ts';
import { normalPdf } from '../../theory/special.ts';
import { cumulantSlope, edgeworthDensity, exactCumulant, sumCumulant } from '../../theory/iid-sums.ts';
import type { CumulantEstimate } from '../../stats/cumulants.ts';
import type { SumsSnapshot } from './model.ts';

type Dataset = ScatterConfig['data']['datasets'][number];

/** The density axis stops here: the coin's lattice and the exponential at n = 1 have taller bars (cut, said in the caption). */
export const DENSITY_MAX = 0.8;

/** The cumulant orders drawn: kappa_3 only where X is skewed (its exact value is not 0). */
export const ORDERS = [3, 4, 6] as const;
export type Order = (typeof ORDERS)[number];

const ORDER_COLOR: Record<Order, string> = { 3: C.orange, 4: C.blue, 6: C.reddishPurple };
const SUBSCRIPT: Record<Order, string> = { 3: '₃', 4: '₄', 6: '₆' };

export const estimateOf = (e: CumulantEstimate, r: Order): { value: number; se: number } =>
  r === 3
    ? { value: e.kappa3, se: e.kappa3SE }
    : r === 4
      ? { value: e.kappa4, se: e.kappa4SE }
      : { value: e.kappa6, se: e.kappa6SE };

/** The orders with a non-zero exact cumulant for this X. */
export const drawnOrders = (s: SumsSnapshot): Order[] =>
  ORDERS.filter((r) => exactCumulant(s.distribution, r) !== 0);

/** Points on [-5, 5] for the theory curves. */
const CURVE_X = Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);

/** The histogram of S_n (index `i` of the snapshot's n's) with N(0, 1) and the Edgeworth density. */
export function histogramConfig(s: SumsSnapshot, i: number, big = false): ScatterConfig {
  const n = s.widths[i];
  const dens = s.density[i];
  const steps = Array.from(s.edges, (e, j) => ({
    x: e,
    y: Math.min(DENSITY_MAX, dens[Math.min(j, dens.length - 1)]),
  }));
  const k3 = sumCumulant(s.distribution, 3, n);
  const k4 = sumCumulant(s.distribution, 4, n);
  const datasets: Dataset[] = [
    {
      label: `S_n, n = ${n}: ${s.samples} sums`,
      data: steps,
      showLine: true,
      stepped: 'before',
      borderColor: '#5a6b7d',
      backgroundColor: 'rgba(86, 180, 233, 0.35)',
      fill: 'origin',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 1.5,
    },
    lineDataset(
      'Gaussian N(0, 1) (n → ∞)',
      CURVE_X.map((x) => ({ x, y: normalPdf(x) })),
      C.black,
      2.5,
    ),
    lineDataset(
      k3 === 0 ? 'with the 1/n correction (Edgeworth)' : 'Edgeworth, to order 1/n (κ₃/√n and κ₄/n)',
      CURVE_X.map((x) => ({ x, y: Math.max(0, edgeworthDensity(x, k3, k4)) })),
      C.vermillion,
      2.5,
      [8, 5],
    ),
  ];
  const options = axesOptions('S_n = (X₁ + … + X_n)/√n', 'density', big);
  Object.assign(options.scales!.x!, { min: s.edges[0], max: s.edges[s.edges.length - 1] });
  Object.assign(options.scales!.y!, { min: 0, max: DENSITY_MAX });
  for (const axis of [options.scales!.x!, options.scales!.y!])
    Object.assign(axis.ticks!, { callback: linearTick });
  return { type: 'scatter', data: { datasets }, options };
}

/** The n axis's bounds (padded so that the end points are not on the frame). */
const N_MIN = 1 / 1.3;
const N_MAX = 4096 * 1.3;
/** The cumulant axis's floor: below it every measured value is noise at the sample sizes the view takes. */
export const CUMULANT_MIN = 1e-4;

/**
 * |kappa_r(S_n)| against n, log-log: measured points with SE bars (filled where the estimate is
 * more than 2 SE from 0, hollow and without a bar where it is consistent with 0) and the exact lines; a vertical
 * line at the n shown.
 */
export function cumulantConfig(s: SumsSnapshot, nShown: number, big = false): ScatterConfig {
  const datasets: Dataset[] = [];
  let top = 1;
  for (const r of drawnOrders(s)) {
    const color = ORDER_COLOR[r];
    const kx = Math.abs(exactCumulant(s.distribution, r));
    top = Math.max(top, kx);
    const pts = s.estimates
      .map((e, i) => ({ n: s.widths[i], ...estimateOf(e, r) }))
      .filter((p) => Number.isFinite(p.value) && Math.abs(p.value) > 0);
    datasets.push({
      label: `measured |κ${SUBSCRIPT[r]}| (± 1 SE)`,
      data: pts.map((p) => ({ x: p.n, y: Math.abs(p.value) })),
      // A hollow point (within 2 SE of 0) has no bar: on log axes it would run to the floor.
      errorBars: pts.map((p) => (Math.abs(p.value) > 2 * p.se ? p.se : NaN)),
      borderColor: color,
      backgroundColor: pts.map((p) => (Math.abs(p.value) > 2 * p.se ? color : '#ffffff')),
      borderWidth: 2,
      pointRadius: big ? 6 : 4.5,
      pointStyle: r === 6 ? 'rectRot' : r === 3 ? 'triangle' : 'circle',
      showLine: false,
    } as Dataset);
    const slope = cumulantSlope(r);
    datasets.push(
      lineDataset(
        `exact |κ${SUBSCRIPT[r]}(X)| n^${slope === -0.5 ? '−1/2' : `−${-slope}`} (slope ${slope === -0.5 ? '−½' : `−${-slope}`})`,
        [1, 4096].map((n) => ({ x: n, y: kx * n ** slope })),
        color,
        2,
        r === 4 ? undefined : [6, 4],
      ),
    );
  }
  datasets.push({
    label: `n = ${nShown}`,
    data: [
      { x: nShown, y: CUMULANT_MIN },
      { x: nShown, y: top * 3 },
    ],
    showLine: true,
    borderColor: 'rgba(0, 0, 0, 0.35)',
    borderDash: [2, 3],
    borderWidth: 1.5,
    pointRadius: 0,
    pointStyle: 'line',
  });
  const options = axesOptions('terms n', '|cumulant of S_n|', big, { x: logTick, y: logTick });
  Object.assign(options.scales!.x!, { min: N_MIN, max: N_MAX });
  Object.assign(options.scales!.y!, { min: CUMULANT_MIN, max: top * 3 });
  return { type: 'scatter', data: { datasets }, options };
}

export function histogramCsv(s: SumsSnapshot, i: number): string {
  const n = s.widths[i];
  const k3 = sumCumulant(s.distribution, 3, n);
  const k4 = sumCumulant(s.distribution, 4, n);
  const rows = Array.from(s.density[i], (d, j) => {
    const mid = 0.5 * (s.edges[j] + s.edges[j + 1]);
    return [s.edges[j], s.edges[j + 1], d, normalPdf(mid), edgeworthDensity(mid, k3, k4)];
  });
  return csvOf(['x_lo', 'x_hi', 'density', 'gaussian_at_mid', 'edgeworth_at_mid'], rows);
}

export function cumulantCsv(s: SumsSnapshot): string {
  const d = s.distribution;
  return csvOf(
    [
      'n',
      'sums',
      'kappa2',
      'kappa2_se',
      'kappa3',
      'kappa3_se',
      'kappa3_exact',
      'kappa4',
      'kappa4_se',
      'kappa4_exact',
      'kappa6',
      'kappa6_se',
      'kappa6_exact',
    ],
    s.estimates.map((e, i) => {
      const n = s.widths[i];
      return [
        n,
        e.count,
        e.kappa2,
        e.kappa2SE,
        e.kappa3,
        e.kappa3SE,
        sumCumulant(d, 3, n),
        e.kappa4,
        e.kappa4SE,
        sumCumulant(d, 4, n),
        e.kappa6,
        e.kappa6SE,
        sumCumulant(d, 6, n),
      ];
    }),
  );
}
