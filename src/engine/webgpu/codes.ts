/**
 * The small integers the shaders switch on: activations (`code` in the uniforms) and
 * normalizations (`norm`). Defined here once; shaders/activations.wgsl names the same numbers
 * (ACT_*, NORM_*), and tests/gpu/codes.test.ts checks both sides and runs `activate` for every
 * code, so renumbering one side alone fails a test instead of computing another nonlinearity.
 */
import type { Activation, ActivationName } from '../../theory/activations.ts';
import type { Normalization } from '../spec.ts';

export const ACTIVATION_CODES: Readonly<Record<ActivationName, number>> = {
  linear: 0,
  relu: 1,
  'leaky-relu': 2,
  tanh: 3,
  erf: 4,
  gelu: 5,
  swish: 6,
  sigmoid: 7,
  sin: 8,
};

export const NORM_CODES: Readonly<Record<Normalization, number>> = { none: 0, layer: 1, rms: 2, batch: 3 };

/** The WGSL constant that names each code: 'leaky-relu' -> ACT_LEAKY_RELU, 'rms' -> NORM_RMS. */
export function wgslName(prefix: 'ACT' | 'NORM', name: string): string {
  return `${prefix}_${name.toUpperCase().replace(/-/g, '_')}`;
}

export function activationCode(activation: Activation): number {
  return ACTIVATION_CODES[activation.name];
}
