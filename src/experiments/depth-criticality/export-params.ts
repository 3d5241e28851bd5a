/**
 * What the depth view's exports state: the per-layer charts the ensemble as far as it ran, with
 * normalization and dropout; the lecture's chart its three exact-engine ReLU ensembles.
 */
import {
  ensemblePart,
  exportParams,
  networkPart,
  runPart,
  type ExportParams,
  type ExportPart,
} from '../../ui/export-meta.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import type { DepthSnapshot } from './model.ts';
import type { DepthNorm, DepthState } from './state.ts';

export const NORM_LABELS: Record<DepthNorm, string> = { none: 'none', layer: 'LayerNorm', rms: 'RMSNorm' };

/** Normalization and dropout, where the state has them. */
function trainingTricks(s: DepthState): ExportPart {
  const line: string[] = [];
  const name: Record<string, string | number> = {};
  if (s.norm !== 'none') {
    line.push(NORM_LABELS[s.norm]);
    name[s.norm === 'layer' ? 'layernorm' : 'rmsnorm'] = '';
  }
  if (s.dropout > 0) {
    line.push(`dropout ${s.dropout}`);
    name.dropout = s.dropout;
  }
  return { line, name };
}

export function layerChartParams(s: DepthState, snap: DepthSnapshot): ExportParams {
  return exportParams(networkPart(s), trainingTricks(s), ensemblePart(snap.networks, s.networks), runPart(s));
}

export function lectureParams(s: DepthState, snap: DepthSnapshot): ExportParams {
  const counts = (snap.lecture ?? []).map((c) => `${c.networks} at c = ${c.c}`);
  return exportParams(
    {
      // With dropout p the lecture's curves sit at C_W = c(1 - p): the critical one stays critical.
      line: [
        'ReLU',
        'C_b = 0',
        s.dropout > 0 ? `C_W = c(1 - p) = ${formatNumber(1 - s.dropout)}c` : 'C_W = c',
        `n = ${s.width}`,
        `L = ${s.depth}`,
      ],
      name: { relu: '', n: s.width, L: s.depth },
    },
    trainingTricks(s),
    { line: [`M = ${counts.join(', ')} networks`], name: { M: s.networks } },
    runPart({ seed: s.seed, engine: 'exact' }),
  );
}
