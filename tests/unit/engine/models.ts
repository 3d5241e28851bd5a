/**
 * RunSpecs built directly (not through resolveSpec, so the engine tests only depend on the
 * engine and theory/activations), and the exact single-input moments of scale-invariant
 * networks used as the reference.
 */
import { makeActivation, type ActivationName } from '../../../src/theory/activations.ts';
import type { Normalization, RunSpec } from '../../../src/engine/spec.ts';

export interface ModelOptions {
  activation: ActivationName;
  slope?: number;
  widths: number[];
  cw: number;
  cb?: number;
  q0?: number;
  /** Correlation of a second input (same norm); absent: one input. */
  rho?: number;
  norm?: Normalization;
  dropout?: number;
  networks: number;
  seed?: number;
}

export function runSpec(o: ModelOptions): RunSpec {
  const q0 = o.q0 ?? 1;
  const inputGram =
    o.rho === undefined
      ? [[q0]]
      : [
          [q0, o.rho * q0],
          [o.rho * q0, q0],
        ];
  return {
    model: {
      activation: makeActivation(o.activation, o.slope),
      hiddenWidths: o.widths,
      cw: o.cw,
      cb: o.cb ?? 0,
      inputGram,
      inputDim: inputGram.length,
      normalization: o.norm ?? 'none',
      dropout: o.dropout ?? 0,
    },
    networks: o.networks,
    seed: o.seed ?? 1,
  };
}

/**
 * Exact E G_L and E G_L^2 for a scale-invariant activation (negative slope a), one input, no
 * normalization: G_1 = C_b + C_W q0, G_{l+1} = C_b + G_l M_l with M_l = (C_W/n) sum_j s_j,
 * s_j = sigma(xi_j)^2 m_j^2 iid, m_j = Bernoulli(1-p)/(1-p). With E s = (1+a^2)/(2(1-p)) and
 * E s^2 = 3(1+a^4)/(2(1-p)^3): E M = C_W E s, E M^2 = C_W^2 (E s^2/n + (1 - 1/n)(E s)^2).
 * Var z_L = E G_L; excess kurtosis = 3 E G_L^2/(E G_L)^2 - 3.
 */
export function exactScaleInvariant(o: ModelOptions): { variance: number; kurtosis: number } {
  const a = o.activation === 'linear' ? 1 : o.activation === 'relu' ? 0 : (o.slope ?? 0.1);
  const p = o.dropout ?? 0;
  const cb = o.cb ?? 0;
  const es = (1 + a * a) / (2 * (1 - p));
  const es2 = (3 * (1 + a ** 4)) / (2 * (1 - p) ** 3);
  let g1 = cb + o.cw * (o.q0 ?? 1);
  let g2 = g1 * g1;
  for (const n of o.widths) {
    const mu1 = o.cw * es;
    const mu2 = o.cw * o.cw * (es2 / n + (1 - 1 / n) * es * es);
    const next1 = cb + g1 * mu1;
    const next2 = cb * cb + 2 * cb * mu1 * g1 + mu2 * g2;
    g1 = next1;
    g2 = next2;
  }
  return { variance: g1, kurtosis: (3 * g2) / (g1 * g1) - 3 };
}
