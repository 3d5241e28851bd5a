/** What the random-functions view's exports state: the network (n = ∞ for GP draws), the grid, the ensemble as far as it ran, seed and engine. */
import { formatNumber } from '../../ui/theory-summary.ts';
import {
  ensemblePart,
  exportParams,
  networkPart,
  runPart,
  type ExportPart,
  type ExportParams,
} from '../../ui/export-meta.ts';
import type { FunctionsSnapshot } from './model.ts';
import type { FunctionsState } from './state.ts';

export function functionsParams(s: FunctionsState, snap: FunctionsSnapshot): ExportParams {
  const net = networkPart(s);
  if (s.limit) {
    net.line = net.line.map((w) => (w.startsWith('n = ') ? 'n = ∞ (Gaussian process)' : w));
    net.name.n = 'inf';
  }
  const grid: ExportPart =
    s.domain === 'circle'
      ? { line: [`${s.points} points on the unit circle`], name: { circle: s.points } }
      : {
          line: [`${s.points} points on [-${formatNumber(s.span)}, ${formatNumber(s.span)}]`],
          name: { x: s.points },
        };
  return exportParams(
    net,
    grid,
    ensemblePart(snap.networks, s.networks),
    runPart(s, s.limit ? 'GP draws' : `${s.engine} engine`),
  );
}
