/**
 * What every experiment's state has in common: the network (width, depth, activation, C_W,
 * C_b), the ensemble (networks, seed, engine) and the presentation mode, as URL fields
 * (url-fields.ts), with the critical point a new activation starts from and the option lists
 * of the activation and engine selects. DOM-free.
 *
 *   const TABLE = { ...networkFields({ maxWidth: 4096, maxDepth: 100, minNetworks: 100, maxNetworks: 100_000 }), rho: real(-1, 1) };
 */
import { ACTIVATION_NAMES, makeActivation, type ActivationName } from '../theory/activations.ts';
import { criticalPoint } from '../theory/criticality.ts';
import type { EngineKind } from '../engine/types.ts';
import type { SpecInput } from '../engine/spec.ts';
import { boolean, integer, oneOf, real, type FieldTable } from './url-fields.ts';

export const ENGINES = ['exact', 'explicit'] as const satisfies readonly EngineKind[];
export type EngineChoice = (typeof ENGINES)[number];

export interface NetworkFields {
  /** Hidden width n (every hidden layer). */
  width: number;
  /** Depth L = weight layers. */
  depth: number;
  activation: ActivationName;
  cw: number;
  cb: number;
  /** Ensemble size M. */
  networks: number;
  seed: number;
  engine: EngineChoice;
  /** Presentation mode (large type, high contrast), so a link opens ready for a projector: a view field, never re-runs. */
  present: boolean;
}

/** The network and ensemble of a state, as the engine's spec input (the view-only fields left out). */
export function networkSpecInput(s: NetworkFields): SpecInput {
  const { activation, width, depth, cw, cb, networks, seed } = s;
  return { activation, width, depth, cw, cb, networks, seed };
}

/** Limits every experiment shares: the seed is a 32-bit counter key; C_W and C_b stay in a sane range. */
export const NETWORK_LIMITS = { maxSeed: 0xffffffff, maxCw: 100, maxCb: 100 } as const;

export interface SizeLimits {
  maxWidth: number;
  maxDepth: number;
  minNetworks: number;
  maxNetworks: number;
}

/** The URL fields of NetworkFields, within an experiment's size limits; labelled as the form names them. */
export function networkFields(limits: SizeLimits): FieldTable<NetworkFields> {
  return {
    width: integer(1, limits.maxWidth, { label: 'Width' }),
    depth: integer(1, limits.maxDepth, { label: 'Depth' }),
    activation: oneOf(ACTIVATION_NAMES, { label: 'Activation' }),
    cw: real(0, NETWORK_LIMITS.maxCw, { openLow: true, label: 'C_W' }),
    cb: real(0, NETWORK_LIMITS.maxCb, { label: 'C_b' }),
    networks: integer(limits.minNetworks, limits.maxNetworks, { label: 'Networks' }),
    seed: integer(0, NETWORK_LIMITS.maxSeed, { label: 'Seed' }),
    engine: oneOf(ENGINES, { label: 'Engine' }),
    present: boolean({ viewOnly: true }),
  };
}

/** C_W, C_b at the activation's critical point with dropout p (sigmoid has none: (1, 0)). */
export function criticalFor(activation: ActivationName, dropout = 0): { cw: number; cb: number } {
  const c = criticalPoint(makeActivation(activation), dropout);
  return c ? { cw: c.cw, cb: c.cb } : { cw: 1, cb: 0 };
}

/**
 * What a "Critical" button does: the activation's critical point at drop probability p, or the
 * sentence that says there is none (sigmoid: sigma(0) != 0 and no K* > 0 solves chi_par = chi_perp = 1).
 */
export function criticalPreset(
  activation: ActivationName,
  dropout = 0,
): { cw: number; cb: number } | { none: string } {
  const act = makeActivation(activation);
  const c = criticalPoint(act, dropout);
  if (c) return { cw: c.cw, cb: c.cb };
  return {
    none: `${act.label} has no critical point: no (C_b, C_W) gives a fixed point K* with χ∥ = χ⊥ = 1, so C_W and C_b are left as they are.`,
  };
}

export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

/*
 * Option labels for the selects. A closed select shows only the chosen option, in a column
 * 219 px wide in presentation mode at 1280x720: longer labels ("leaky ReLU (a = 0.1)",
 * "explicit (real weights)") would be cut off. The charts' parameter lines keep the full names.
 */
export const ACTIVATION_OPTIONS: readonly SelectOption<ActivationName>[] = ACTIVATION_NAMES.map((a) => ({
  value: a,
  label: a === 'leaky-relu' ? 'leaky ReLU' : makeActivation(a).label,
}));
export const ENGINE_OPTIONS: readonly SelectOption<EngineChoice>[] = ENGINES.map((k) => ({
  value: k,
  label: k === 'exact' ? 'exact' : 'explicit weights',
}));
