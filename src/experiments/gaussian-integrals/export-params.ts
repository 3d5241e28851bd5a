/** What the Gaussian-integrals view's exports state: each chart only what it depends on. */
import { formatNumber } from '../../ui/theory-summary.ts';
import type { ExportParams } from '../../ui/export-meta.ts';
import { momentName } from './charts.ts';
import type { GaussianSnapshot } from './model.ts';
import type { GaussianIntegralsState } from './state.ts';

const covLine = (s: GaussianIntegralsState) =>
  `K11 = ${formatNumber(s.k11)}, K22 = ${formatNumber(s.k22)}, rho = ${formatNumber(s.rho)}`;

export function convergenceParams(s: GaussianIntegralsState, snap: GaussianSnapshot): ExportParams {
  return {
    line: `${momentName(snap.p, snap.q)}, ${covLine(s)}, N = ${snap.done} of ${s.samples} samples, seed ${s.seed}`,
    name: { p: snap.p, q: snap.q, k11: s.k11, k22: s.k22, rho: s.rho, N: snap.done, seed: s.seed },
  };
}

export function integrandParams(s: GaussianIntegralsState): ExportParams {
  return { line: `K = ${formatNumber(s.k)}, mu = ${formatNumber(s.mu)}`, name: { K: s.k, mu: s.mu } };
}

export function scatterParams(s: GaussianIntegralsState, snap: GaussianSnapshot): ExportParams {
  return {
    line: `${covLine(s)}, first ${snap.scatter.length / 2} samples, seed ${s.seed}`,
    name: { k11: s.k11, k22: s.k22, rho: s.rho, seed: s.seed },
  };
}
