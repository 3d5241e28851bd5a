/**
 * What the two issue-5 views share: the compute-worker client (ui/worker-client.ts: one job at
 * a time, throttled, superseded results dropped, a stuck worker replaced), the form and bar styles, and small accessible field
 * templates (each input has exactly the accessible name it is given).
 *
 *   const client = viewsClient((m) => this.onMessage(m), (text) => this.showError(text));
 *   client.schedule({ type: 'depth', state });
 */
import { css, html } from 'lit';
import { ACTIVATION_NAMES, makeActivation, type ActivationName } from '../../theory/activations.ts';
import { ENGINES, type EngineChoice } from '../../state/schema.ts';
import type { FromViewsWorker, ToViewsWorker } from './protocol.ts';
import { formControlStyles, presentingCompactStyles, viewChromeStyles } from '../../ui/theme.ts';
import { WorkerClient } from '../../ui/worker-client.ts';

type Job = Exclude<ToViewsWorker, { type: 'cancel' }>;
/** A job as a view describes it: ViewsLab adds the id (the client) and the backend. */
export type JobWithoutId = Job extends infer J ? (J extends { id: number } ? Omit<J, 'id' | 'backend'> : never) : never;

/** The views' compute worker, behind the shared client (throttled starts, stuck jobs ended). */
export function viewsClient(onMessage: (m: FromViewsWorker) => void, onError: (message: string) => void): WorkerClient<ToViewsWorker, FromViewsWorker> {
  return new WorkerClient<ToViewsWorker, FromViewsWorker>({
    create: () => new Worker(new URL('./views-worker.ts', import.meta.url), { type: 'module' }),
    onMessage,
    onError,
  });
}

/** Results the e2e tests read (runs finished, last snapshot), per view. */
export interface ViewProbe {
  runs: number;
  running: boolean;
  data: unknown;
}
declare global {
  interface Window {
    __widelabViews?: Record<string, ViewProbe>;
  }
}
export function probe(view: string, patch: Partial<ViewProbe>): void {
  const all = (window.__widelabViews ??= {});
  all[view] = { ...(all[view] ?? { runs: 0, running: false, data: null }), ...patch };
}

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
export function numberField(name: string, label: unknown, value: number, step: number, accept: (v: number) => boolean, set: (v: number) => void) {
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
export function rangeField(name: string, symbol: string, shown: string, min: number, max: number, value: number, set: (v: number) => void, valueText?: string) {
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

export function selectField<T extends string>(name: string, options: readonly { value: T; label: string }[], value: T, set: (v: T) => void) {
  return html`<label
    ><span>${name}</span>
    <select aria-label=${name} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as T)}>
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
    </select></label
  >`;
}

/*
 * Option labels for the views' selects. A closed select shows only the chosen option, in a
 * column 219 px wide in presentation mode at 1280x720: longer labels ("leaky ReLU (a = 0.1)",
 * "explicit (real weights)") were cut off. The charts' parameter lines keep the full names.
 */
export const ACTIVATION_OPTIONS: readonly { value: ActivationName; label: string }[] = ACTIVATION_NAMES.map((a) => ({
  value: a,
  label: a === 'leaky-relu' ? 'leaky ReLU' : makeActivation(a).label,
}));
export const ENGINE_OPTIONS: readonly { value: EngineChoice; label: string }[] = ENGINES.map((k) => ({
  value: k,
  label: k === 'exact' ? 'exact' : 'explicit weights',
}));
