/**
 * `<depth-criticality-lab>`: the "Depth & criticality" experiment. The activation norm
 * |z_l|^2/n_l per layer over an ensemble (mean, median, 10-90% band) on a log axis beside the
 * kernel recursion K_l, gradient norms per layer (explicit engine), normalization and dropout,
 * and K_l, chi_par, chi_perp per layer. State lives in the URL hash (`#view=depth&...`,
 * state.ts); runs go to the view's compute worker (worker.ts); the lifecycle is
 * lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting` (kept in the URL as `present`). Event out: `presenting-change`
 * (detail: boolean) when a link or an edited hash asks for the other mode. Test probe:
 * window.__widelabViews.depth (runs, last snapshot).
 *
 * Over 300 lines because most of it is the charts' captions, text that belongs beside its
 * template.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { criticalFor } from '../../lab/network-fields.ts';
import { ensembleControls, networkControls, tableNumberField } from '../../lab/templates/network-controls.ts';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { probeView } from '../../lab/test-probe.ts';
import { selectField, viewStyles } from '../../ui/form-fields.ts';
import { formatDuration } from '../../ui/durations.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import { engineTerm } from '../../ui/glossary.ts';
import { powersOfTwo } from '../../lab/controllers/play.ts';
import { NORM_LABELS, layerChartParams, lectureParams } from './export-params.ts';
import { makeActivation } from '../../theory/activations.ts';
import { depthCsv, gradientConfig, lectureConfig, lectureCsv, normConfig } from './charts.ts';
import {
  LECTURE_CS,
  criticalPreset,
  depthCostSeconds,
  depthFacts,
  lectureCw,
  lectureState,
  logAxisNote,
  overflowNotice,
  type DepthSnapshot,
} from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { DEPTH_FIELDS, DEPTH_LIMITS, DEPTH_NORMS, DEPTH_URL, VIEW, type DepthState } from './state.ts';

/** The whole job on one CPU core: the ensemble, and the lecture's three with Compare (cost.ts); null where the spec is invalid. */
function runSeconds(s: DepthState): number | null {
  try {
    const lecture = s.compare ? LECTURE_CS.reduce((t, c) => t + depthCostSeconds(lectureState(s, c)), 0) : 0;
    return depthCostSeconds(s) + lecture;
  } catch {
    return null;
  }
}

