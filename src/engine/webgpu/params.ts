/**
 * The uniform fields every layer kernel of both engines reads, from the run's spec and the
 * chunk's networks. Each engine adds its own (the exact engine's layer range, the explicit
 * engine's row range and weight scales).
 */
import { depthOf, inputCount, type RunSpec } from '../spec.ts';
import { activationCode, NORM_CODES } from './codes.ts';

/** Dropout threshold on the 32-bit word: keep iff word >= ceil(p 2^32 - 1/2) (see activations.wgsl). */
export function dropThreshold(p: number): number {
  if (p <= 0) return 0;
  return Math.min(0xffffffff, Math.max(0, Math.ceil(p * 2 ** 32 - 0.5)));
}

export function layerParams(spec: RunSpec, start: number, count: number) {
  const { model } = spec;
  return {
    seed: spec.seed >>> 0,
    net_offset: start,
    networks: count,
    k: inputCount(model),
    depth: depthOf(model),
    code: activationCode(model.activation),
    slope: model.activation.slope,
    norm: NORM_CODES[model.normalization],
    drop_threshold: dropThreshold(model.dropout),
    drop_scale: model.dropout > 0 ? 1 / (1 - model.dropout) : 1,
    cw: model.cw,
    cb: model.cb,
  };
}
