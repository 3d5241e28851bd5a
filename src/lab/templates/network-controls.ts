/**
 * The form fields of the network and ensemble settings every per-layer view shows, as Lit
 * templates (lab/templates and lab/controllers are the parts of src/lab that import Lit):
 * Width (a log2 range), Depth, Activation, C_W, C_b; then Networks, Seed, Engine. Each input's
 * accessible name is the field's name; a typed value outside the limits is not taken.
 *
 *   <form>${networkControls(s, (p) => this.set(p), LIMITS, { cbStep: 0.01 })} ${rho} ${ensembleControls(s, set, LIMITS, 100)}</form>
 */
import { html } from 'lit';
import type { ActivationName } from '../../theory/activations.ts';
import { numberField, rangeField, selectField } from '../../ui/form-fields.ts';
import {
  ACTIVATION_OPTIONS,
  ENGINE_OPTIONS,
  NETWORK_LIMITS,
  type NetworkFields,
  type SizeLimits,
} from '../network-fields.ts';

type Set = (patch: Partial<NetworkFields>) => void;

/** Width, Depth, Activation, C_W, C_b. `activation`: the patch a new activation makes (default: only it). */
export function networkControls(
  s: NetworkFields,
  set: Set,
  limits: SizeLimits,
  o: { cbStep: number; activation?: (a: ActivationName) => Partial<NetworkFields> },
) {
  return html`
    ${rangeField('Width', 'n', String(s.width), 0, Math.log2(limits.maxWidth), Math.round(Math.log2(s.width)), (v) => set({ width: 2 ** v }))}
    ${rangeField('Depth', 'L', String(s.depth), 1, limits.maxDepth, s.depth, (v) => set({ depth: v }))}
    ${selectField('Activation', ACTIVATION_OPTIONS, s.activation, (a) => set(o.activation ? o.activation(a) : { activation: a }))}
    ${numberField(
      'C_W',
      html`C<sub>W</sub>`,
      s.cw,
      0.05,
      (v) => v > 0 && v <= NETWORK_LIMITS.maxCw,
      (cw) => set({ cw }),
    )}
    ${numberField(
      'C_b',
      html`C<sub>b</sub>`,
      s.cb,
      o.cbStep,
      (v) => v >= 0 && v <= NETWORK_LIMITS.maxCb,
      (cb) => set({ cb }),
    )}
  `;
}

/** Networks (in steps of `networksStep`), Seed, Engine. */
export function ensembleControls(s: NetworkFields, set: Set, limits: SizeLimits, networksStep: number) {
  return html`
    ${numberField(
      'Networks',
      'Networks M',
      s.networks,
      networksStep,
      (v) => Number.isInteger(v) && v >= limits.minNetworks && v <= limits.maxNetworks,
      (networks) => set({ networks }),
    )}
    ${numberField(
      'Seed',
      'Seed',
      s.seed,
      1,
      (v) => Number.isInteger(v) && v >= 0 && v <= NETWORK_LIMITS.maxSeed,
      (seed) => set({ seed }),
    )}
    ${selectField('Engine', ENGINE_OPTIONS, s.engine, (engine) => set({ engine }))}
  `;
}
