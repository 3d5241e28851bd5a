/**
 * `<random-functions-lab>`: the "Random functions" experiment. Draws of random networks f(x)
 * over a grid of inputs (a line, or the unit circle against its angle) at a chosen width, from
 * n = 1 to n = infinity (Gaussian-process draws from N(0, K)), with the infinite-width band
 * 0 +- 2 sqrt K(x, x); the kernel K(x, x') beside the ensemble's empirical kernel and their
 * difference; and at a chosen point the sample variance and excess kurtosis against K(x, x)
 * and the 1/n theory. State lives in the URL hash (`#view=functions&...`, state.ts); runs go
 * to the view's compute worker (worker.ts, CPU engines); the lifecycle is
 * lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting`. Event out: `presenting-change`. Test probe:
 * window.__widelabViews.functions.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ensembleControls, networkControls, tableNumberField } from '../../lab/templates/network-controls.ts';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { probeView } from '../../lab/test-probe.ts';
import { rangeField, selectField, viewStyles } from '../../ui/form-fields.ts';
import { cpuCost, cpuMethodOf } from '../../engine/cost.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import { engineTerm } from '../../ui/glossary.ts';
import { functionsConfig, functionsCsv, kernelConfig, kernelCsv } from './charts.ts';
import { functionsParams } from './export-params.ts';
import { functionsSpec, type FunctionsSnapshot } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import {
  FUNCTIONS_ACTIVATIONS,
  FUNCTIONS_FIELDS,
  FUNCTIONS_LIMITS,
  FUNCTIONS_URL,
  VIEW,
  type FunctionsState,
} from './state.ts';

/** Width slider positions: 2^0 .. 2^12, then n = infinity. */
const WIDTH_STEPS = Math.log2(FUNCTIONS_LIMITS.maxWidth) + 1;

/** The ensemble on one CPU core by the engines' cost model; null for GP draws or an invalid spec. */
function runSeconds(s: FunctionsState): number | null {
  if (s.limit) return null;
  try {
    const spec = functionsSpec(s);
    return cpuCost(cpuMethodOf(s.engine, spec), spec).seconds;
  } catch {
    return null;
  }
}

