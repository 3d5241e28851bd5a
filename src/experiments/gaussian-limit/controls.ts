/**
 * `<gaussian-limit-controls>`: the experiment's inputs, with exactly the accessible names
 * "Width", "Depth", "Activation", "C_W", "C_b", "Networks", "Seed", "Engine", and a
 * "Critical" button. Width is a range input over log2 n (1..16384), depth 1..100.
 *
 * Property in: `state`. Event out: `state-change` (detail: the new LabState), on every edit.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ActivationName } from '../../theory/activations.ts';
import {
  ACTIVATION_OPTIONS,
  ENGINE_OPTIONS,
  criticalPreset,
  type EngineChoice,
} from '../../lab/network-fields.ts';
import { formControlStyles, themeStyles } from '../../ui/theme.ts';
import { STATE_LIMITS, criticalFor, type LabState } from './state.ts';

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
            <input
              type="number"
              aria-label="C_W"
              min="0"
              step="0.05"
              .value=${live(String(s.cw))}
              @change=${(e: Event) => {
                const v = this.num(e);
                if (v > 0 && v <= STATE_LIMITS.maxCw) this.change({ cw: v });
                else this.requestUpdate(); // out of range: the field shows the current value again
              }}
          /></label>
          <label
            >
            <span>C<sub>b</sub></span>
            <input
              type="number"
              aria-label="C_b"
              min="0"
              step="0.05"
              .value=${live(String(s.cb))}
              @change=${(e: Event) => {
                const v = this.num(e);
                if (v >= 0 && v <= STATE_LIMITS.maxCb) this.change({ cb: v });
                else this.requestUpdate();
              }}
          /></label>
          ${
            'none' in critical
              ? html`<button type="button" aria-disabled="true" aria-describedby="no-critical">Critical</button>`
              : html`<button type="button" @click=${() => this.change(critical)} title="Set C_W and C_b to the activation's critical point">
                  Critical
                </button>`
          }
        </div>
        ${'none' in critical ? html`<p id="no-critical" class="small" data-testid="no-critical">${critical.none}</p>` : nothing}
        <label
          >
          <span>Networks M</span>
          <input
            type="number"
            aria-label="Networks"
            min=${STATE_LIMITS.minNetworks}
            max=${STATE_LIMITS.maxNetworks}
            step="1000"
            .value=${live(String(s.networks))}
            @change=${(e: Event) => {
              const v = this.num(e);
              if (Number.isInteger(v) && v >= STATE_LIMITS.minNetworks && v <= STATE_LIMITS.maxNetworks)
                this.change({ networks: v });
              else this.requestUpdate();
            }}
        /></label>
        <label
          >
          <span>Seed</span>
          <input
            type="number"
            aria-label="Seed"
            min="0"
            max=${STATE_LIMITS.maxSeed}
            step="1"
            .value=${live(String(s.seed))}
            @change=${(e: Event) => {
              const v = this.num(e);
              if (Number.isInteger(v) && v >= 0 && v <= STATE_LIMITS.maxSeed) this.change({ seed: v });
              else this.requestUpdate();
            }}
        /></label>
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
