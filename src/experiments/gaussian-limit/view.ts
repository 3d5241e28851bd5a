/**
 * `<gaussian-limit-lab>`: the Gaussian-limit experiment. State lives in the URL hash
 * (src/state/schema.ts); each change re-runs (at once, or throttled while a slider moves) in
 * the compute worker, which aborts the run in flight (ui/worker-client.ts); snapshots stream back into three charts and a readout line.
 *
 * Property in: `presenting` (the shell's presentation mode, reflected for the theme; kept in
 * the URL as `present`). Event out: `presenting-change` (detail: boolean) when a link or an
 * edited hash asks for the other mode.
 * Timings of the last change (input -> first snapshot, -> final) are kept on
 * `window.__widelabTimings` for the end-to-end trace.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { makeActivation } from '../../theory/activations.ts';
import { defaultsFor, formatHash, parseHash, sameRun, sameState, type LabState } from '../../state/schema.ts';
import { viewOf } from '../../state/views-state.ts';
import { probeCompute } from '../../ui/compute-status.ts';
import { presentingCompactStyles, themeStyles, viewChromeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { WorkerClient } from '../../ui/worker-client.ts';
import '../../ui/chart-card.ts';
import './controls.ts';
import { histogramConfig, histogramCsv, sweepConfig, sweepCsv } from './charts.ts';
import type { Snapshot } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export interface Timings {
  /** Edits that started a run so far (a test waits for its edit's count before reading the times). */
  edits: number;
  /** ms from the edit to the first snapshot of its run, and to the final one (null while pending). */
  firstMs: number | null;
  finalMs: number | null;
  /** The first snapshot: ms the worker had spent on the run when it sent it, and ms since the edit when the page got it. */
  firstWorkerMs?: number;
  firstReceivedMs?: number;
  runs: number;
  backend: string;
  /** Compute workers replaced because a run did not stop in time (ui/worker-client.ts). */
  workerRestarts: number;
}

declare global {
  interface Window {
    __widelabTimings?: Timings;
  }
}

function pm(x: number, se: number): string {
  return `${formatNumber(x)} ± ${formatNumber(se)}`;
}

