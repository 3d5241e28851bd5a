/**
 * `<gaussian-limit-lab>`: the Gaussian-limit experiment. State lives in the URL hash
 * (state.ts); each change re-runs (at once, or throttled while a slider moves) in the view's
 * compute worker (worker.ts), which aborts the run in flight; snapshots stream back into three
 * charts and a readout line. The lifecycle is lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting` (the shell's presentation mode, reflected for the theme; kept in
 * the URL as `present`). Event out: `presenting-change` (detail: boolean) when a link or an
 * edited hash asks for the other mode.
 * Timings of the last change (input -> first snapshot, -> final) go to the test probe
 * (lab/test-probe.ts, window.__widelabTimings) for the end-to-end trace.
 *
 * Over 300 lines because most of it is the charts' captions, text that belongs beside its
 * template.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { softwareAdapterNote } from '../../lab/backend-choice.ts';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { EditTimings } from '../../lab/test-probe.ts';
import { presentingCompactStyles, themeStyles, viewChromeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { formatDuration } from '../../ui/durations.ts';
import { cpuCost, cpuMethodOf } from '../../engine/cost.ts';
import { resolveSpec } from '../../engine/spec.ts';
import { networkSpecInput } from '../../lab/network-fields.ts';
import { isDegenerate } from '../../stats/index.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import { engineTerm } from '../../ui/glossary.ts';
import { powersOfTwo } from '../../lab/controllers/play.ts';
import './controls.ts';
import { histogramConfig, histogramCsv, sweepConfig, sweepCsv } from './charts.ts';
import { histogramParams, sweepParams } from './export-params.ts';
import type { Snapshot } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { GAUSSIAN_URL, STATE_LIMITS, defaultsFor, type LabState } from './state.ts';

/** The main ensemble on one CPU core (cost.ts, as the CPU engines plan it); null where the spec is invalid. */
function ensembleSeconds(st: LabState): number | null {
  try {
    const spec = resolveSpec(networkSpecInput(st));
    return cpuCost(cpuMethodOf(st.engine, spec), spec).seconds;
  } catch {
    return null;
  }
}

/** Value ± SE; the SE is left out where it is not finite (too few networks, or overflow). */
function pm(x: number, se: number): string {
  return Number.isFinite(x) && Number.isFinite(se)
    ? `${formatNumber(x)} ± ${formatNumber(se)}`
    : formatNumber(x);
}

