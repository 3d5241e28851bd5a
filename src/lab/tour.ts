/**
 * The guided tour's model: an ordered list of steps, each a view's state set by a link and
 * a sentence of what to do and what to look for. The steps themselves are data (the table in
 * app/tour-steps.ts); this module says what a step is, writes its link and reads a link's
 * step back. DOM-free, so unit tests check every step against its view's own URL parser.
 *
 * A step's link is its view's link with the fields the step sets, and the shell field
 * `tour=<id>` (url-fields.ts SHELL_KEYS) naming the step; `present=1` in presentation mode:
 *
 *   const s = tourStep(DEPTH_URL, 'depth-compare', 'Off criticality', 'Compare ...', { compare: true });
 *   stepLink(s, false)   // '#view=depth&compare=1&tour=depth-compare'
 *   tourIdOf('#view=depth&compare=1&tour=depth-compare')   // 'depth-compare'
 *
 * Ids, not numbers, name steps in links, so a link shared today still opens its step after
 * steps are added before it.
 */
import type { Backend } from '../engine/types.ts';
import type { ParsedFields, ViewUrl } from './url-fields.ts';

/** The hash field (a shell field) that names the step shown. */
export const TOUR_KEY = 'tour';

/** A value a step sets, as the views' fields take it (url-fields.ts kinds). */
type FieldValue = number | string | boolean;

export interface TourStep {
  /** Stable name in links (`tour=<id>`): lower-case words and dashes. */
  readonly id: string;
  /** The hash's `view` field of the view the step opens. */
  readonly view: string;
  readonly title: string;
  /** What to do and what to look for, in a sentence or three. */
  readonly text: string;
  /** The fields the step sets, as its link writes them (every other field takes the view's default). */
  readonly fields: Readonly<Record<string, string>>;
  /** The view's own parser (its state.ts), for tests: the step's link must read without notices. */
  parse(hash: string, backend: Backend): ParsedFields<unknown>;
}

/** How a value is written in a link: as url-fields.ts formats it (booleans 1/0, numbers in full). */
function written(v: FieldValue): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

/**
 * A step of `url`'s view that sets `fields` (typed by the view's state, so a misspelt field or a
 * wrong kind of value does not compile; ranges are checked by the unit tests through `parse`).
 */
export function tourStep<S>(
  url: ViewUrl<S>,
  id: string,
  title: string,
  text: string,
  fields: Partial<S>,
): TourStep {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields) as [string, FieldValue][]) out[k] = written(v);
  return { id, view: url.view, title, text, fields: out, parse: (h, b) => url.parse(h, b) };
}

/** The step's view and fields (no tour field): the state the step names. */
export function stepHash(step: TourStep): string {
  return `#${new URLSearchParams({ view: step.view, ...step.fields }).toString()}`;
}

/** The step's own link: its view and fields, the step's id, and presentation mode when on. */
export function stepLink(step: TourStep, presenting: boolean): string {
  const params = new URLSearchParams(stepHash(step).slice(1));
  if (presenting) params.set('present', '1');
  params.set(TOUR_KEY, step.id);
  return `#${params.toString()}`;
}

/** The tour step a hash names (its `tour` field), or null when it names none. */
export function tourIdOf(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(TOUR_KEY);
}

/** The hash without its tour field: the view's state as it is, outside the tour. */
export function withoutTour(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  if (!params.has(TOUR_KEY)) return hash;
  params.delete(TOUR_KEY);
  return `#${params.toString()}`;
}

/** Where a hash stands in `steps`: off the tour, at step `index`, or at an id the tour has not. */
export type TourPosition =
  { kind: 'off' } | { kind: 'step'; index: number } | { kind: 'unknown'; id: string };

export function tourPosition(steps: readonly TourStep[], hash: string): TourPosition {
  const id = tourIdOf(hash);
  if (id === null) return { kind: 'off' };
  const index = steps.findIndex((s) => s.id === id);
  return index < 0 ? { kind: 'unknown', id } : { kind: 'step', index };
}
