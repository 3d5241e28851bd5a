/**
 * `<gaussian-limit-controls>`: the experiment's inputs, with exactly the accessible names
 * "Width", "Depth", "Activation", "C_W", "C_b", "Networks", "Seed", "Engine", and a
 * "Critical" button. Width is a range input over log2 n (1..16384), depth 1..100. A typed
 * number the view's field table refuses stays in its field with the table's message beside it.
 *
 * Property in: `state`. Event out: `state-change` (detail: the new LabState), on every edit.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ActivationName } from '../../theory/activations.ts';
import {
  ACTIVATION_OPTIONS,
  ENGINE_OPTIONS,
  criticalPreset,
  type EngineChoice,
} from '../../lab/network-fields.ts';
import { typedCheck } from '../../lab/url-fields.ts';
import { fieldError, numberInput, TypedValues } from '../../ui/form-fields.ts';
import { formControlStyles, themeStyles } from '../../ui/theme.ts';
import { GAUSSIAN_FIELDS, STATE_LIMITS, criticalFor, type LabState } from './state.ts';

const MAX_LOG_WIDTH = Math.log2(STATE_LIMITS.maxWidth);

@customElement('gaussian-limit-controls')
export class GaussianLimitControls extends LitElement {
  @property({ attribute: false }) state!: LabState;
  /** Presentation mode: large type (the theme's scale is set per host, so it is passed down). */
  @property({ type: Boolean, reflect: true }) presenting = false;

  static override styles = [
    themeStyles,
    formControlStyles,
    css`
      :host {
        display: block;
        background: transparent;
      }
      .pair {
        display: flex;
        gap: 0.5rem;
        align-items: end;
      }
      .pair label {
        flex: 1;
        min-width: 0;
      }
      .pair input {
        width: 100%;
        box-sizing: border-box;
      }
      button {
        padding: 0.3em 0.8em;
        border-radius: 0.4em;
        border: 2px solid var(--wl-accent);
        background: transparent;
        color: var(--wl-fg);
        cursor: pointer;
      }
    `,
  ];

  private change(patch: Partial<LabState>): void {
    const next = { ...this.state, ...patch };
    this.dispatchEvent(
      new CustomEvent<LabState>('state-change', { detail: next, bubbles: true, composed: true }),
    );
  }

  private num(e: Event): number {
    return (e.target as HTMLInputElement).valueAsNumber;
  }

  /** Values typed and not taken, kept here so that this element re-renders with their messages. */
  private readonly typed = new TypedValues(() => this.requestUpdate());

  private fieldError(key: 'cw' | 'cb' | 'networks' | 'seed', name: string) {
    return fieldError({ name, value: this.state[key], typed: this.typed });
  }

  /** A number input checked by the view's field table (the words of a bad link's notice when refused). */
  private numberInput(key: 'cw' | 'cb' | 'networks' | 'seed', name: string, step: number) {
    const field = GAUSSIAN_FIELDS[key];
    const value = this.state[key];
    return numberInput({
      name,
      label: name,
      value,
      step,
      min: field.min ?? 0,
      max: field.max ?? Infinity,
      check: typedCheck(field, name, value),
      set: (v) => this.change({ [key]: v }),
      typed: this.typed,
    });
  }

  override render() {
    const s = this.state;
    const logW = Math.round(Math.log2(s.width));
    const critical = criticalPreset(s.activation);
    return html`
      <form @submit=${(e: Event) => e.preventDefault()}>
        <label
          >
          <span>Width n = <span class="value">${s.width}</span></span>
          <input
            type="range"
            aria-label="Width"
            min="0"
            max=${MAX_LOG_WIDTH}
            step="1"
            .value=${String(logW)}
            aria-valuetext=${`${s.width}`}
            @input=${(e: Event) => this.change({ width: 2 ** this.num(e) })}
        /></label>
        <label
          >
          <span>Depth L = <span class="value">${s.depth}</span></span>
          <input
            type="range"
            aria-label="Depth"
            min="1"
            max=${STATE_LIMITS.maxDepth}
            step="1"
            .value=${String(s.depth)}
            @input=${(e: Event) => this.change({ depth: this.num(e) })}
        /></label>
        <label
          >
          <span>Activation</span>
          <select
            aria-label="Activation"
            @change=${(e: Event) => {
              const a = (e.target as HTMLSelectElement).value as ActivationName;
              this.change({ activation: a, ...criticalFor(a) });
            }}
          >
            ${ACTIVATION_OPTIONS.map((o) => html`<option value=${o.value} ?selected=${o.value === s.activation}>${o.label}</option>`)}
          </select></label
        >
        <div class="pair">
          <label
            >
            <span>C<sub>W</sub></span>
            ${this.numberInput('cw', 'C_W', 0.05)}</label
          >
          <label
            >
            <span>C<sub>b</sub></span>
            ${this.numberInput('cb', 'C_b', 0.05)}</label
          >
          ${
            'none' in critical
              ? html`<button type="button" aria-disabled="true" aria-describedby="no-critical">Critical</button>`
              : html`<button type="button" @click=${() => this.change(critical)} title="Set C_W and C_b to the activation's critical point">
                  Critical
                </button>`
          }
        </div>
        ${this.fieldError('cw', 'C_W')} ${this.fieldError('cb', 'C_b')}
        ${'none' in critical ? html`<p id="no-critical" class="small" data-testid="no-critical">${critical.none}</p>` : nothing}
        <label
          >
          <span>Networks M</span>
          ${this.numberInput('networks', 'Networks', 1000)} ${this.fieldError('networks', 'Networks')}</label
        >
        <label
          >
          <span>Seed</span>
          ${this.numberInput('seed', 'Seed', 1)} ${this.fieldError('seed', 'Seed')}</label
        >
        <label
          >
          <span>Engine</span>
          <select aria-label="Engine" @change=${(e: Event) => this.change({ engine: (e.target as HTMLSelectElement).value as EngineChoice })}>
            ${ENGINE_OPTIONS.map((o) => html`<option value=${o.value} ?selected=${o.value === s.engine}>${o.label}</option>`)}
          </select></label
        >
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gaussian-limit-controls': GaussianLimitControls;
  }
}
