/**
 * `<nearly-gaussian-sums-lab>`: the "Nearly-Gaussian sums" experiment (THEORY.md section 8). The
 * sum S_n = (1/sqrt n) sum X_i of n iid standardized non-Gaussian terms (uniform, +-1 coin,
 * exponential, a ReLU unit's output), drawn by the lab's counter-based generator: its histogram
 * against N(0, 1) as n grows, and its measured cumulants kappa_4 ~ 1/n, kappa_6 ~ 1/n^2 against
 * the exact n^{1-r/2} kappa_r(X) on log-log axes; the words that make it a preactivation
 * summing n weighted inputs (the principle of sparsity). One run draws every n (model.ts); the
 * n slider and Play re-draw it. State lives in the URL hash (`#view=sums&...`, state.ts); runs go
 * to the view's worker (worker.ts); the lifecycle is lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting`. Event out: `presenting-change`. Test probe:
 * window.__widelabViews.sums.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { tableNumberField } from '../../lab/templates/network-controls.ts';
import { probeView } from '../../lab/test-probe.ts';
import { rangeField, selectField, viewStyles } from '../../ui/form-fields.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import '../../ui/glossary.ts';
import type { ExportParams } from '../../ui/export-meta.ts';
import {
  SUM_DISTRIBUTIONS,
  SUM_DISTRIBUTION_TEXT,
  exactCumulant,
  sumCumulant,
} from '../../theory/iid-sums.ts';
import {
  DENSITY_MAX,
  cumulantConfig,
  cumulantCsv,
  drawnOrders,
  estimateOf,
  histogramConfig,
  histogramCsv,
} from './charts.ts';
import type { SumsSnapshot } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { SUM_WIDTHS, SUMS_FIELDS, SUMS_LIMITS, SUMS_URL, VIEW, type SumsState } from './state.ts';

const DISTRIBUTION_OPTIONS = SUM_DISTRIBUTIONS.map((d) => ({
  value: d,
  label: SUM_DISTRIBUTION_TEXT[d].label,
}));

function exportParams(s: SumsState, snap: SumsSnapshot, n?: number): ExportParams {
  const what = SUM_DISTRIBUTION_TEXT[snap.distribution].label;
  return {
    line: `S_n of ${what} terms${n === undefined ? ', n = 1 to 4096' : `, n = ${n}`}, ${snap.samples} sums, seed ${s.seed}`,
    name: { [snap.distribution]: '', ...(n === undefined ? {} : { n }), M: snap.samples, seed: s.seed },
  };
}

@customElement('nearly-gaussian-sums-lab')
export class NearlyGaussianSumsLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: SumsSnapshot | null = null;

  private readonly lab = new ViewLifecycle<SumsState, ToWorker, FromWorker>(this, {
    ...SUMS_URL,
    job: (state) => ({ type: 'sums', state }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type === 'sums') {
        this.snapshot = m.snapshot;
        probeView(VIEW, { data: m.snapshot });
      }
    },
    demo: {
      play: { field: 'width', name: 'Width', values: SUM_WIDTHS, dwellMs: 1200, viewOnly: true },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (SUMS_LIMITS.maxSeed + 1) }),
    },
  });

  static override styles = [themeStyles, viewStyles];

  private get st(): SumsState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<SumsState>): void {
    this.lab.url.set(patch);
  }

  private renderControls(s: SumsState) {
    const typed = this.lab.url.typed;
    const k = Math.log2(s.width);
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      ${rangeField('Width', 'n', String(s.width), 0, SUM_WIDTHS.length - 1, k, (i) =>
        this.set({ width: SUM_WIDTHS[i] ?? s.width }),
      )}
      ${selectField('Terms', DISTRIBUTION_OPTIONS, s.distribution, (distribution) => this.set({ distribution }))}
      ${tableNumberField(SUMS_FIELDS.samples, 'Samples', 'Sums M (each n)', s.samples, 1000, (samples) => this.set({ samples }), typed)}
      ${tableNumberField(SUMS_FIELDS.seed, 'Seed', 'Seed', s.seed, 1, (seed) => this.set({ seed }), typed)}
    </form>`;
  }

  override render() {
    const s = this.st;
    // A snapshot of the distribution the state names (a new run's first chunk replaces the old one).
    const snap = this.snapshot && s && this.snapshot.distribution === s.distribution ? this.snapshot : null;
    const i = s ? Math.max(0, SUM_WIDTHS.indexOf(s.width)) : 0;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(snap?.progress ?? 0)}
          ${s ? this.renderControls(s) : nothing}
        </div>
        <div slot="notices">${this.lab.renderNotices()}</div>
        ${
          snap && s
            ? chartCard(
                this.presenting,
                {
                  heading: `Sum of n = ${s.width} ${SUM_DISTRIBUTION_TEXT[snap.distribution].label} terms`,
                  file: 'sum-histogram',
                  params: exportParams(s, snap, s.width),
                  config: histogramConfig(snap, i, this.presenting),
                  csv: () => histogramCsv(snap, i),
                  main: true,
                },
                nothing,
              )
            : this.lab.renderPlaceholder()
        }
        ${snap && s ? html`<div slot="readout">${this.renderReadout(snap, s, i)}</div>` : nothing}
        ${snap && s ? this.renderResults(snap, s) : nothing}
      </widelab-view-frame>
    `;
  }

  private renderReadout(snap: SumsSnapshot, s: SumsState, i: number) {
    const n = s.width;
    const e = snap.estimates[i];
    const d = snap.distribution;
    const k4 = estimateOf(e, 4);
    const k6 = estimateOf(e, 6);
    return html`<p class="readout" role="status" aria-live="polite" data-testid="sums-readout">
      n = ${n}: <widelab-term term="kurtosis">κ<sub>4</sub></widelab-term> = ${formatNumber(k4.value)} ± ${formatNumber(k4.se)} (exact κ<sub>4</sub>(X)/n =
      ${formatNumber(sumCumulant(d, 4, n))}); κ<sub>6</sub> = ${formatNumber(k6.value)} ± ${formatNumber(k6.se)} (exact
      ${formatNumber(sumCumulant(d, 6, n))}); variance ${formatNumber(e.kappa2)}, over ${snap.samples} sums.
      ${snap.outside[i] > 0 ? html`${snap.outside[i]} sums lie outside ±5.` : nothing}
    </p>`;
  }

  private renderResults(snap: SumsSnapshot, s: SumsState) {
    const d = snap.distribution;
    const kx4 = exactCumulant(d, 4);
    const kx6 = exactCumulant(d, 6);
    const skewed = drawnOrders(snap).includes(3);
    return html`
      <div class="main-caption">
        <p>
          Each of ${snap.samples} sums adds n independent copies of X, ${SUM_DISTRIBUTION_TEXT[d].definition} (mean 0, variance 1), and
          divides by √n. Black: the Gaussian the central limit theorem promises; dashed: the Edgeworth density with the sum's own
          ${skewed ? html`κ<sub>3</sub> = 2/√n and ` : nothing}κ<sub>4</sub> = ${formatNumber(kx4)}/n, the first correction. Drag Width
          (or press Play) and watch the histogram close in on the Gaussian. Bars above ${DENSITY_MAX} are cut${
            d === 'coin'
              ? html`; the coin's sum takes only the n + 1 values (2k − n)/√n, so its histogram is a comb at small n`
              : nothing
          }.
        </p>
      </div>
      ${chartCard(
        this.presenting,
        {
          heading: 'Cumulants of the sum shrink as powers of n',
          file: 'sum-cumulants',
          params: exportParams(s, snap),
          config: cumulantConfig(snap, s.width, this.presenting),
          csv: () => cumulantCsv(snap),
        },
        html`<p data-testid="cumulant-caption">
          Cumulants add over independent terms and κ<sub>r</sub>(cX) = c<sup>r</sup>κ<sub>r</sub>(X), so
          κ<sub>r</sub>(S<sub>n</sub>) = n<sup>1−r/2</sup> κ<sub>r</sub>(X): here κ<sub>4</sub>(X) = ${formatNumber(kx4)} and κ<sub>6</sub>(X) =
          ${formatNumber(kx6)}, falling with slopes −1 and −2 on these log-log axes${
            skewed ? html` (κ<sub>3</sub>(X) = 2 with slope −½: the exponential is skewed)` : nothing
          }. Points: unbiased estimates from the M sums at each n, ± 1 SE; hollow (no bar) where the estimate is within 2 SE of 0, where M sums
          can no longer tell S<sub>n</sub> from a Gaussian. The sums at different n share their first terms (each is a prefix of one
          draw of 4096).
        </p>`,
      )}
      <section class="main-caption" aria-labelledby="sparsity-heading">
        <h3 id="sparsity-heading">A neuron is such a sum: the principle of sparsity</h3>
        <p data-testid="sparsity">
          A unit of a wide layer computes its preactivation z = (1/√n) Σ<sub>j</sub> W<sub>j</sub> σ(u<sub>j</sub>) from n inputs, each
          weighted by an independent weight. With ReLU inputs and C<sub>W</sub> = 2 each term is exactly the “ReLU unit” X above, so z is
          S<sub>n</sub>: its excess kurtosis is 15/n, the exact kurtosis of a depth-2 ReLU network's output in
          <a href="#view=gaussian&activation=relu&depth=2&cw=2&cb=0&width=16">the Gaussian limit view</a>. No single input matters at
          large n: the law of large numbers hides each one, and what is left is Gaussian, fixed by its variance alone. That is why the
          infinite-width network is a Gaussian process, and the kurtosis ~ 1/n is the first finite-width correction: the only
          interaction a wide network keeps at order 1/n. Deeper layers add such corrections layer by layer (the Depth view).
        </p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'nearly-gaussian-sums-lab': NearlyGaussianSumsLab;
  }
}
