/**
 * `<two-inputs-lab>`: the "Two inputs" experiment. The correlation c_l of two inputs through
 * depth, measured over an ensemble (mean, SE, 10-90% band) against the kernel recursion, and
 * the order/chaos phase diagram: a heat map of c_L over (C_W, C_b) with the critical line
 * chi_perp(q*) = 1. Clicking the map (or moving its marker with the arrow keys) sets C_W and
 * C_b. State lives in the URL hash (`#view=two-inputs&...`, state.ts); runs go to the view's
 * compute worker (worker.ts); the lifecycle is lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting` (kept in the URL as `present`). Event out: `presenting-change`
 * (detail: boolean) when a link or an edited hash asks for the other mode. Test probe:
 * window.__widelabViews['two-inputs'].
 *
 * Over 300 lines because most of it is the charts' captions, text that belongs beside its
 * template.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { makeActivation } from '../../theory/activations.ts';
import { correlationParams, phaseDiagramParams } from './export-params.ts';
import { ensembleControls, networkControls, tableNumberField } from '../../lab/templates/network-controls.ts';
import { criticalPreset } from '../../lab/network-fields.ts';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { probeView } from '../../lab/test-probe.ts';
import { selectField, viewStyles } from '../../ui/form-fields.ts';
import { cpuCost, cpuMethodOf } from '../../engine/cost.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import { engineTerm } from '../../ui/glossary.ts';
import { powersOfTwo } from '../../lab/controllers/play.ts';
import {
  chiColorOf,
  colorOf,
  correlationConfig,
  correlationCsv,
  phaseConfig,
  phaseCsv,
  phaseLow,
} from './charts.ts';
import {
  PHASE_CB_MAX,
  PHASE_CW_MAX,
  PHASE_CW_MIN,
  twoInputsSpec,
  type PhasePart,
  type TwoInputsSnapshot,
} from './model.ts';
import { PICKER_STEP, stepOnGrid } from './picker.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { TWO_INPUTS_FIELDS, TWO_INPUTS_LIMITS, TWO_INPUTS_URL, VIEW, type TwoInputsState } from './state.ts';

/** The ensemble on one CPU core (cost.ts, with per-layer statistics as the model runs it); null where the spec is invalid. */
function runSeconds(s: TwoInputsState): number | null {
  try {
    const spec = twoInputsSpec(s);
    const options = { layerStats: true };
    return cpuCost(cpuMethodOf(s.engine, spec, options), spec, options).seconds;
  } catch {
    return null;
  }
}

/** Clicked values are rounded to this many decimals (links stay short and readable). */
const round = (v: number) => Math.round(v * 1000) / 1000;