@customElement('depth-criticality-lab')
export class DepthCriticalityLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: DepthSnapshot | null = null;

  private readonly lab = new ViewLifecycle<DepthState, ToWorker, FromWorker>(this, {
    ...DEPTH_URL,
    job: (state) => ({ type: 'depth', state }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type !== 'depth') return;
      this.snapshot = m.snapshot;
      probeView(VIEW, { data: m.snapshot });
    },
    demo: {
      play: { field: 'width', name: 'Width', values: powersOfTwo(4, DEPTH_LIMITS.maxWidth) },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (DEPTH_LIMITS.maxSeed + 1) }),
    },
    longRun: {
      estimate: (st, backend) => (backend === 'cpu' ? runSeconds(st) : null),
      minNetworks: DEPTH_LIMITS.minNetworks,
    },
  });

  static override styles = [themeStyles, viewStyles];

  private get st(): DepthState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<DepthState>): void {
    this.lab.url.set(patch);
  }

  private renderControls(s: DepthState) {
    const p = s.dropout;
    const presetOn = (c: number) => s.activation === 'relu' && s.cb === 0 && s.cw === lectureCw(c, p);
    const critical = criticalPreset(s);
    const atCritical = !('none' in critical) && s.cw === critical.cw && s.cb === critical.cb;
    const typed = this.lab.url.typed;
    return html`
      <div class="presets" role="group" aria-label="Lecture presets: ReLU, no bias, weight variance c/n">
        <span
          >Lecture presets (ReLU, C<sub>b</sub> = 0, C<sub>W</sub> = ${p > 0 ? html`c(1 − p) = ${formatNumber(1 - p)}c` : 'c'}):</span
        >
        ${LECTURE_CS.map(
          (c) =>
            html`<button type="button" aria-pressed=${presetOn(c) ? 'true' : 'false'} @click=${() => this.set({ activation: 'relu', cb: 0, cw: lectureCw(c, p) })}>
              c = ${c}
            </button>`,
        )}
        <button type="button" aria-pressed=${s.compare ? 'true' : 'false'} @click=${() => this.set({ compare: !s.compare })}>
          Compare c = 1, 2, 3
        </button>
        ${
          'none' in critical
            ? html`<button type="button" aria-disabled="true" aria-describedby="no-critical">Critical</button>
                <span id="no-critical" class="small" data-testid="no-critical">${critical.none}</span>`
            : html`<button
                type="button"
                aria-pressed=${atCritical ? 'true' : 'false'}
                title=${`Set C_W and C_b to the critical point of ${makeActivation(s.activation).label}${p > 0 ? ` with dropout p = ${p}` : ''}`}
                @click=${() => this.set(critical)}
              >
                Critical
              </button>`
        }
      </div>
      <form @submit=${(e: Event) => e.preventDefault()}>
        ${networkControls(s, (p) => this.set(p), DEPTH_LIMITS, { cbStep: 0.05, typed, activation: (a) => ({ activation: a, ...criticalFor(a, s.dropout) }) })}
        ${ensembleControls(s, (p) => this.set(p), DEPTH_LIMITS, 500, typed)}
        ${selectField(
          'Normalization',
          DEPTH_NORMS.map((n) => ({ value: n, label: NORM_LABELS[n] })),
          s.norm,
          (norm) => this.set({ norm }),
        )}
        ${tableNumberField(DEPTH_FIELDS.dropout, 'Dropout', 'Dropout p', s.dropout, 0.05, (dropout) => this.set({ dropout }), typed)}
      </form>
    `;
  }

  /** Say so before an explicit-engine ensemble keeps the CPU busy for long (a WebGPU engine paces itself). */
  private costNotice(s: DepthState) {
    // A run long enough to ask first says its estimate in the question.
    if (this.lab.compute.backend !== 'cpu' || this.lab.question) return nothing;
    const seconds = runSeconds(s);
    if (seconds === null || seconds < 8) return nothing;
    const time = formatDuration(seconds);
    return this.lab.renderNote(
      `cost|${time}|${s.engine}`,
      html`This ensemble takes about ${time} on one CPU core${
        s.engine === 'explicit'
          ? ': the explicit engine draws every weight, twice (forward and backward). The exact engine samples the same norms far faster, without gradients.'
          : '.'
      }`,
    );
  }

  /** How far the run got, for "Cancelled at M of N networks". */
  private count(s: DepthState, snap: DepthSnapshot | null) {
    const done = snap?.networks ?? 0;
    const lecture = snap?.lecture;
    return {
      done,
      total: s.networks,
      stage:
        lecture && done >= s.networks && lecture.length < LECTURE_CS.length
          ? `in the lecture's ensembles (${lecture.length} of ${LECTURE_CS.length} done)`
          : undefined,
    };
  }

  override render() {
    const s = this.st;
    const snap = this.snapshot;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(snap ? snap.progress : 0, undefined, s ? this.count(s, snap) : undefined)}
          ${s ? this.renderControls(s) : nothing}
          ${snap ? html`<p class="small" data-testid="engine">Engine: ${engineTerm(snap.engine)}.</p>` : nothing}
        </div>
        <div slot="notices">
          ${this.lab.renderNotices()} ${s ? this.costNotice(s) : nothing}
          ${snap?.warning ? html`<p class="notice" data-testid="depth-warning">${snap.warning}</p>` : nothing}
          ${snap ? this.overflowNotice(snap) : nothing}
        </div>
        ${snap && s ? this.renderMain(snap) : this.lab.renderPlaceholder()}
        ${snap ? html`<div slot="readout">${this.renderReadout(snap)}</div>` : nothing}
        ${snap && s ? this.renderResults(snap, s) : nothing}
      </widelab-view-frame>
    `;
  }

  private overflowNotice(snap: DepthSnapshot) {
    const text = overflowNotice(depthFacts(snap), snap.networks);
    return text ? html`<p class="notice" role="status" data-testid="depth-overflow">${text}</p>` : nothing;
  }

  private renderMain(snap: DepthSnapshot) {
    return chartCard(
      this.presenting,
      {
        heading: 'Activation norm per layer',
        file: 'activation-norm-per-layer',
        params: layerChartParams(this.st!, snap),
        config: normConfig(snap, this.presenting),
        csv: () => depthCsv(snap),
        main: true,
      },
      nothing,
    );
  }

  private renderReadout(snap: DepthSnapshot) {
    const L = snap.layers.length;
    const first = snap.layers[0];
    const last = snap.layers[Math.max(0, L - 2)];
    if (!first || !last) return nothing;
    const t = snap.theory[last.layer - 1];
    return html`<p class="readout" role="status" aria-live="polite" data-testid="depth-readout">
      M = ${snap.networks}: layer 1 mean ${formatNumber(first.norm.mean)}; last hidden layer ${last.layer}: mean
      ${formatNumber(last.norm.mean)}${Number.isFinite(last.norm.meanSE) ? ` ± ${formatNumber(last.norm.meanSE)}` : ''}, median ${formatNumber(last.norm.median)} (theory K =
      ${formatNumber(t.K)}${t.typical !== null ? html`, exp E log = ${formatNumber(t.typical)}` : nothing}).
    </p>`;
  }

  private renderResults(snap: DepthSnapshot, s: DepthState) {
    const params = layerChartParams(s, snap);
    const hasGradients = snap.layers.some((l) => l.gradient);
    const lastHidden = snap.theory[Math.max(0, snap.theory.length - 2)];
    const logNote = logAxisNote(depthFacts(snap));
    return html`
      <div class="main-caption">
        <p>
          Each network gives one value of |z<sub>l</sub>|²/n<sub>l</sub> per layer for the same input. For ReLU without bias
          and W ~ N(0, c/n) the mean is exactly c(c/2)<sup>l−1</sup> at any width: it explodes for c = 3, dies for c = 1 and
          stays at 2 for the critical c = 2. In general the black line is the kernel recursion K<sub>l+1</sub> = C<sub>b</sub> +
          C<sub>W</sub>⟨σ²⟩<sub>K<sub>l</sub></sub>${s.dropout > 0 ? html` / (1 − p)` : nothing}. The chart shows the hidden layers; the table adds the one-unit output layer.
        </p>
        ${
          s.dropout > 0
            ? html`<p data-testid="dropout-caption">
                With dropout p = ${formatNumber(s.dropout)} (inverted: a kept unit is divided by 1 − p), every hidden layer's second
                moment is multiplied by 1/(1 − p), so the critical point moves: for ReLU C<sub>W</sub> = 2(1 − p) =
                ${formatNumber(2 * (1 - s.dropout))}. The presets use C<sub>W</sub> = c(1 − p), whose mean is exactly
                c(1 − p)(c/2)<sup>l−1</sup>, and Critical sets the activation's critical point at this p. At C<sub>W</sub> = 2 the
                mean would grow by 1/(1 − p) per layer.
              </p>`
            : nothing
        }
        <p>
          Why the median drifts down at c = 2: each layer multiplies the norm by an independent random factor with mean 1, so
          the log-norm is a random walk. Its variance grows like L/n, and since E log M &lt; log E M the typical (median)
          network shrinks while a few large ones hold the mean up.
          ${
            lastHidden?.logVariance != null
              ? html`The dotted line is the exact exp(E log) of this walk (Var log = ${formatNumber(lastHidden.logVariance)} at the last hidden
                layer).`
              : html`(The exact law of the walk, dotted, is drawn for ReLU and linear networks without bias or normalization.)`
          }
        </p>
        <p>
          Layer or RMS normalization before the nonlinearity resets every input's norm, so from layer 2 on the norm is pinned
          whatever C<sub>W</sub>. Dropout keeps each unit's mean but raises its second moment by 1/(1 − p), which moves the
          critical C<sub>W</sub> (to 2(1 − p) for ReLU) and widens the band.
        </p>
        ${logNote ? html`<p data-testid="log-axis-note">${logNote}</p>` : nothing}
      </div>
      ${
        snap.lecture && snap.lecture.length > 0
          ? html`${chartCard(
              this.presenting,
              {
                heading: "The lecture's three curves: c = 1, 2, 3",
                file: 'lecture-c-1-2-3',
                params: lectureParams(s, snap),
                config: lectureConfig(snap, this.presenting),
                csv: () => lectureCsv(snap),
              },
              html`
            <p>
              Three ensembles of ReLU networks without bias, W ~ N(0, ${s.dropout > 0 ? html`c(1 − p)/n` : 'c/n'}), at this width and depth: the mean (solid) follows
              ${s.dropout > 0 ? html`c(1 − p)(c/2)<sup>l−1</sup>` : html`c(c/2)<sup>l−1</sup>`} exactly, vanishing for c = 1 and exploding for c = 3; at c = 2 the mean stays put while the median
              (dashed) drifts down. Turn on a normalization to see all three pinned.
            </p>
          `,
            )}`
          : nothing
      }
      ${
        hasGradients
          ? html`${chartCard(
              this.presenting,
              {
                heading: 'Gradient norm per layer',
                file: 'gradient-norm-per-layer',
                params,
                config: gradientConfig(snap, this.presenting),
                csv: () => depthCsv(snap),
              },
              html`
            <p>
              |∂Loss/∂W<sub>l</sub>| (Frobenius) for loss = z<sub>L</sub>²/2, by backpropagation through each network's real
              weights. It is the backward signal |δ<sub>l</sub>| times the layer's input |y<sub>l−1</sub>|: for ReLU without bias
              the first grows towards the input as fast as the second shrinks, so the gradient is about as large in every layer,
              and the whole gradient explodes (c &gt; 2) or vanishes (c &lt; 2) with the depth. Layer 1 has only n<sub>1</sub> × n<sub>0</sub>
              weights (n<sub>0</sub> = 1 here), hence its smaller norm.
            </p>
          `,
            )}`
          : html`<p class="small">Gradient norms need real weights: choose the explicit engine (Engine) to see them per layer.</p>`
      }
      <h3>Theory per layer (infinite width)</h3>
      <p class="small">
        <widelab-term term="chiPar">χ<sub>∥</sub></widelab-term> = C<sub>W</sub> d⟨σ²⟩/dK and <widelab-term term="chiPerp">χ<sub>⊥</sub></widelab-term> = C<sub>W</sub>⟨σ′²⟩ at K<sub>l</sub>: criticality is both equal to 1
        (for ReLU at C<sub>W</sub> = 2${s.dropout > 0 ? html`(1 − p) = ${formatNumber(2 * (1 - s.dropout))} with dropout p = ${formatNumber(s.dropout)}` : nothing}).
      </p>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Per-layer table">
        <table data-testid="depth-table">
          <thead>
            <tr>
              <th scope="col">l</th>
              <th scope="col">n<sub>l</sub></th>
              <th scope="col">mean</th>
              <th scope="col">± SE</th>
              <th scope="col">median</th>
              <th scope="col">K<sub>l</sub></th>
              <th scope="col">χ<sub>∥</sub></th>
              <th scope="col">χ<sub>⊥</sub></th>
            </tr>
          </thead>
          <tbody>
            ${snap.layers.map((l, i) => {
              const t = snap.theory[i];
              return html`<tr>
                <th scope="row">${l.layer}</th>
                <td>${l.width}</td>
                <td>${formatNumber(l.norm.mean)}</td>
                <td>${formatNumber(l.norm.meanSE)}</td>
                <td>${formatNumber(l.norm.median)}</td>
                <td>${formatNumber(t.K)}</td>
                <td>${formatNumber(t.chiPar)}</td>
                <td>${formatNumber(t.chiPerp)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'depth-criticality-lab': DepthCriticalityLab;
  }
}
