/**
 * The explicit engine's chunk: the plain forward pass of explicit-kernel.ts, or, when per-layer
 * statistics or gradients are asked for, explicit-backprop.ts's pass that keeps every layer.
 */
import type { RunSpec } from '../spec.ts';
import { hiddenLayerInPlace } from './layer-ops.ts';
import type { ChunkOptions, ChunkResult } from './chunk-result.ts';
import { explicitStatsChunk } from './explicit-backprop.ts';
import { ExplicitForward } from './explicit-kernel.ts';

/**
 * Networks [start, start + count) with real weights. Per-layer norms or gradient norms, when
 * asked for, come from explicit-backprop.ts (same forward values, plus a stored pass).
 */
export function explicitChunk(
  spec: RunSpec,
  start: number,
  count: number,
  options?: ChunkOptions,
): ChunkResult {
  if (options?.layerStats || options?.gradients) return explicitStatsChunk(spec, start, count, options);
  const { activation, normalization, dropout } = spec.model;
  const forward = new ExplicitForward(spec);
  const { k, scratch } = forward;
  // Layer l's values live in layers[l & 1], so layer l + 1 reads one and writes the other.
  const layers = [new Float64Array(forward.maxWidth * k), new Float64Array(forward.maxWidth * k)];
  const zInto = (l: number) => layers[l & 1];
  const onLayer = options?.onLayer;
  const hidden = (net: number, l: number, z: Float64Array, n: number, slot: number) => {
    hiddenLayerInPlace(activation, normalization, dropout, spec.seed, net, l, z, n, k, scratch);
    onLayer?.(slot, l);
    return z;
  };
  const outputs = new Float64Array(count * k);
  const gram = new Float64Array(count * k * k);
  for (let i = 0; i < count; i++) forward.network(start + i, i, zInto, hidden, outputs, gram);
  return { outputs, gram };
}