@customElement('two-inputs-lab')
export class TwoInputsLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: TwoInputsSnapshot | null = null;
  @state() private phase: PhasePart | null = null;

  private readonly lab = new ViewLifecycle<TwoInputsState, ToWorker, FromWorker>(this, {
    ...TWO_INPUTS_URL,
    job: (state) => ({ type: 'two-inputs', state }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type === 'two-inputs') {
        this.snapshot = m.snapshot;
        probeView(VIEW, { data: m.snapshot });
      } else if (m.type === 'phase') {
        this.phase = m.part;
      }
    },
    demo: {
      play: { field: 'width', name: 'Width', values: powersOfTwo(4, TWO_INPUTS_LIMITS.maxWidth) },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (TWO_INPUTS_LIMITS.maxSeed + 1) }),
    },
    longRun: {
      estimate: (st, backend) => (backend === 'cpu' ? runSeconds(st) : null),
      minNetworks: TWO_INPUTS_LIMITS.minNetworks,
    },
  });

  static override styles = [
    themeStyles,
    viewStyles,
    css`
      /* Flex items are the label, the bar and the end value: text nodes and <sub> alone would each be spaced apart. */
      .scale {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        font-family: var(--wl-mono);
        font-size: 0.9em;
      }
      .scale span.bar {
        display: inline-block;
        width: 10rem;
        height: 1em;
        border: 1px solid var(--wl-border);
      }
      .picker {
        display: inline-block;
        margin-top: 0.6rem;
        padding: 0.35em 0.8em;
        border: 2px dashed var(--wl-accent);
        border-radius: 0.4em;
        cursor: default;
      }
    `,
  ];

  private get st(): TwoInputsState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<TwoInputsState>): void {
    this.lab.url.set(patch);
  }

  /** A point of the diagram: clamped to its range. */
  private pick = (cw: number, cb: number): void => {
    this.set({
      cw: round(Math.min(PHASE_CW_MAX, Math.max(PHASE_CW_MIN, cw))),
      cb: round(Math.min(PHASE_CB_MAX, Math.max(0, cb))),
    });
  };

  /** Arrow keys move the marker to the next round value (C_W left/right by 0.1, C_b up/down by 0.01). */
  private onPickerKey(e: KeyboardEvent): void {
    const s = this.st;
    if (!s) return;
    const moves: Record<string, () => [number, number]> = {
      ArrowLeft: () => [stepOnGrid(s.cw, PICKER_STEP.cw, -1), s.cb],
      ArrowRight: () => [stepOnGrid(s.cw, PICKER_STEP.cw, 1), s.cb],
      ArrowUp: () => [s.cw, stepOnGrid(s.cb, PICKER_STEP.cb, 1)],
      ArrowDown: () => [s.cw, stepOnGrid(s.cb, PICKER_STEP.cb, -1)],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    this.pick(...m());
  }

  private renderControls(s: TwoInputsState) {
    const typed = this.lab.url.typed;
    const critical = criticalPreset(s.activation);
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      ${networkControls(s, (p) => this.set(p), TWO_INPUTS_LIMITS, { cbStep: 0.01, typed })}
      <div class="presets">
        ${
          'none' in critical
            ? html`<button type="button" aria-disabled="true" aria-describedby="no-critical">Critical</button>
                <span id="no-critical" class="small" data-testid="no-critical">${critical.none}</span>`
            : html`<button
                type="button"
                title=${`Set C_W and C_b to the critical point of ${makeActivation(s.activation).label}`}
                @click=${() => this.set(critical)}
              >
                Critical
              </button>`
        }
      </div>
      ${tableNumberField(TWO_INPUTS_FIELDS.rho, 'Input correlation', 'Input correlation ρ', s.rho, 0.05, (rho) => this.set({ rho }), typed)}
      ${ensembleControls(s, (p) => this.set(p), TWO_INPUTS_LIMITS, 100, typed)}
      ${selectField(
        'Diagram colour',
        [
          { value: 'correlation' as const, label: 'correlation c_L' },
          { value: 'chi' as const, label: 'χ⊥ at q*' },
        ],
        s.shade,
        (shade) => this.set({ shade }),
      )}
    </form>`;
  }

  override render() {
    const s = this.st;
    const snap = this.snapshot;
    const rowsDone = this.phase ? this.phase.rows / this.phase.cb.length : 0;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(
            snap ? 0.5 * snap.progress + 0.5 * rowsDone : 0,
            undefined,
            s
              ? {
                  done: snap?.networks ?? 0,
                  total: s.networks,
                  stage:
                    snap && snap.networks >= s.networks && rowsDone < 1 ? 'in the phase diagram' : undefined,
                }
              : undefined,
          )}
          ${s ? this.renderControls(s) : nothing}
          ${snap ? html`<p class="small" data-testid="engine">Engine: ${engineTerm(snap.engine)}.</p>` : nothing}
        </div>
        <div slot="notices">${this.lab.renderNotices()}</div>
        ${
          snap && s
            ? chartCard(
                this.presenting,
                {
                  heading: 'Correlation of two inputs through depth',
                  file: 'two-input-correlation',
                  params: correlationParams(s, snap),
                  config: correlationConfig(snap, this.presenting),
                  csv: () => correlationCsv(snap),
                  main: true,
                },
                nothing,
              )
            : this.lab.renderPlaceholder()
        }
        ${snap && s ? html`<div slot="readout">${this.renderReadout(snap, s)}</div>` : nothing}
        ${snap && s ? this.renderResults(s) : nothing}
      </widelab-view-frame>
    `;
  }

  private fixedPointText(snap: TwoInputsSnapshot) {
    const fp = snap.fixedPoint;
    if (fp.kind === 'none') {
      return html`<span data-testid="fixed-point">no fixed point q*: K<sub>l</sub> grows without bound, so there is no order or chaos to speak of</span>`;
    }
    return html`<span data-testid="fixed-point"
      >q* = ${formatNumber(fp.qStar)}, <widelab-term term="chiPerp">χ<sub>⊥</sub></widelab-term>(q*) = ${formatNumber(fp.chiPerp)} (${fp.phase})</span
    >`;
  }

  private renderReadout(snap: TwoInputsSnapshot, s: TwoInputsState) {
    const lastMeasured = snap.measured.at(-1);
    return html`
      <p class="readout" role="status" aria-live="polite" data-testid="two-readout">
        C<sub>W</sub> = ${formatNumber(s.cw)}, C<sub>b</sub> = ${formatNumber(s.cb)}: M = ${snap.networks};
        ${
          lastMeasured
            ? html`layer ${lastMeasured.layer} correlation ${formatNumber(lastMeasured.mean)} ± ${formatNumber(lastMeasured.meanSE)}
              (recursion ${formatNumber(snap.theory[lastMeasured.layer - 1])});`
            : nothing
        }
        c<sub>L</sub> = ${formatNumber(snap.theory.at(-1))} at infinite width;
        ${this.fixedPointText(snap)}.
      </p>
    `;
  }

  private renderResults(s: TwoInputsState) {
    const lo = phaseLow(this.phase);
    const p = this.phase;
    return html`
      <div class="main-caption">
        <p>
          Two inputs of the same norm start with correlation ρ. Each hidden layer maps it by the kernel recursion
          c<sub>l+1</sub> = (C<sub>b</sub> + C<sub>W</sub>⟨σ(u)σ(v)⟩) / K<sub>l+1</sub>; the points are the per-network correlations
          z<sub>l</sub>(x₀)·z<sub>l</sub>(x₁)/(|z<sub>l</sub>(x₀)||z<sub>l</sub>(x₁)|), which agree up to O(1/n).
        </p>
        <p>In the ordered phase (χ<sub>⊥</sub> &lt; 1) c<sub>l</sub> flows to 1: all inputs look alike. In the chaotic phase it flows to a fixed point c* &lt; 1.</p>
      </div>
      ${chartCard(
        this.presenting,
        {
          heading:
            s.shade === 'chi'
              ? 'Order and chaos: χ⊥ at the fixed point q*'
              : `Order and chaos: c_L after L = ${s.depth} layers`,
          file: 'phase-diagram',
          params: phaseDiagramParams(s),
          config: phaseConfig(p, { cw: s.cw, cb: s.cb }, this.pick, this.presenting, s.shade),
          csv: () => phaseCsv(p),
        },
        html`
        <p>
          Colour: ${
            s.shade === 'chi'
              ? html`the susceptibility χ<sub>⊥</sub>(q*) at the single-input fixed point q*`
              : html`the infinite-width correlation c<sub>L</sub> of the two inputs`
          }
          at each (C<sub>W</sub>, C<sub>b</sub>) of a 24 × 24 grid. The black line is the critical line χ<sub>⊥</sub>(q*) = C<sub>W</sub>⟨σ′²⟩<sub>q*</sub> = 1 at the fixed point q*:
          ordered (c<sub>L</sub> → 1) on its left, chaotic on its right. Click the map to set C<sub>W</sub> and C<sub>b</sub>.
        </p>
        ${
          ['relu', 'leaky-relu'].includes(s.activation)
            ? html`<p class="small">
              ${makeActivation(s.activation).label} is scale-invariant: the correlation map does not depend on the norm, and two inputs
              always end up aligned (c<sub>l</sub> → 1) however slowly; the critical line C<sub>W</sub> = C<sub>W</sub>* only separates
              vanishing from exploding norms.
            </p>`
            : nothing
        }
        ${
          s.shade === 'chi'
            ? html`<p class="scale" aria-label="Colour scale">
              <span>χ<sub>⊥</sub>: ≤ ½</span
              ><span class="bar" style=${`background: linear-gradient(to right, ${[0.5, 0.71, 1, 1.41, 2].map(chiColorOf).join(', ')})`}></span
              ><span>≥ 2 (white: 1; grey: no fixed point q*)</span>
            </p>`
            : html`<p class="scale" aria-label="Colour scale">
              <span>c<sub>L</sub>: ${formatNumber(lo)}</span
              ><span class="bar" style=${`background: linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1]
                .map(colorOf)
                .join(', ')})`}></span
              ><span>1</span>
            </p>`
        }
        <p class="small">${p && p.rows < p.cb.length ? `Computing the diagram: ${p.rows} of ${p.cb.length} rows…` : ''}</p>
        <div
          class="picker"
          tabindex="0"
          role="group"
          aria-label="Phase diagram point: arrow keys move C_W (left, right) and C_b (up, down)"
          data-testid="phase-picker"
          @keydown=${this.onPickerKey}
        >
          Marker: C<sub>W</sub> ${formatNumber(s.cw)}, C<sub>b</sub> ${formatNumber(s.cb)} (focus and use the arrow keys)
        </div>
      `,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'two-inputs-lab': TwoInputsLab;
  }
}
