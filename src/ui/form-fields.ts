/**
 * Small accessible form fields for experiment views (each input has exactly the accessible
 * name it is given), and the styles of a view built from them: the chrome (theme.ts), the
 * form grid, preset buttons and a scrolling table. A number field checks what is typed with
 * the view's own field rule (lab/url-fields.ts typedCheck) and says beside it what is wrong.
 *
 *   ${rangeField('Width', 'n', String(s.width), 0, 12, Math.log2(s.width), (v) => set({ width: 2 ** v }))}
 *   ${numberField({ name: 'Seed', label: 'Seed', value: s.seed, step: 1, min: 0, max: 2 ** 32 - 1, check, set, typed })}
 *   ${selectField('Engine', ENGINE_OPTIONS, s.engine, (engine) => set({ engine }))}
 */
import { css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { formControlStyles, presentingCompactStyles, viewChromeStyles } from './theme.ts';

export const viewStyles = [
  // The chrome's `font: inherit` on buttons first, so that the controls' font size wins.
  viewChromeStyles,
  formControlStyles,
  css`
  form {
    --wl-control-min: 13rem;
  }
  button {
    padding: 0.3em 0.8em;
  }
  button[aria-pressed='true'] {
    background: var(--wl-accent);
    color: var(--wl-bg);
  }
  .presets {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
    align-items: center;
    margin: 0.8rem 0 0;
  }
  .table-wrap {
    max-height: 24rem;
    overflow: auto;
    border: 1px solid var(--wl-border);
    border-radius: 0.4em;
  }
  table {
    border-collapse: collapse;
    font-family: var(--wl-mono);
    font-variant-numeric: tabular-nums;
    font-size: 0.9em;
    width: 100%;
  }
  th,
  td {
    padding: 0.2em 0.8em;
    text-align: right;
    border-bottom: 1px solid var(--wl-border);
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--wl-surface);
  }
`,
  presentingCompactStyles,
];

const num = (e: Event) => (e.target as HTMLInputElement).valueAsNumber;

/** A typed value a field did not take, the message it got, and the value that stays in use. */
export interface TypedValue {
  raw: string;
  message: string;
  /** The field's value when it was typed: once the field holds another, the entry is moot. */
  using: number;
}

/**
 * The values typed into a view's number fields and not taken, by field name: kept across
 * re-renders, so the text the user typed stays in the field, with its message, until fixed.
 */
export class TypedValues {
  private readonly entries = new Map<string, TypedValue>();
  /** Text being typed and not yet committed (no change event yet), against the value it was typed over. */
  private readonly drafts = new Map<string, { raw: string; using: number }>();

  constructor(private readonly changed: () => void) {}

  /** The entry of `name` while the field still holds the value it was typed against. */
  get(name: string, value: number): TypedValue | undefined {
    const e = this.entries.get(name);
    if (e && e.using !== value) {
      // Set another way (a preset, Reset, a link): the typed text is no longer what the field shows.
      this.entries.delete(name);
      return undefined;
    }
    return e;
  }

  set(name: string, entry: TypedValue): void {
    this.entries.set(name, entry);
    this.changed();
  }

  clear(name: string): void {
    this.drafts.delete(name);
    if (this.entries.delete(name)) this.changed();
  }

  /**
   * The user is typing `raw` into `name` over `value`: a re-render (a run streaming its results
   * several times a second) shows the text being typed instead of resetting it to the value.
   * No re-render of its own; the change event commits or refuses it.
   */
  draft(name: string, raw: string, value: number): void {
    this.drafts.set(name, { raw, using: value });
  }

  /** The text being typed into `name`, while the field still holds the value it was typed over. */
  drafted(name: string, value: number): string | undefined {
    const d = this.drafts.get(name);
    if (d && d.using !== value) {
      this.drafts.delete(name);
      return undefined;
    }
    return d?.raw;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** How a field takes a typed value: the value, or the message saying what it must be. */
export type TypedCheck = (raw: string) => { value: number } | { message: string };

export interface NumberFieldOptions {
  /** The input's accessible name (also how its message names it). */
  name: string;
  label: unknown;
  value: number;
  step: number;
  min: number;
  max: number;
  check: TypedCheck;
  set(v: number): void;
  typed: TypedValues;
}

const idOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-error`;

/**
 * A number input: a typed value its check refuses stays in the field, marked invalid and
 * described by its message (fieldError, which the caller puts beside it), and the last valid
 * value stays in use until it is fixed.
 */
export function numberInput(o: NumberFieldOptions) {
  const bad = o.typed.get(o.name, o.value);
  const id = idOf(o.name);
  return html`<input
      type="number"
      aria-label=${o.name}
      min=${Number.isFinite(o.min) ? o.min : nothing}
      max=${Number.isFinite(o.max) ? o.max : nothing}
      step=${o.step}
      .value=${live(bad ? bad.raw : (o.typed.drafted(o.name, o.value) ?? String(o.value)))}
      aria-invalid=${bad ? 'true' : 'false'}
      aria-describedby=${bad ? id : nothing}
      @input=${(e: Event) => o.typed.draft(o.name, (e.target as HTMLInputElement).value, o.value)}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        // Text the browser cannot read as a number ("1e") arrives as '' with badInput set.
        const r = o.check(input.validity.badInput ? 'not a number' : input.value);
        if ('value' in r) {
          o.typed.clear(o.name);
          if (r.value !== o.value) o.set(r.value);
        } else {
          o.typed.set(o.name, { raw: input.value, message: r.message, using: o.value });
        }
      }}
    />`;
}

/** The message of a number input's refused value (the input's aria-describedby), or nothing. */
export function fieldError(o: Pick<NumberFieldOptions, 'name' | 'value' | 'typed'>) {
  const bad = o.typed.get(o.name, o.value);
  return bad
    ? html`<span class="field-error" id=${idOf(o.name)} role="alert">${bad.message}</span>`
    : nothing;
}

/** A labelled number input (numberInput) with its message under it. */
export function numberField(o: NumberFieldOptions) {
  return html`<label><span>${o.label}</span>${numberInput(o)}${fieldError(o)}</label>`;
}

/** A range input named `name`, labelled `name symbol = shown` (e.g. "Width n = 64", as in every view). */
export function rangeField(
  name: string,
  symbol: string,
  shown: string,
  min: number,
  max: number,
  value: number,
  set: (v: number) => void,
  valueText?: string,
) {
  return html`<label
    ><span>${name} ${symbol} = <span class="value">${shown}</span></span>
    <input
      type="range"
      aria-label=${name}
      min=${min}
      max=${max}
      step="1"
      .value=${String(value)}
      aria-valuetext=${valueText ?? shown}
      @input=${(e: Event) => set(num(e))}
  /></label>`;
}

export function selectField<T extends string>(
  name: string,
  options: readonly { value: T; label: string }[],
  value: T,
  set: (v: T) => void,
) {
  return html`<label
    ><span>${name}</span>
    <select aria-label=${name} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as T)}>
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
    </select></label
  >`;
}