@customElement('random-functions-lab')
export class RandomFunctionsLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: FunctionsSnapshot | null = null;

  private readonly lab = new ViewLifecycle<FunctionsState, ToWorker, FromWorker>(this, {
    ...FUNCTIONS_URL,
    job: (state) => ({ type: 'functions', state }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type === 'functions') {
        this.snapshot = m.snapshot;
        probeView(VIEW, { data: m.snapshot });
      }
    },
    demo: {
      play: {
        field: 'width',
        name: 'Width',
        values: Array.from({ length: WIDTH_STEPS }, (_, i) => 2 ** i),
      },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (FUNCTIONS_LIMITS.maxSeed + 1) }),
    },
    longRun: {
      estimate: (st) => runSeconds(st),
      minNetworks: FUNCTIONS_LIMITS.minNetworks,
    },
  });

  static override styles = [themeStyles, viewStyles];

  private get st(): FunctionsState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<FunctionsState>): void {
    this.lab.url.set(patch);
  }

  private widthField(s: FunctionsState) {
    const pos = s.limit ? WIDTH_STEPS : Math.round(Math.log2(s.width));
    return rangeField(
      'Width',
      'n',
      s.limit ? '∞' : String(s.width),
      0,
      WIDTH_STEPS,
      pos,
      (v) => this.set(v >= WIDTH_STEPS ? { limit: true } : { limit: false, width: 2 ** v }),
      s.limit ? 'infinity' : undefined,
    );
  }

  private renderControls(s: FunctionsState) {
    const typed = this.lab.url.typed;
    const f = FUNCTIONS_FIELDS;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      ${networkControls(s, (p) => this.set(p), FUNCTIONS_LIMITS, {
        cbStep: 0.05,
        typed,
        activations: FUNCTIONS_ACTIVATIONS,
        width: this.widthField(s),
      })}
      ${selectField(
        'Inputs',
        [
          { value: 'line' as const, label: 'line [-L, L]' },
          { value: 'circle' as const, label: 'unit circle' },
        ],
        s.domain,
        (domain) => this.set({ domain }),
      )}
      ${s.domain === 'line' ? tableNumberField(f.span, 'Line half-length L', 'Half-length L', s.span, 0.25, (span) => this.set({ span }), typed) : nothing}
      ${tableNumberField(f.points, 'Grid points', 'Grid points', s.points, 4, (points) => this.set({ points, point: Math.min(s.point, points - 1) }), typed)}
      ${tableNumberField(f.draws, 'Functions drawn', 'Functions drawn', s.draws, 1, (draws) => this.set({ draws }), typed)}
      ${rangeField('Readout point', 'at', this.pointText(s), 0, s.points - 1, Math.min(s.point, s.points - 1), (point) => this.set({ point }))}
      ${ensembleControls(s, (p) => this.set(p), FUNCTIONS_LIMITS, 64, typed)}
    </form>`;
  }

  private pointText(s: FunctionsState): string {
    const c = this.snapshot?.grid.coordinate[Math.min(s.point, s.points - 1)];
    if (c === undefined) return String(s.point);
    return `${s.domain === 'circle' ? 'φ' : 'x'} = ${formatNumber(c)}`;
  }

  override render() {
    const s = this.st;
    const snap = this.snapshot;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(snap?.progress ?? 0, undefined, s ? { done: snap?.networks ?? 0, total: s.networks } : undefined)}
          ${s ? this.renderControls(s) : nothing}
          ${snap ? html`<p class="small" data-testid="engine">Engine: ${s?.limit ? snap.engine : engineTerm(snap.engine)}.</p>` : nothing}
        </div>
        <div slot="notices">${this.lab.renderNotices()}</div>
        ${
          snap && s
            ? chartCard(
                this.presenting,
                {
                  heading: s.limit ? 'Gaussian-process draws (n = ∞)' : `Random networks of width ${s.width}`,
                  file: 'random-functions',
                  params: functionsParams(s, snap),
                  config: functionsConfig(
                    snap,
                    Math.min(s.point, snap.grid.coordinate.length - 1),
                    this.presenting,
                  ),
                  csv: () => functionsCsv(snap),
                  main: true,
                },
                nothing,
              )
            : this.lab.renderPlaceholder()
        }
        ${snap && s ? html`<div slot="readout">${this.renderReadout(snap, s)}</div>` : nothing}
        ${snap && s ? this.renderResults(snap, s) : nothing}
      </widelab-view-frame>
    `;
  }

  private renderReadout(snap: FunctionsSnapshot, s: FunctionsState) {
    const a = Math.min(s.point, snap.grid.coordinate.length - 1);
    const p = snap.points[a];
    const K = snap.theory[a][a];
    const t = snap.theoryKurtosis[a];
    return html`<p class="readout" role="status" aria-live="polite" data-testid="functions-readout">
      At ${this.pointText(s)}: M = ${snap.networks}; variance ${formatNumber(p.variance)} ± ${formatNumber(p.varianceSE)}
      (K(x, x) = ${formatNumber(K)}); excess kurtosis ${formatNumber(p.kurtosis)} ± ${formatNumber(p.kurtosisSE)}
      (${s.limit ? 'Gaussian: 0' : html`1/n theory ${Number.isFinite(t) ? formatNumber(t) : 'undefined (K = 0)'}`}).
    </p>`;
  }

  private renderResults(snap: FunctionsSnapshot, s: FunctionsState) {
    return html`
      <div class="main-caption">
        <p>
          Each thin line is one random network f(x; θ), θ drawn from the initialization distribution, evaluated on
          ${snap.grid.coordinate.length} ${s.domain === 'circle' ? 'inputs on the unit circle' : 'inputs of a line'}. The band is
          the infinite-width prediction: f(x) ~ N(0, K(x, x)), 95% of draws inside ±2√K. At small width the draws are not
          Gaussian-process draws: ReLU networks of width 1-4 are piecewise linear with a few kinks and their values are
          heavy-tailed (positive excess kurtosis ~ 1/n); drag Width to ∞ and they become smooth draws from N(0, K).
        </p>
        <p class="small">
          ${
            s.limit
              ? 'n = ∞: f = L ξ with L Lᵀ = K + 10⁻¹⁰ max K(x, x) I, ξ standard normals from the counter-based generator.'
              : s.engine === 'explicit'
                ? 'Explicit engine: network m has the same weights as network m of the other views at this seed (its value at x = 1, or φ = 0, is their output).'
                : 'Exact engine: the same distribution as real networks on these inputs, but not the same networks as the other views.'
          }
        </p>
      </div>
      ${chartCard(
        this.presenting,
        {
          heading: 'The kernel K(x, x′): infinite width, empirical, difference',
          file: 'random-functions-kernel',
          params: functionsParams(s, snap),
          config: kernelConfig(snap, this.presenting),
          csv: () => kernelCsv(snap),
        },
        html`<p>
            Left: the infinite-width kernel K(x, x′) = E f(x) f(x′) from the kernel recursion. Middle: mean over the M
            networks of f(x) f(x′). Right: their difference, on the same colour scale (blue negative, white 0, vermillion
            positive; the ends are ± max |K|). Rows are x, columns x′, both from ${s.domain === 'circle' ? 'φ = 0' : '−L'} at the
            top left. The difference is noise of order K/√M plus the O(1/n) finite-width shift of the kernel.
          </p>`,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'random-functions-lab': RandomFunctionsLab;
  }
}
