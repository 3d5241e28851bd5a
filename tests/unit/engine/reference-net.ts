/**
 * A test-only reference for the explicit engine on tiny networks: every weight and bias of one
 * network built into arrays (from the same generator addresses), a plain forward pass, and
 * the loss sum_a z_L(x_a)^2 / 2, so that single weights can be perturbed for finite
 * differences. Independent of explicit-kernel.ts except for the layer operations it shares by
 * definition of the model (layer-ops.ts) and the input construction.
 */
import { Purpose } from '../../../src/random/address.ts';
import { fillNormals } from '../../../src/random/normals.ts';
import type { RunSpec } from '../../../src/engine/spec.ts';
import { hiddenLayerInPlace } from '../../../src/engine/cpu/layer-ops.ts';
import { explicitInputs } from '../../../src/engine/cpu/explicit-kernel.ts';

export interface ReferenceNet {
  /** sizes[0] = k (input dimension), sizes[1..L-1] hidden widths, sizes[L] = 1. */
  sizes: number[];
  /** weights[l - 1][i * n_{l-1} + j] = W_l[i][j]. */
  weights: Float64Array[];
  biases: Float64Array[];
}

export function buildReferenceNet(spec: RunSpec, net: number): ReferenceNet {
  const m = spec.model;
  const k = m.inputGram.length;
  const sizes = [k, ...m.hiddenWidths, 1];
  const weights: Float64Array[] = [];
  const biases: Float64Array[] = [];
  const row = new Float64Array(Math.max(...sizes));
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const w = new Float64Array(nOut * nIn);
    for (let i = 0; i < nOut; i++) {
      fillNormals(spec.seed, net, Purpose.Weight, l, i, row, nIn);
      for (let j = 0; j < nIn; j++) w[i * nIn + j] = Math.sqrt(m.cw / nIn) * row[j];
    }
    const b = new Float64Array(nOut);
    if (m.cb > 0) {
      fillNormals(spec.seed, net, Purpose.Bias, l, 0, row, nOut);
      for (let i = 0; i < nOut; i++) b[i] = Math.sqrt(m.cb) * row[i];
    }
    weights.push(w);
    biases.push(b);
  }
  return { sizes, weights, biases };
}

export interface ReferenceForward {
  /** z_L(x_a), a < k. */
  outputs: number[];
  /** |z_l(x_a)|^2 / n_l at [(l - 1) * k + a]. */
  layerNorms: number[];
  /** z_l(x_a) . z_l(x_b) / n_l at [((l - 1) * k + a) * k + b]. */
  layerGrams: number[];
  loss: number;
}

export function referenceForward(spec: RunSpec, net: number, ref: ReferenceNet): ReferenceForward {
  const m = spec.model;
  const k = m.inputGram.length;
  const depth = ref.sizes.length - 1;
  let prev = explicitInputs(m); // unit-major: prev[j * k + a]
  const layerNorms: number[] = [];
  const layerGrams: number[] = [];
  for (let l = 1; l <= depth; l++) {
    const nIn = ref.sizes[l - 1];
    const nOut = ref.sizes[l];
    const z = new Float64Array(nOut * k);
    for (let i = 0; i < nOut; i++) {
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let j = 0; j < nIn; j++) s += ref.weights[l - 1][i * nIn + j] * prev[j * k + a];
        z[i * k + a] = ref.biases[l - 1][i] + s;
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let i = 0; i < nOut; i++) s += z[i * k + a] * z[i * k + b];
        layerGrams.push(s / nOut);
        if (a === b) layerNorms.push(s / nOut);
      }
    }
    if (l < depth) {
      hiddenLayerInPlace(
        m.activation,
        m.normalization,
        m.dropout,
        spec.seed,
        net,
        l,
        z,
        nOut,
        k,
        new Float64Array(nOut),
      );
    }
    prev = z;
  }
  const outputs = Array.from(prev.subarray(0, k));
  return { outputs, layerNorms, layerGrams, loss: outputs.reduce((s, z) => s + (z * z) / 2, 0) };
}

/** |dLoss/dW_l|_F for l = 1..L by central differences on every weight. */
export function finiteDifferenceGradientNorms(spec: RunSpec, net: number, h = 1e-6): number[] {
  const ref = buildReferenceNet(spec, net);
  const norms: number[] = [];
  for (const w of ref.weights) {
    let s = 0;
    for (let t = 0; t < w.length; t++) {
      const keep = w[t];
      w[t] = keep + h;
      const up = referenceForward(spec, net, ref).loss;
      w[t] = keep - h;
      const down = referenceForward(spec, net, ref).loss;
      w[t] = keep;
      s += ((up - down) / (2 * h)) ** 2;
    }
    norms.push(Math.sqrt(s));
  }
  return norms;
}
