/**
 * The nonlinearities the lab offers, with the first two derivatives that the theory needs
 * (chi_perp uses sigma', the GELU/SWISH criticality condition uses sigma'').
 *
 * Names are the command line's (`--activation leaky-relu:0.1`) and the URL state's.
 */
import { erf, normalCdf, normalPdf } from './special.ts';

export const ACTIVATION_NAMES = [
  'linear',
  'relu',
  'leaky-relu',
  'tanh',
  'erf',
  'gelu',
  'swish',
  'sigmoid',
  'sin',
] as const;
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** Default negative-side slope of leaky ReLU when none is given. */
export const DEFAULT_LEAKY_SLOPE = 0.1;

export interface Activation {
  readonly name: ActivationName;
  /** Negative-side slope for leaky-relu; 0 for relu; unused otherwise. */
  readonly slope: number;
  /** Canonical text form, parseable by parseActivation: 'tanh', 'leaky-relu:0.1'. */
  readonly id: string;
  /** Human-readable label for charts. */
  readonly label: string;
  f(x: number): number;
  df(x: number): number;
  d2f(x: number): number;
  /** Points where f or its derivatives jump: quadrature splits the integral there. */
  readonly kinks: readonly number[];
  /** sigma(a x) = a sigma(x) for a > 0: the width-independent shortcut and closed forms apply. */
  readonly scaleInvariant: boolean;
}

export class ActivationError extends Error {}

const logistic = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

function piecewiseLinear(name: 'linear' | 'relu' | 'leaky-relu', slope: number): Activation {
  const a = name === 'linear' ? 1 : slope;
  return {
    name,
    slope: name === 'leaky-relu' ? slope : 0,
    id: name === 'leaky-relu' ? `leaky-relu:${slope}` : name,
    label: name === 'linear' ? 'linear' : name === 'relu' ? 'ReLU' : `leaky ReLU (a = ${slope})`,
    f: (x) => (x > 0 ? x : a * x),
    df: (x) => (x > 0 ? 1 : a),
    d2f: () => 0,
    kinks: name === 'linear' ? [] : [0],
    scaleInvariant: true,
  };
}

/** Build an activation by name (slope only for leaky-relu). */
export function makeActivation(name: ActivationName, slope = DEFAULT_LEAKY_SLOPE): Activation {
  switch (name) {
    case 'linear':
      return piecewiseLinear('linear', 1);
    case 'relu':
      return piecewiseLinear('relu', 0);
    case 'leaky-relu':
      if (!Number.isFinite(slope) || slope < 0 || slope > 1) {
        throw new ActivationError(`leaky-relu slope must be a number in [0, 1], got ${slope}`);
      }
      return piecewiseLinear('leaky-relu', slope);
    case 'tanh':
      return smooth(
        'tanh',
        'tanh',
        Math.tanh,
        (x) => {
          const t = Math.tanh(x);
          return 1 - t * t;
        },
        (x) => {
          const t = Math.tanh(x);
          return -2 * t * (1 - t * t);
        },
      );
    case 'erf':
      return smooth(
        'erf',
        'erf',
        erf,
        (x) => 1.1283791670955126 * Math.exp(-x * x),
        (x) => -2 * x * 1.1283791670955126 * Math.exp(-x * x),
      );
    case 'gelu':
      // Exact GELU, x * Phi(x): sigma' = Phi + x phi, sigma'' = (2 - x^2) phi.
      return smooth(
        'gelu',
        'GELU',
        (x) => x * normalCdf(x),
        (x) => normalCdf(x) + x * normalPdf(x),
        (x) => (2 - x * x) * normalPdf(x),
      );
    case 'swish':
      // SWISH (SiLU), x * s(x) with the logistic s: sigma' = s + x s (1 - s),
      // sigma'' = s (1 - s) (2 + x (1 - 2 s)).
      return smooth(
        'swish',
        'SWISH',
        (x) => x * logistic(x),
        (x) => {
          const s = logistic(x);
          return s + x * s * (1 - s);
        },
        (x) => {
          const s = logistic(x);
          return s * (1 - s) * (2 + x * (1 - 2 * s));
        },
      );
    case 'sigmoid':
      return smooth(
        'sigmoid',
        'sigmoid',
        logistic,
        (x) => {
          const s = logistic(x);
          return s * (1 - s);
        },
        (x) => {
          const s = logistic(x);
          return s * (1 - s) * (1 - 2 * s);
        },
      );
    case 'sin':
      return smooth('sin', 'sin', Math.sin, Math.cos, (x) => -Math.sin(x));
  }
}

function smooth(
  name: ActivationName,
  label: string,
  f: (x: number) => number,
  df: (x: number) => number,
  d2f: (x: number) => number,
): Activation {
  return { name, slope: 0, id: name, label, f, df, d2f, kinks: [], scaleInvariant: false };
}

/** Parse 'tanh', 'relu', 'leaky-relu' or 'leaky-relu:0.2'. Throws ActivationError with a message for users. */
export function parseActivation(text: string): Activation {
  const [rawName, rawSlope, ...extra] = text.trim().toLowerCase().split(':');
  const name = rawName === 'leaky' || rawName === 'leakyrelu' ? 'leaky-relu' : rawName;
  if (!(ACTIVATION_NAMES as readonly string[]).includes(name)) {
    throw new ActivationError(
      `unknown activation '${text}'; choose one of ${ACTIVATION_NAMES.join(', ')} (leaky-relu:SLOPE for a slope)`,
    );
  }
  if (extra.length > 0 || (rawSlope !== undefined && name !== 'leaky-relu')) {
    throw new ActivationError(`only leaky-relu takes a parameter (leaky-relu:0.1), got '${text}'`);
  }
  if (rawSlope === undefined) return makeActivation(name as ActivationName);
  const slope = rawSlope.trim() === '' ? NaN : Number(rawSlope);
  if (!Number.isFinite(slope)) {
    throw new ActivationError(`leaky-relu slope must be a number in [0, 1], got '${rawSlope}'`);
  }
  return makeActivation('leaky-relu', slope);
}