@customElement('gaussian-limit-lab')
export class GaussianLimitLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: Snapshot | null = null;
  /** The run's progress (0..1): from its snapshots, and from progress messages between them. */
  @state() private progress = 0;

  private readonly timings = new EditTimings();

  private readonly lab = new ViewLifecycle<LabState, ToWorker, FromWorker>(this, {
    ...GAUSSIAN_URL,
    job: (state) => ({ type: 'run', state }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    note: (status, { backend }) => {
      this.timings.backend = backend;
      // The shell's Compute line above gives the reason; this says what it means here.
      if (status.backend === 'cpu') {
        return `WebGPU is unavailable (see Compute above), so the simulations run on the CPU in a background worker, with a smaller ensemble (${defaultsFor(backend).networks} networks by default).`;
      }
      return backend === 'cpu' ? softwareAdapterNote(status.adapter) : '';
    },
    onRestart: (why) => {
      console.info(`[widelab] ${why}`);
      this.timings.restarted();
    },
    started: (id) => {
      this.progress = 0;
      this.timings.edit(id);
    },
    onMessage: (m) => this.onMessage(m),
    demo: {
      play: { field: 'width', name: 'Width', values: powersOfTwo(4, 4096) },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (STATE_LIMITS.maxSeed + 1) }),
    },
    longRun: {
      estimate: (st, backend) => (backend === 'cpu' ? ensembleSeconds(st) : null),
      minNetworks: STATE_LIMITS.minNetworks,
    },
  });

  static override styles = [
    themeStyles,
    viewChromeStyles,
    css`
      button {
        font-size: 0.9em;
        padding: 0.35em 0.9em;
      }
      math {
        font-size: 1.1em;
      }
      /* A display formula wider than a phone's column (or a projector's caption) scrolls sideways. */
      math[display='block'] {
        max-width: 100%;
        overflow-x: auto;
        overflow-y: hidden;
        /* Room for the ink of fractions and radicals, which a scrolling box would clip. */
        padding: 0.25em 0;
      }
      .warning {
        color: var(--wl-accent-2);
        font-weight: 600;
      }
    `,
    presentingCompactStyles,
  ];

  private onMessage(m: FromWorker): void {
    if (m.type === 'progress') {
      this.progress = m.progress;
    } else if (m.type === 'snapshot') {
      this.progress = m.snapshot.progress;
      this.snapshot = m.snapshot;
      this.timings.snapshot(m.id, m.elapsedMs);
    } else if (m.type === 'done') {
      this.timings.done(m.id);
    } else if (m.type === 'cancelled' || m.type === 'error') {
      this.timings.publish();
    }
  }

  /** The explicit engine draws every weight: say so before a wide ensemble keeps the CPU busy for minutes. */
  private explicitWarning() {
    const st = this.lab.url.state;
    if (!st || st.engine !== 'explicit' || this.lab.compute.backend !== 'cpu') return nothing;
    const weights = st.depth <= 1 ? 1 : st.width + (st.depth - 2) * st.width * st.width + st.width;
    const seconds = ensembleSeconds(st);
    if (seconds === null || seconds < 10) return nothing;
    const time = formatDuration(seconds);
    return this.lab.renderNote(
      `explicit|${time}`,
      html`The explicit engine draws all ${weights.toExponential(1)} weights of each network: this ensemble takes about
      ${time} on the CPU. The exact engine samples the same distribution far faster.`,
    );
  }

  private renderReadout(s: Snapshot) {
    const r = s.readout;
    const t = s.theory;
    const exactK = t.kurtosisExact !== null ? `, exact ${formatNumber(t.kurtosisExact)}` : '';
    const notes = html`
      ${s.overlays.note ? html`<p class="small" data-testid="overlay-note">${s.overlays.note}</p>` : nothing}
      ${t.warning ? html`<p class="warning">${t.warning}</p>` : nothing}
    `;
    if (isDegenerate(s.degeneracy)) {
      return html`
        <p class="readout warning" role="status" aria-live="polite" data-testid="readout">
          <span data-testid="degenerate">${s.message}</span>
        </p>
        ${notes}
      `;
    }
    return html`
      ${s.message ? html`<p class="warning" data-testid="degenerate">${s.message}</p>` : nothing}
      <p class="readout" role="status" aria-live="polite" data-testid="readout">
        M = ${r.networks}: variance ${pm(r.variance, r.varianceSE)} (theory <widelab-term term="K">K<sub>L</sub></widelab-term> = ${formatNumber(t.K)}${
          t.varianceExact !== null ? html`, exact ${formatNumber(t.varianceExact)}` : nothing
        });
        <widelab-term term="kurtosis">excess kurtosis</widelab-term> ${pm(r.kurtosisRB, r.kurtosisRBSE)} (from <widelab-term term="G">G</widelab-term>; sample ${pm(r.kurtosis, r.kurtosisSE)}) vs theory: leading
        ${formatNumber(t.kurtosisLeading)}${exactK}. <widelab-term term="depthToWidth">L/n</widelab-term> = ${formatNumber(t.depthToWidth)}.
      </p>
      ${notes}
      ${s.outside > 0.001 ? html`<p class="small">${formatNumber(100 * s.outside)}% of the outputs fall outside ±5√K<sub>L</sub>.</p>` : nothing}
    `;
  }

  override render() {
    const st = this.lab.url.state;
    const s = this.snapshot;
    const { running, error } = this.lab.compute;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(
            this.progress,
            running ? `computing ${s?.phase ?? ''}…` : s?.phase === 'done' ? 'done' : error ? '' : 'stopped',
            st
              ? {
                  done: s?.readout.networks ?? 0,
                  total: st.networks,
                  stage:
                    s?.phase === 'width-sweep' || s?.phase === 'depth-sweep'
                      ? `in the ${s.phase.replace('-', ' ')}`
                      : undefined,
                }
              : undefined,
          )}
          ${st ? html`<gaussian-limit-controls ?presenting=${this.presenting} .state=${st} @state-change=${(e: CustomEvent<LabState>) => this.lab.url.apply(e.detail, false)}></gaussian-limit-controls>` : nothing}
          ${s ? html`<p class="small" data-testid="engine">Engine: ${engineTerm(s.engine)}.</p>` : nothing}
        </div>
        <div slot="notices">${this.lab.renderNotices()} ${this.explicitWarning()}</div>
        ${s && st ? this.renderMain(s) : this.lab.renderPlaceholder()}
        ${s ? html`<div slot="readout">${this.renderReadout(s)}</div>` : nothing}
        ${s && st ? this.renderRest(s) : nothing}
      </widelab-view-frame>
    `;
  }

  /** Chart configs, rebuilt only when what they plot changed (a sweep snapshot leaves the histogram alone). */
  private memo = new Map<string, { key: string; value: unknown }>();
  private cached<T>(slot: string, key: string, make: () => T): T {
    const hit = this.memo.get(slot);
    if (hit && hit.key === key) return hit.value as T;
    const value = make();
    this.memo.set(slot, { key, value });
    return value;
  }

  private renderMain(s: Snapshot) {
    const run = `${this.lab.compute.id}|${this.presenting}`;
    const hist = this.cached('hist', `${run}|${s.readout.networks}`, () =>
      histogramConfig(s, this.presenting),
    );
    return chartCard(
      this.presenting,
      {
        heading: 'Output distribution over networks',
        file: 'output-distribution',
        params: histogramParams(this.lab.url.state!, s),
        config: hist,
        csv: () => histogramCsv(s),
        main: true,
      },
      nothing,
    );
  }

  private renderRest(s: Snapshot) {
    const st = this.lab.url.state!;
    const run = `${this.lab.compute.id}|${this.presenting}`;
    const sweepKey = (w: Snapshot['widthSweep']) =>
      `${run}|${w.points.length}|${w.leading.x.length}|${w.exact.x.length}`;
    const widthCfg = this.cached('width', sweepKey(s.widthSweep), () =>
      sweepConfig(s.widthSweep, this.presenting),
    );
    const depthCfg = this.cached('depth', sweepKey(s.depthSweep), () =>
      sweepConfig(s.depthSweep, this.presenting),
    );
    return html`
      <div class="main-caption">
        <p>
          Each network of the ensemble gives one output for the same input. At infinite width the outputs are exactly
          Gaussian with the kernel's variance K<sub>L</sub>; at width n the first correction is a kurtosis of order L/n.
          The green curve averages each network's exact conditional Gaussian N(0, G<sub>L</sub>).
        </p>
        <p>
          <math display="block"
            ><mi>p</mi><mo>(</mo><mi>z</mi><mo>)</mo><mo>≈</mo><mi mathvariant="script">N</mi><mo>(</mo><mi>z</mi><mo>;</mo
            ><mn>0</mn><mo>,</mo><msub><mi>K</mi><mi>L</mi></msub><mo>)</mo><mo>[</mo><mn>1</mn><mo>+</mo
            ><mfrac><msub><mi>κ</mi><mn>4</mn></msub><mn>24</mn></mfrac
            ><msub><mi>He</mi><mn>4</mn></msub><mo>(</mo><mi>z</mi><mo>/</mo><msqrt><msub><mi>K</mi><mi>L</mi></msub></msqrt
            ><mo>)</mo><mo>]</mo></math
          >
          with He<sub>4</sub>(u) = u⁴ − 6u² + 3 and κ<sub>4</sub> the leading-order excess kurtosis.
        </p>
      </div>
      ${chartCard(
        this.presenting,
        {
          heading: `Excess kurtosis against width (L = ${s.widthSweep.fixed})`,
          file: 'kurtosis-vs-width',
          params: sweepParams(st, s.widthSweep),
          config: widthCfg,
          csv: () => sweepCsv(s.widthSweep),
        },
        html`
        <p>
          Each point is a fresh ensemble at that width (exact engine), its kurtosis estimated from the networks' G
          (3E[G²]/E[G]² − 3) with a standard error. On log-log axes the 1/n law is a line of slope −1.
        </p>
        <p>
          <math display="block"
            ><msub><mi>κ</mi><mn>4</mn></msub><mo>≈</mo><mfrac><mrow><mn>3</mn><msub><mi>V</mi><mi>L</mi></msub></mrow
            ><mrow><mi>n</mi><msubsup><mi>K</mi><mi>L</mi><mn>2</mn></msubsup></mrow></mfrac></math
          >
          with the four-point vertex V<sub>L</sub>; for ReLU and linear networks the exact value is 3[(1 + ν/n)<sup>L−1</sup> − 1].
        </p>
      `,
      )}
      ${chartCard(
        this.presenting,
        {
          heading: `Excess kurtosis against depth (n = ${s.depthSweep.fixed})`,
          file: 'kurtosis-vs-depth',
          params: sweepParams(st, s.depthSweep),
          config: depthCfg,
          csv: () => sweepCsv(s.depthSweep),
        },
        html`
        <p>
          At fixed width the non-Gaussianity grows with depth: the expansion parameter is L/n. Where the points leave the
          leading-order line (L/n of order 1), the 1/n expansion is no longer accurate. Far out, the kurtosis is carried
          by rare networks, so a finite ensemble falls below the exact line and its error bars understate the error.
        </p>
        <p>
          <math display="block"
            ><msub><mi>κ</mi><mn>4</mn></msub><mo>≈</mo><mi>ν</mi><mfrac><mrow><mn>3</mn><mo>(</mo><mi>L</mi><mo>−</mo><mn>1</mn><mo>)</mo></mrow
            ><mi>n</mi></mfrac></math
          >
          (scale-invariant activations: ν = 2 linear, 5 ReLU; in general 3V<sub>L</sub>/(nK<sub>L</sub>²) from the vertex recursion).
        </p>
      `,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gaussian-limit-lab': GaussianLimitLab;
  }
}
