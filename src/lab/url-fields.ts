/**
 * One field table per view, and its round trip through the URL hash (seed included), in the
 * spirit of tensorflow/playground. A table says, per state field, its kind (integer, real,
 * one-of, boolean), how to read it from the link and how to write it back:
 *
 *   const TABLE = { width: integer(1, 4096), cw: real(0, 100, { openLow: true }), present: boolean({ viewOnly: true }) };
 *   const { state, notices } = parseFields('#view=depth&width=64', DEFAULTS, TABLE);
 *   history.replaceState(null, '', formatFields(state, TABLE, 'depth')); // '#view=depth&width=64&...'
 *
 * Every field is read on its own: a bad or out-of-range value falls back to its default with a
 * notice the page shows ("Ignored width=\"abc\" from the link: Width must be a whole number
 * from 1 to 4096; using 64."), so a mangled link still opens a working view. A value typed
 * into a number field is checked by the same field (`typedCheck`), with the same words ("Width
 * must be a whole number from 1 to 4096; still using 64."). The shell's fields (SHELL_KEYS) are
 * no view's: `view` names the view a hash belongs to (the shell routes on it), `tour` the step of
 * the guided tour shown with it; neither is reported as unknown, and a view rewriting its hash
 * keeps them (`keepShellFields`).
 * DOM-free, so that tests and the CLI-side code can use it.
 */
import type { Backend } from '../engine/types.ts';

export type FieldKind = 'integer' | 'real' | 'one-of' | 'boolean';

/** A value read from the link, or what it must be (the notice's "... must be <error>"). */
export type FieldRead<T> = { value: T } | { error: string };

export interface Field<T> {
  readonly kind: FieldKind;
  /** The field's name in notices, e.g. 'C_W' (the key when absent). */
  readonly label?: string;
  /** A view setting (presentation mode): part of the link, not of the computation. */
  readonly viewOnly?: boolean;
  /** The bounds of a number field (its input's min and max). */
  readonly min?: number;
  readonly max?: number;
  parse(raw: string): FieldRead<T>;
  format(value: T): string;
}

export type FieldTable<S> = { readonly [K in keyof S]: Field<S[K]> };

interface Labelled {
  label?: string;
}

const finite = (raw: string): number | null => {
  const v = Number(raw);
  return raw.trim() !== '' && Number.isFinite(v) ? v : null;
};

/** A whole number in [lo, hi]; `viewOnly`: changing it shows the same computation differently (no re-run). */
export function integer(lo: number, hi: number, o: Labelled & { viewOnly?: boolean } = {}): Field<number> {
  return {
    kind: 'integer',
    label: o.label,
    viewOnly: o.viewOnly,
    min: lo,
    max: hi,
    parse: (raw) => {
      const v = finite(raw);
      return v !== null && Number.isInteger(v) && v >= lo && v <= hi
        ? { value: v }
        : { error: `a whole number from ${lo} to ${hi}` };
    },
    format: String,
  };
}

/** A number in [lo, hi], or (lo, hi] with `openLow`; written at full precision. */
export function real(
  lo: number,
  hi: number,
  o: Labelled & { openLow?: boolean; viewOnly?: boolean } = {},
): Field<number> {
  const open = o.openLow === true;
  return {
    kind: 'real',
    label: o.label,
    viewOnly: o.viewOnly,
    min: lo,
    max: hi,
    parse: (raw) => {
      const v = finite(raw);
      return v !== null && (open ? v > lo : v >= lo) && v <= hi
        ? { value: v }
        : { error: `a number ${open ? 'above' : 'from'} ${lo} ${open ? 'and at most' : 'to'} ${hi}` };
    },
    format: String,
  };
}

/** One of `values`; `phrase` words the choice in notices (default "one of a, b, c"). */
export function oneOf<T extends string>(
  values: readonly T[],
  o: Labelled & { phrase?: string } = {},
): Field<T> {
  return {
    kind: 'one-of',
    label: o.label,
    parse: (raw) =>
      (values as readonly string[]).includes(raw)
        ? { value: raw as T }
        : { error: o.phrase ?? `one of ${values.join(', ')}` },
    format: (v) => v,
  };
}

/**
 * Written 1/0. `strict`: only 1/0 are read (and notices say "0 or 1"); otherwise true/false
 * are read too.
 */
export function boolean(o: Labelled & { strict?: boolean; viewOnly?: boolean } = {}): Field<boolean> {
  return {
    kind: 'boolean',
    label: o.label,
    viewOnly: o.viewOnly,
    parse: (raw) => {
      if (raw === '1' || (!o.strict && raw === 'true')) return { value: true };
      if (raw === '0' || (!o.strict && raw === 'false')) return { value: false };
      return { error: o.strict ? '0 or 1' : '1 or 0' };
    },
    format: (v) => (v ? '1' : '0'),
  };
}

/** The hash fields the shell reads and no view's table has: the view shown, the tour step (lab/tour.ts). */
export const SHELL_KEYS: readonly string[] = ['view', 'tour'];

