/**
 * A RunSpec as plain data (the activation by its id), so it can cross a worker boundary
 * (structured clone drops functions) and be rebuilt on the other side.
 */
import { parseActivation } from '../../theory/activations.ts';
import type { Normalization, RunSpec } from '../spec.ts';

export interface PlainRunSpec {
  activation: string;
  hiddenWidths: number[];
  cw: number;
  cb: number;
  inputGram: number[][];
  inputDim: number;
  normalization: Normalization;
  dropout: number;
  networks: number;
  seed: number;
}

export function toPlainSpec(spec: RunSpec): PlainRunSpec {
  const m = spec.model;
  return {
    activation: m.activation.id,
    hiddenWidths: [...m.hiddenWidths],
    cw: m.cw,
    cb: m.cb,
    inputGram: m.inputGram.map((row) => [...row]),
    inputDim: m.inputDim,
    normalization: m.normalization,
    dropout: m.dropout,
    networks: spec.networks,
    seed: spec.seed,
  };
}

export function fromPlainSpec(p: PlainRunSpec): RunSpec {
  return {
    model: {
      activation: parseActivation(p.activation),
      hiddenWidths: p.hiddenWidths,
      cw: p.cw,
      cb: p.cb,
      inputGram: p.inputGram,
      inputDim: p.inputDim,
      normalization: p.normalization,
      dropout: p.dropout,
    },
    networks: p.networks,
    seed: p.seed,
  };
}
