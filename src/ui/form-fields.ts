/**
 * Small accessible form fields for experiment views (each input has exactly the accessible
 * name it is given), and the styles of a view built from them: the chrome (theme.ts), the
 * form grid, preset buttons and a scrolling table.
 *
 *   ${rangeField('Width', 'n', String(s.width), 0, 12, Math.log2(s.width), (v) => set({ width: 2 ** v }))}
 *   ${selectField('Engine', ENGINE_OPTIONS, s.engine, (engine) => set({ engine }))}
 */
import { css, html } from 'lit';
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

/** A number input named `name`; `accept` decides whether a typed value is taken. */
export function numberField(
  name: string,
  label: unknown,
  value: number,
  step: number,
  accept: (v: number) => boolean,
  set: (v: number) => void,
) {
  return html`<label
    ><span>${label}</span>
    <input
      type="number"
      aria-label=${name}
      step=${step}
      .value=${String(value)}
      @change=${(e: Event) => {
        const v = num(e);
        if (Number.isFinite(v) && accept(v)) set(v);
        else (e.target as HTMLInputElement).value = String(value);
      }}
  /></label>`;
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