@customElement('gaussian-limit-lab')
export class GaussianLimitLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private labState: LabState | null = null;
  @state() private notices: string[] = [];
  @state() private backendNote = '';
  @state() private snapshot: Snapshot | null = null;
  @state() private running = false;
  /** The run's progress (0..1): from its snapshots, and from progress messages between them. */
  @state() private progress = 0;
  @state() private error = '';
  @state() private copied = '';

  private backend: 'webgpu' | 'cpu' = 'cpu';
  private client: WorkerClient<ToWorker, FromWorker> | null = null;
  private runId = 0;
  private editedAt = 0;
  private timings: Timings = { edits: 0, firstMs: null, finalMs: null, runs: 0, backend: '', workerRestarts: 0 };

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

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.client?.terminate();
    this.client = null;
  }

  private async start(): Promise<void> {
    const forced = new URLSearchParams(location.search).get('backend');
    const compute = await probeCompute();
    if (forced === 'cpu' || forced === 'webgpu') {
      this.backend = forced === 'webgpu' && compute.backend === 'webgpu' ? 'webgpu' : 'cpu';
    } else {
      // A software adapter (SwiftShader) is slower than the CPU engines: use those instead.
      this.backend = compute.backend === 'webgpu' && !compute.fallback ? 'webgpu' : 'cpu';
    }
    const defaults = defaultsFor(this.backend);
    if (compute.backend === 'cpu') {
      // The shell's Compute line above gives the reason; this says what it means here.
      this.backendNote = `WebGPU is unavailable (see Compute above), so the simulations run on the CPU in a background worker, with a smaller ensemble (${defaults.networks} networks by default).`;
    } else if (this.backend === 'cpu') {
      this.backendNote = `Only a software WebGPU adapter was found (${compute.adapter}); the CPU engines, in a background worker, are faster here.`;
    }
    this.timings.backend = this.backend;
    const { state, notices } = parseHash(location.hash, defaults);
    this.notices = notices;
    this.client = new WorkerClient<ToWorker, FromWorker>({
      create: () => new Worker(new URL('./compute-worker.ts', import.meta.url), { type: 'module' }),
      onMessage: (m) => this.onMessage(m),
      onError: (message) => {
        this.error = message;
        this.running = false;
      },
      onRestart: (why) => {
        console.info(`[widelab] ${why}`);
        this.timings.workerRestarts++;
        window.__widelabTimings = { ...this.timings };
      },
    });
    this.apply(state, true);
  }

  private onHashChange = (): void => {
    // A hash for another view (the Forward button into it) is that view's, not ours to rewrite.
    if (!this.labState || viewOf(location.hash) !== 'gaussian') return;
    const { state, notices } = parseHash(location.hash, defaultsFor(this.backend));
    if (sameState(state, this.labState)) return;
    this.notices = notices;
    this.apply(state, false);
  };

  /** The shell's presentation mode is the state's view: keep the URL in step (no re-run). */
  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('presenting') && this.labState && this.labState.present !== this.presenting) {
      this.apply({ ...this.labState, present: this.presenting }, false);
    }
  }

  /** New state: keep it in the URL and schedule a run (unless only the view changed). */
  private apply(next: LabState, immediate: boolean): void {
    const previous = this.labState;
    this.labState = next;
    const hash = formatHash(next);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (next.present !== this.presenting) {
      // Asks the shell to switch presentation mode (a link with present=1, or the hash edited).
      this.dispatchEvent(new CustomEvent<boolean>('presenting-change', { detail: next.present, bubbles: true, composed: true }));
    }
    if (previous && !immediate && sameRun(previous, next)) return;
    this.run(next, immediate);
  }

  private run(state: LabState, immediate: boolean): void {
    if (!this.client) return;
    this.editedAt = performance.now();
    this.copied = '';
    this.running = true;
    this.error = '';
    this.progress = 0;
    this.timings = { ...this.timings, edits: this.timings.edits + 1, firstMs: null, finalMs: null };
    window.__widelabTimings = { ...this.timings };
    this.runId = this.client.schedule({ type: 'run', state, backend: this.backend }, immediate);
  }

  private cancel(): void {
    this.client?.cancel();
    this.running = false;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'notice') {
      this.notices = [...this.notices, m.message];
      return;
    }
    if (m.type === 'backend') {
      if (m.backend === 'cpu' && this.backend === 'webgpu') this.backendNote = m.detail;
      return;
    }
    if (m.type === 'progress') {
      this.progress = m.progress;
      return;
    }
    if (m.type === 'snapshot') {
      this.progress = m.snapshot.progress;
      this.snapshot = m.snapshot;
      if (this.timings.firstMs === null) {
        this.timings.firstMs = -1; // pending: recorded at the frame that shows it
        this.timings.firstWorkerMs = m.elapsedMs;
        this.timings.firstReceivedMs = performance.now() - this.editedAt;
        this.atNextFrame(m.id, (t) => (this.timings.firstMs = t));
      }
    } else if (m.type === 'done') {
      this.running = false;
      this.atNextFrame(m.id, (t) => {
        this.timings.finalMs = t;
        this.timings.runs++;
      });
    } else if (m.type === 'cancelled') {
      this.running = false;
    } else if (m.type === 'error') {
      this.running = false;
      this.error = m.message;
    }
    window.__widelabTimings = { ...this.timings };
  }

  /** After the charts have re-rendered (Lit updates are microtasks; the frame comes after them). */
  private atNextFrame(id: number, record: (msSinceEdit: number) => void): void {
    requestAnimationFrame(() => {
      if (id !== this.runId) return;
      record(performance.now() - this.editedAt);
      window.__widelabTimings = { ...this.timings };
    });
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = 'Link copied.';
    } catch {
      this.copied = `Copy this link: ${location.href}`;
    }
  }

  private paramsLine(): string {
    const s = this.labState!;
    return `${makeActivation(s.activation).label}, n = ${s.width}, L = ${s.depth}, C_W = ${formatNumber(s.cw)}, C_b = ${formatNumber(s.cb)}, M = ${s.networks} networks, seed ${s.seed}, ${s.engine} engine`;
  }

  /**
   * The explicit engine draws every weight (about 11 ns each on one CPU core, measured by the
   * bench): say so before a wide ensemble keeps the CPU busy for minutes.
   */
  private explicitWarning() {
    const st = this.labState;
    if (!st || st.engine !== 'explicit' || this.backend !== 'cpu') return nothing;
    const weights = st.depth <= 1 ? 1 : st.width + (st.depth - 2) * st.width * st.width + st.width;
    const seconds = (weights * 11e-9 + st.depth * st.width * 30e-9) * st.networks;
    if (seconds < 10) return nothing;
    return html`<p class="notice" role="status">
      The explicit engine draws all ${weights.toExponential(1)} weights of each network: this ensemble takes about
      ${formatNumber(seconds)} s on the CPU. The exact engine samples the same distribution far faster.
    </p>`;
  }

  private renderReadout(s: Snapshot) {
    const r = s.readout;
    const t = s.theory;
    const exactK = t.kurtosisExact !== null ? `, exact ${formatNumber(t.kurtosisExact)}` : '';
    return html`
      <p class="readout" role="status" aria-live="polite" data-testid="readout">
        M = ${r.networks}: variance ${pm(r.variance, r.varianceSE)} (theory K<sub>L</sub> = ${formatNumber(t.K)}${t.varianceExact !== null
          ? html`, exact ${formatNumber(t.varianceExact)}`
          : nothing});
        excess kurtosis ${pm(r.kurtosisRB, r.kurtosisRBSE)} (from G; sample ${pm(r.kurtosis, r.kurtosisSE)}) vs theory: leading
        ${formatNumber(t.kurtosisLeading)}${exactK}. L/n = ${formatNumber(t.depthToWidth)}.
      </p>
      ${t.warning ? html`<p class="warning">${t.warning}</p>` : nothing}
      ${s.outside > 0.001 ? html`<p class="small">${formatNumber(100 * s.outside)}% of the outputs fall outside ±5√K<sub>L</sub>.</p>` : nothing}
    `;
  }

  override render() {
    const st = this.labState;
    const s = this.snapshot;
    return html`
      ${this.notices.map((n) => html`<p class="notice" role="alert">${n}</p>`)}
      ${this.backendNote ? html`<p class="notice" data-testid="backend-note">${this.backendNote}</p>` : nothing}
      ${st ? html`<gaussian-limit-controls ?presenting=${this.presenting} .state=${st} @state-change=${(e: CustomEvent<LabState>) => this.apply(e.detail, false)}></gaussian-limit-controls>` : nothing}
      ${this.explicitWarning()}
      <div class="bar">
        <progress aria-label="Progress" max="1" .value=${this.progress}></progress>
        <span class="small">${this.running ? `computing ${s?.phase ?? ''}…` : s?.phase === 'done' ? 'done' : this.error ? '' : 'stopped'}</span>
        <button type="button" @click=${this.cancel} ?disabled=${!this.running}>Cancel</button>
        <button type="button" @click=${this.copyLink}>Copy link</button>
        <span class="small" role="status">${this.copied}</span>
      </div>
      ${this.error ? html`<p class="notice" role="alert">Error: ${this.error}</p>` : nothing}
      ${s && st ? this.renderCharts(s) : html`<p>Starting the compute worker…</p>`}
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

  private renderCharts(s: Snapshot) {
    const params = this.paramsLine();
    const run = `${this.runId}|${this.presenting}`;
    const hist = this.cached('hist', `${run}|${s.readout.networks}`, () => histogramConfig(s, this.presenting));
    const sweepKey = (w: Snapshot['widthSweep']) => `${run}|${w.points.length}|${w.leading.x.length}|${w.exact.x.length}`;
    const widthCfg = this.cached('width', sweepKey(s.widthSweep), () => sweepConfig(s.widthSweep, this.presenting));
    const depthCfg = this.cached('depth', sweepKey(s.depthSweep), () => sweepConfig(s.depthSweep, this.presenting));
    return html`
      ${this.renderReadout(s)}
      <p class="small" data-testid="engine">Engine: ${s.engine}.</p>
      <widelab-chart-card
        ?presenting=${this.presenting}
        heading="Output distribution over networks"
        file="output-distribution"
        .params=${params}
        .config=${hist}
        .csv=${() => histogramCsv(s)}
      >
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
      </widelab-chart-card>
      <widelab-chart-card
        ?presenting=${this.presenting}
        heading=${`Excess kurtosis against width (L = ${s.widthSweep.fixed})`}
        file="kurtosis-vs-width"
        .params=${params}
        .config=${widthCfg}
        .csv=${() => sweepCsv(s.widthSweep)}
      >
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
      </widelab-chart-card>
      <widelab-chart-card
        ?presenting=${this.presenting}
        heading=${`Excess kurtosis against depth (n = ${s.depthSweep.fixed})`}
        file="kurtosis-vs-depth"
        .params=${params}
        .config=${depthCfg}
        .csv=${() => sweepCsv(s.depthSweep)}
      >
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
      </widelab-chart-card>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gaussian-limit-lab': GaussianLimitLab;
  }
}
