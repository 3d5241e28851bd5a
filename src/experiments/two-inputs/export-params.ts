/**
 * What the two-inputs view's exports state: the correlation chart its ensemble as far as it ran;
 * the phase diagram, infinite-width theory over the (C_W, C_b) plane, only what it depends on.
 */
import { makeActivation } from '../../theory/activations.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { ensemblePart, exportParams, networkPart, runPart, type ExportParams } from '../../ui/export-meta.ts';
import type { TwoInputsSnapshot } from './model.ts';
import type { TwoInputsState } from './state.ts';

export function correlationParams(s: TwoInputsState, snap: TwoInputsSnapshot): ExportParams {
  return exportParams(
    networkPart(s),
    { line: [`input correlation ${formatNumber(s.rho)}`], name: { rho: formatNumber(s.rho) } },
    ensemblePart(snap.networks, s.networks),
    runPart(s),
  );
}

export function phaseDiagramParams(s: TwoInputsState): ExportParams {
  return {
    line: `${makeActivation(s.activation).label}, L = ${s.depth}, input correlation ${formatNumber(s.rho)}, C_W and C_b on the axes (infinite width)`,
    name: {
      [s.activation]: '',
      L: s.depth,
      rho: formatNumber(s.rho),
      [s.shade === 'chi' ? 'chi' : 'cL']: '',
    },
  };
}
