/**
 * What the Gaussian-limit view's exports state: the histogram its ensemble as far as it ran,
 * each sweep its own ensembles (fewer networks per point than the page's, and per-point seeds).
 */
import {
  ensemblePart,
  exportParams,
  networkPart,
  perPointNetworks,
  runPart,
  type ExportParams,
} from '../../ui/export-meta.ts';
import type { Snapshot, Sweep } from './model.ts';
import type { LabState } from './state.ts';

export function histogramParams(s: LabState, snap: Snapshot): ExportParams {
  return exportParams(networkPart(s), ensemblePart(snap.readout.networks, s.networks), runPart(s));
}

/** A sweep at its fixed depth (or width), over its own exact-engine ensembles. */
export function sweepParams(s: LabState, sw: Sweep): ExportParams {
  const fixed = sw.along === 'width' ? { ...s, depth: sw.fixed } : { ...s, width: sw.fixed };
  return exportParams(
    networkPart(fixed, sw.along),
    { line: [perPointNetworks(sw.points.map((p) => p.networks))], name: {} },
    runPart({ seed: s.seed, engine: 'exact' }, 'one seed per point derived from it, exact engine'),
  );
}
