/**
 * The width-independent shortcut of the exact engine (THEORY.md sec. 5): for a
 * scale-invariant activation (linear, ReLU, leaky ReLU), one input and no normalization,
 * sum_j sigma(sqrt(G) xi_j)^2 = G sum_j sigma(xi_j)^2, so G_{l+1} = C_b + G_l M_l with
 * independent layer factors M_l that are sums of chi-squares with binomial degrees of
 * freedom. Sampling one network costs O(L), whatever the width. Equal to the full
 * Gaussian-conditioning path in distribution (not value by value: it reads other addresses).
 */
import { fillNormals, CounterStream } from '../../random/normals.ts';
import { Purpose } from '../../random/address.ts';
import { binomial, chiSquare } from '../../random/samplers.ts';
import type { Activation } from '../../theory/activations.ts';
import type { ModelSpec, RunSpec } from '../spec.ts';
import type { ChunkResult } from './chunk-result.ts';

/** Whether the shortcut is exact for this model. */
export function shortcutApplies(model: ModelSpec): boolean {
  return model.activation.scaleInvariant && model.inputGram.length === 1 && model.normalization === 'none';
}

/** Negative-side slope a of a scale-invariant activation: sigma(x) = x (x > 0), a x (x < 0). */
function negativeSlope(act: Activation): number {
  return act.name === 'linear' ? 1 : act.name === 'relu' ? 0 : act.slope;
}

/**
 * One draw of M = (C_W / n) sum_j sigma(xi_j)^2 m_j^2 with xi_j iid N(0,1) and dropout
 * factors m_j = Bernoulli(1-p)/(1-p): with K kept units of which B positive,
 * M = C_W / (n (1-p)^2) (chi2_B + a^2 chi2_{K-B}).
 */
export function sampleLayerFactor(
  stream: CounterStream,
  n: number,
  slope: number,
  dropout: number,
  cw: number,
): number {
  const q = 1 - dropout;
  const f = cw / (n * q * q);
  if (slope === 1) return f * chiSquare(stream, binomial(stream, n, q));
  if (slope === 0) return f * chiSquare(stream, binomial(stream, n, q / 2));
  const kept = binomial(stream, n, q);
  const positive = binomial(stream, kept, 0.5);
  return f * (chiSquare(stream, positive) + slope * slope * chiSquare(stream, kept - positive));
}

/** Networks [start, start + count) by the shortcut; the model must satisfy shortcutApplies. */
export function shortcutChunk(spec: RunSpec, start: number, count: number): ChunkResult {
  const { model, seed } = spec;
  if (!shortcutApplies(model)) throw new Error('the scale-invariant shortcut does not apply to this model');
  const widths = model.hiddenWidths;
  const depth = widths.length + 1;
  const slope = negativeSlope(model.activation);
  const { cw, cb, dropout } = model;
  const g1 = cb + cw * model.inputGram[0][0];
  const outputs = new Float64Array(count);
  const gram = new Float64Array(count);
  const normal = new Float64Array(1);
  for (let i = 0; i < count; i++) {
    const net = start + i;
    let g = g1;
    for (let l = 1; l < depth; l++) {
      const stream = new CounterStream(seed, net, Purpose.Shortcut, l);
      const m = sampleLayerFactor(stream, widths[l - 1], slope, dropout, cw);
      // A layer with every unit off has sum y^2 = 0 exactly, even if G overflowed to Infinity.
      g = m === 0 ? cb : cb + g * m;
    }
    fillNormals(seed, net, Purpose.Output, depth, 0, normal, 1);
    gram[i] = g;
    outputs[i] = Math.sqrt(g) * normal[0];
  }
  return { outputs, gram };
}