const keysOf = <S>(table: FieldTable<S>) => Object.keys(table) as (keyof S & string)[];
const paramsOf = (hash: string) => new URLSearchParams(hash.replace(/^#/, ''));

/** The view a hash names (its `view` field), or null. */
export function hashView(hash: string): string | null {
  return paramsOf(hash).get('view');
}

export interface ParsedFields<S> {
  state: S;
  /** One sentence per field that fell back to its default, and per unknown setting. */
  notices: string[];
  /** The link parameter each notice is about (keys[i] for notices[i]), so a notice can go once its field is set. */
  keys?: string[];
}

/** What a field must be and what is used instead: the words of a bad link's notice and of a value typed out of range. */
export function problemText(label: string, error: string, using: string): string {
  return `${label} must be ${error}; ${using}.`;
}

/**
 * How a number field takes a typed value: the field's own parse, and where it fails the same
 * words a bad link gets, with the value that stays in use.
 */
export function typedCheck(
  field: Field<number>,
  name: string,
  current: number,
): (raw: string) => { value: number } | { message: string } {
  return (raw) => {
    const r = field.parse(raw);
    return 'error' in r
      ? { message: problemText(field.label ?? name, r.error, `still using ${current}`) }
      : { value: r.value };
  };
}

/** parseFields, plus the fields the link gave a valid value (a view may derive others from them). */
export function readFields<S>(
  hash: string,
  defaults: S,
  table: FieldTable<S>,
): Required<ParsedFields<S>> & { given: Set<keyof S> } {
  const params = paramsOf(hash);
  const state = { ...defaults };
  const notices: string[] = [];
  const noticeKeys: string[] = [];
  const given = new Set<keyof S>();
  const keys = keysOf(table);
  for (const key of keys) {
    const raw = params.get(key);
    if (raw === null) continue;
    const field = table[key];
    const r = field.parse(raw);
    if ('error' in r) {
      notices.push(
        `Ignored ${key}=${JSON.stringify(raw)} from the link: ${problemText(field.label ?? key, r.error, `using ${String(defaults[key])}`)}`,
      );
      noticeKeys.push(key);
    } else {
      state[key] = r.value;
      given.add(key);
    }
  }
  for (const key of params.keys()) {
    if (!SHELL_KEYS.includes(key) && !(keys as string[]).includes(key)) {
      notices.push(`Ignored unknown setting "${key}" in the link.`);
      noticeKeys.push(key);
    }
  }
  return { state, notices, keys: noticeKeys, given };
}

/** Read a URL hash ('#a=1&b=2', the '#' optional): missing fields take their defaults. */
export function parseFields<S>(hash: string, defaults: S, table: FieldTable<S>): ParsedFields<S> {
  const { state, notices } = readFields(hash, defaults, table);
  return { state, notices };
}

/** The hash for a state: `view` first when given, then every field, so that a link restores it exactly. */
export function formatFields<S>(state: S, table: FieldTable<S>, view?: string): string {
  const params = new URLSearchParams(view ? { view } : {});
  for (const key of keysOf(table)) params.set(key, table[key].format(state[key]));
  return `#${params.toString()}`;
}

/**
 * A view's new hash `next` (which names its view), with the shell fields other than `view` that
 * `current` has: a view rewriting its hash after a change keeps the tour step shown with it.
 *
 *   keepShellFields('#view=depth&width=8', '#view=depth&width=64&tour=depth-critical')
 *   // '#view=depth&width=8&tour=depth-critical'
 */
export function keepShellFields(next: string, current: string): string {
  const from = paramsOf(current);
  const params = paramsOf(next);
  let kept = false;
  for (const key of SHELL_KEYS) {
    const v = from.get(key);
    if (key === 'view' || v === null || params.has(key)) continue;
    params.set(key, v);
    kept = true;
  }
  return kept ? `#${params.toString()}` : next;
}

/** Same state, field by field. */
export function sameFields<S>(a: S, b: S, table: FieldTable<S>): boolean {
  return keysOf(table).every((k) => a[k] === b[k]);
}

/** Same computation: every field but the view-only ones (`present`), so a view change never re-runs. */
export function sameRunFields<S>(a: S, b: S, table: FieldTable<S>): boolean {
  return keysOf(table).every((k) => table[k].viewOnly === true || a[k] === b[k]);
}

/** A view's URL state in one object: what lab/controllers/url-state.ts needs of a view's state.ts. */
export interface ViewUrl<S> {
  /** The hash's `view` field. */
  view: string;
  /** Also the view of a hash without a `view` field (old links). */
  defaultView?: boolean;
  /** Read a hash; `backend` is the one the page chose (a view may size its defaults by it). */
  parse(hash: string, backend: Backend): ParsedFields<S>;
  format(state: S): string;
  same(a: S, b: S): boolean;
  /** Same computation (view-only fields aside). */
  sameRun(a: S, b: S): boolean;
}

/** The URL state of a view whose hash is its table's fields, after `view=<view>`. */
export function viewUrl<S>(view: string, defaults: S, table: FieldTable<S>): ViewUrl<S> {
  return {
    view,
    parse: (hash) => {
      const { state, notices, keys } = readFields(hash, defaults, table);
      return { state, notices, keys };
    },
    format: (s) => formatFields(s, table, view),
    same: (a, b) => sameFields(a, b, table),
    sameRun: (a, b) => sameRunFields(a, b, table),
  };
}
