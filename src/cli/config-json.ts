/** The resolved configuration as the command line prints it (plain JSON, names as typed). */
import type { RunSpec } from '../engine/spec.ts';
import type { ModelSpec } from '../engine/spec.ts';

export function describeModel(m: ModelSpec) {
  return {
    activation: m.activation.id,
    depth: m.hiddenWidths.length + 1,
    widths: [...m.hiddenWidths],
    cw: m.cw,
    cb: m.cb,
    q0: m.inputGram[0][0],
    inputGram: m.inputGram.map((row) => [...row]),
    dropout: m.dropout,
    norm: m.normalization,
  };
}

export function describeConfig(spec: RunSpec) {
  return { ...describeModel(spec.model), networks: spec.networks, seed: spec.seed };
}
