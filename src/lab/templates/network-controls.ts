/**
 * The form fields of the network and ensemble settings every per-layer view shows, as Lit
 * templates (lab/templates and lab/controllers are the parts of src/lab that import Lit):
 * Width (a log2 range), Depth, Activation, C_W, C_b; then Networks, Seed, Engine. Each input's
 * accessible name is the field's name; a typed value outside the limits is not taken, and the
 * field says why (the words of a bad link's notice) until it is fixed.
 *
 *   <form>${networkControls(s, set, LIMITS, { cbStep: 0.01, typed })} ${rho} ${ensembleControls(s, set, LIMITS, 100, typed)}</form>
 */
import { html } from 'lit';
import type { ActivationName } from '../../theory/activations.ts';
import { numberField, rangeField, selectField, type TypedValues } from '../../ui/form-fields.ts';
import {
  ACTIVATION_OPTIONS,
  ENGINE_OPTIONS,
  networkFields,
  type NetworkFields,
  type SizeLimits,
} from '../network-fields.ts';
import { typedCheck, type Field } from '../url-fields.ts';

type Set = (patch: Partial<NetworkFields>) => void;
type NumericKey = 'cw' | 'cb' | 'networks' | 'seed';

/** A number field of the shared table: its bounds, and the table's check of a typed value. */
export function tableNumberField(
  field: Field<number>,
  name: string,
  label: unknown,
  value: number,
  step: number,
  set: (v: number) => void,
  typed: TypedValues,
) {
  return numberField({
    name,
    label,
    value,
    step,
    min: field.min ?? -Infinity,
    max: field.max ?? Infinity,
    check: typedCheck(field, name, value),
    set,
    typed,
  });
}

function field(limits: SizeLimits, key: NumericKey): Field<number> {
  return networkFields(limits)[key];
}

/** Width, Depth, Activation, C_W, C_b. `activation`: the patch a new activation makes (default: only it). */
export function networkControls(
  s: Omit<NetworkFields, 'engine'>,
  set: Set,
  limits: SizeLimits,
  o: {
    cbStep: number;
    typed: TypedValues;
    activation?: (a: ActivationName) => Partial<NetworkFields>;
    /** The activations offered (default: all). */
    activations?: readonly ActivationName[];
    /** A view's own Width field in place of the log2 slider (e.g. one with an n = ∞ end). */
    width?: unknown;
  },
) {
  const options = o.activations
    ? ACTIVATION_OPTIONS.filter((a) => o.activations!.includes(a.value))
    : ACTIVATION_OPTIONS;
  return html`
    ${o.width ?? rangeField('Width', 'n', String(s.width), 0, Math.log2(limits.maxWidth), Math.round(Math.log2(s.width)), (v) => set({ width: 2 ** v }))}
    ${rangeField('Depth', 'L', String(s.depth), 1, limits.maxDepth, s.depth, (v) => set({ depth: v }))}
    ${selectField('Activation', options, s.activation, (a) => set(o.activation ? o.activation(a) : { activation: a }))}
    ${tableNumberField(field(limits, 'cw'), 'C_W', html`C<sub>W</sub>`, s.cw, 0.05, (cw) => set({ cw }), o.typed)}
    ${tableNumberField(field(limits, 'cb'), 'C_b', html`C<sub>b</sub>`, s.cb, o.cbStep, (cb) => set({ cb }), o.typed)}
  `;
}

/** Networks (in steps of `networksStep`), Seed, Engine. */
export function ensembleControls(
  s: NetworkFields,
  set: Set,
  limits: SizeLimits,
  networksStep: number,
  typed: TypedValues,
) {
  return html`
    ${tableNumberField(field(limits, 'networks'), 'Networks', 'Networks M', s.networks, networksStep, (networks) => set({ networks }), typed)}
    ${tableNumberField(field(limits, 'seed'), 'Seed', 'Seed', s.seed, 1, (seed) => set({ seed }), typed)}
    ${selectField('Engine', ENGINE_OPTIONS, s.engine, (engine) => set({ engine }))}
  `;
}
