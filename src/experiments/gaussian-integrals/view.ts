/**
 * `<gaussian-integrals-lab>`: the "Gaussian integrals" experiment (THEORY.md section 8), the
 * primer before the Gaussian limit. The 1-D integral int exp(-(z - mu)^2/2K) dz = sqrt(2 pi K)
 * by the trapezoid rule; a 2-D Gaussian's samples and 1- and 2-sigma ellipses; Wick's theorem
 * for E[z1^p z2^q]: its (2m-1)!! pairings drawn as diagrams, their K-products summed, and the
 * sample mean converging to that sum as the samples grow, with SEs (the main chart). State
 * lives in the URL hash (`#view=gaussian-integrals&...`, state.ts); the samples are drawn in
 * the view's worker (worker.ts); the lifecycle is lab/controllers/view-lifecycle.ts.
 *
 * Property in: `presenting` (kept in the URL as `present`). Event out: `presenting-change`.
 * Test probe: window.__widelabViews['gaussian-integrals'] (data: the last snapshot).
 *
 * Over 300 lines because most of it is the captions, text that belongs beside its template.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { tableNumberField } from '../../lab/templates/network-controls.ts';
import { probeView } from '../../lab/test-probe.ts';
import { rangeField, viewStyles } from '../../ui/form-fields.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import {
  gaussianIntegral,
  gaussianIntegral2d,
  gaussianIntegral2dExact,
  gaussianIntegralExact,
  ellipseProbability,
} from '../../theory/gaussian-integral.ts';
import { covRows, factorLabels, pairingProduct, pairings, MAX_PAIRED_FACTORS } from '../../theory/wick.ts';
import {
  convergenceConfig,
  convergenceCsv,
  integrandConfig,
  integrandCsv,
  momentName,
  scatterConfig,
  scatterCsv,
} from './charts.ts';
import { pairingDiagram, productText } from './diagrams.ts';
import { convergenceParams, integrandParams, scatterParams } from './export-params.ts';
import type { GaussianSnapshot } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import {
  FIELDS,
  GAUSSIAN_INTEGRALS_URL,
  LIMITS,
  VIEW,
  covarianceOf,
  type GaussianIntegralsState,
} from './state.ts';

/** Variances on the sliders in steps of 0.1, the mean in steps of 0.5, the correlation in steps of 0.05. */
const TENTHS = (v: number) => Math.round(v * 10);
const SAMPLE_STEPS = [100, 1000, 10_000, 100_000, 1_000_000];

/** The moment's pairings grouped by their K-product, in words: "K11 K22 + 2 K12²". */
function groupedSum(s: GaussianIntegralsState): string {
  const labels = factorLabels(s.p, 2 * s.m - s.p);
  const counts = new Map<string, number>();
  for (const pr of pairings(2 * s.m)) {
    const t = productText(pr, labels);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()].map(([t, n]) => (n === 1 ? t : `${n} ${t}`)).join(' + ');
}

@customElement('gaussian-integrals-lab')
export class GaussianIntegralsLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: GaussianSnapshot | null = null;

  private readonly lab = new ViewLifecycle<GaussianIntegralsState, ToWorker, FromWorker>(this, {
    ...GAUSSIAN_INTEGRALS_URL,
    job: (st) => ({ type: 'gaussian-integrals', state: st }),
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type === 'gaussian-integrals') {
        this.snapshot = m.snapshot;
        probeView(VIEW, { data: m.snapshot });
      }
    },
    demo: {
      play: { field: 'samples', name: 'Samples', values: SAMPLE_STEPS },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (FIELDS.seed.max! + 1) }),
    },
  });

  static override styles = [
    themeStyles,
    viewStyles,
    css`
      h4 {
        margin: 0.8rem 0 0.2rem;
        font-size: 0.95em;
      }
      .diagrams {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 0.8rem;
        max-height: 22rem;
        overflow: auto;
        padding: 0.3rem;
        border: 1px solid var(--wl-border);
        border-radius: 0.4em;
        background: #ffffff;
      }
      .diagram {
        margin: 0;
        text-align: center;
        font-family: var(--wl-mono);
        font-size: 0.8em;
      }
      .diagram svg {
        display: block;
      }
      section.wick {
        margin: 1rem 0;
      }
      .mono {
        font-family: var(--wl-mono);
      }
    `,
  ];

  private get st(): GaussianIntegralsState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<GaussianIntegralsState>): void {
    this.lab.url.set(patch);
  }

  private renderControls(s: GaussianIntegralsState) {
    const typed = this.lab.url.typed;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      <h4>Wick's theorem</h4>
      ${rangeField('Moment order', '2m', String(2 * s.m), 1, LIMITS.maxM, s.m, (m) =>
        this.set({ m, p: Math.min(s.p, 2 * m) }),
      )}
      ${rangeField('Factors of z1', 'p', String(s.p), 0, 2 * s.m, s.p, (p) => this.set({ p }))}
      ${rangeField('Samples', 'N', String(s.samples), 2, 6, Math.round(Math.log10(s.samples)), (v) =>
        this.set({ samples: 10 ** v }),
      )}
      <h4>2-D Gaussian</h4>
      ${rangeField('Variance of z1', 'K₁₁', formatNumber(s.k11), 1, 40, TENTHS(s.k11), (v) => this.set({ k11: v / 10 }))}
      ${rangeField('Variance of z2', 'K₂₂', formatNumber(s.k22), 1, 40, TENTHS(s.k22), (v) => this.set({ k22: v / 10 }))}
      ${rangeField('Correlation', 'ρ', formatNumber(s.rho), -19, 19, Math.round(s.rho * 20), (v) =>
        this.set({ rho: v / 20 }),
      )}
      <h4>1-D integral</h4>
      ${rangeField('Variance', 'K', formatNumber(s.k), 1, 40, TENTHS(s.k), (v) => this.set({ k: v / 10 }))}
      ${rangeField('Mean', 'μ', formatNumber(s.mu), -6, 6, Math.round(s.mu * 2), (v) => this.set({ mu: v / 2 }))}
      ${tableNumberField(FIELDS.seed, 'Seed', 'Seed', s.seed, 1, (seed) => this.set({ seed }), typed)}
    </form>`;
  }

  override render() {
    const s = this.st;
    const snap = this.snapshot;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()} ${this.lab.renderStatus(snap?.progress ?? 0)}
          ${s ? this.renderControls(s) : nothing}
        </div>
        <div slot="notices">${this.lab.renderNotices()}</div>
        ${
          snap && s
            ? chartCard(
                this.presenting,
                {
                  heading: `Sample moment ${momentName(snap.p, snap.q)} against the number of samples`,
                  file: 'sample-moment',
                  params: convergenceParams(s, snap),
                  config: convergenceConfig(snap, this.presenting),
                  csv: () => convergenceCsv(snap),
                  main: true,
                },
                nothing,
              )
            : this.lab.renderPlaceholder()
        }
        ${snap && s ? html`<div slot="readout">${this.renderReadout(snap, s)}</div>` : nothing}
        ${s ? this.renderResults(s, snap) : nothing}
      </widelab-view-frame>
    `;
  }

  private renderReadout(snap: GaussianSnapshot, s: GaussianIntegralsState) {
    const last = snap.points.at(-1);
    const exactSE = last ? Math.sqrt(snap.exactVariance / last.n) : NaN;
    const odd = snap.p % 2 === 1 && snap.q % 2 === 1;
    return html`
      <p class="readout" role="status" aria-live="polite" data-testid="moment-readout">
        ${momentName(snap.p, snap.q)} = ${groupedSum(s)} = ${formatNumber(snap.exact)}
        (<span data-testid="wick-count">${snap.pairings}</span> = ${2 * s.m - 1}!! pairings${odd ? ', each with a cross pair' : ''});
        ${
          last
            ? html`sample mean over N = ${last.n}:
                <span data-testid="sample-moment">${formatNumber(last.mean)} ± ${formatNumber(last.se)}</span>
                (exact SE ${formatNumber(exactSE)}, ${((last.mean - snap.exact) / exactSE).toFixed(1)} SE from Wick).`
            : 'no samples yet.'
        }
      </p>
    `;
  }

  private renderWick(s: GaussianIntegralsState) {
    const n = 2 * s.m;
    const labels = factorLabels(s.p, n - s.p);
    const K = covRows(covarianceOf(s));
    const all = n <= MAX_PAIRED_FACTORS ? pairings(n) : [];
    return html`<section class="wick" aria-labelledby="wick-heading">
      <h3 id="wick-heading">Wick's theorem: the ${all.length} pairings of ${momentName(s.p, n - s.p)}</h3>
      <p>
        A Gaussian's moment of 2m factors is a sum over the ways to join the factors in pairs; each pairing contributes the
        product of the covariances K<sub>ab</sub> of its pairs. The first factor has 2m − 1 partners, and the rest pair up the same
        way, so there are (2m − 1)!! = ${all.length} pairings. Factors 1 (black) are z<sub>1</sub>, factors 2 (green) z<sub>2</sub>;
        blue arcs join like factors (K<sub>11</sub>, K<sub>22</sub>), vermillion arcs a z<sub>1</sub> with a z<sub>2</sub> (K<sub>12</sub>).
      </p>
      <p class="mono" data-testid="wick-sum">
        ${momentName(s.p, n - s.p)} = ${groupedSum(s)} =
        ${all.map((pr) => formatNumber(pairingProduct(pr, labels, K))).join(' + ')}
      </p>
      <div class="diagrams" data-testid="wick-diagrams">${all.map((pr, i) => pairingDiagram(pr, labels, i))}</div>
    </section>`;
  }

  private renderResults(s: GaussianIntegralsState, snap: GaussianSnapshot | null) {
    const rule = gaussianIntegral(s.k, s.mu);
    const exact1 = gaussianIntegralExact(s.k);
    const K = covarianceOf(s);
    const q2 = gaussianIntegral2d(K);
    const exact2 = gaussianIntegral2dExact(K);
    const total = snap?.done ?? 0;
    return html`
      <div class="main-caption">
        <p>
          The points are the sample mean of z<sub>1</sub><sup>${s.p}</sup>z<sub>2</sub><sup>${2 * s.m - s.p}</sup> over the first N samples
          of the 2-D Gaussian below (the same samples at every N: the counter-based generator gives sample i from its index and
          the seed), with ± 1 standard error from the samples' own variance. The dashed funnel is Wick's value ± 2 exact standard
          errors √(Var/N), Var = E[z<sub>1</sub><sup>${2 * s.p}</sup>z<sub>2</sub><sup>${2 * (2 * s.m - s.p)}</sup>] − (E[…])², itself a Wick sum.
          Higher moments converge slowly: Var z<sup>2m</sup> = ((4m−1)!! − ((2m−1)!!)²) K<sup>2m</sup> grows much faster than the moment.
        </p>
      </div>
      ${this.renderWick(s)}
      ${chartCard(
        this.presenting,
        {
          heading: 'The Gaussian integral ∫ exp(−(z−μ)²/2K) dz = √(2πK)',
          file: 'gaussian-integrand',
          params: integrandParams(s),
          config: integrandConfig(s.k, s.mu, rule, this.presenting),
          csv: () => integrandCsv(s.k, s.mu, rule),
        },
        html`<p data-testid="integral-readout">
            Trapezoid rule, ${rule.nodes.length} nodes at step h = ${formatNumber(rule.h)}:
            <span class="mono">${rule.value.toPrecision(15)}</span>; √(2πK) =
            <span class="mono">${exact1.toPrecision(15)}</span> (relative difference
            ${(Math.abs(rule.value / exact1 - 1) || 0).toExponential(1)}). The mean μ moves the bell, not its area.
          </p>
          <p class="small">
            Why so few nodes: for a smooth integrand that decays on the whole line the trapezoid rule's error falls like
            exp(−2π²K/h²), below double precision at h = √K / 2.
          </p>
          <p class="small">
            In 2-D (K below), the same rule in each variable gives ∫∫ exp(−zᵀK⁻¹z/2) d²z = <span class="mono">${q2.toPrecision(12)}</span>
            against √|2πK| = 2π√det K = <span class="mono">${exact2.toPrecision(12)}</span>.
          </p>`,
      )}
      ${
        snap
          ? chartCard(
              this.presenting,
              {
                heading: 'Samples of a 2-D Gaussian and its covariance ellipses',
                file: 'gaussian-2d-samples',
                params: scatterParams(s, snap),
                config: scatterConfig(snap, K, this.presenting),
                csv: () => scatterCsv(snap),
              },
              html`<p>
                  The first ${snap.scatter.length / 2} samples of N(0, K), K<sub>12</sub> = ρ√(K<sub>11</sub>K<sub>22</sub>) =
                  ${formatNumber(K.k12)}. The ellipses are z<sup>T</sup>K<sup>−1</sup>z = 1 and 4: their axes are K's eigenvectors,
                  √eigenvalue long (times 1 or 2).
                </p>
                <p data-testid="ellipse-readout">
                  Inside the 1σ ellipse: ${formatNumber((100 * snap.inside1) / Math.max(1, total))}% of ${total} samples
                  (exact 1 − e<sup>−1/2</sup> = ${formatNumber(100 * ellipseProbability(1))}%); inside the 2σ ellipse:
                  ${formatNumber((100 * snap.inside2) / Math.max(1, total))}% (exact 1 − e<sup>−2</sup> =
                  ${formatNumber(100 * ellipseProbability(2))}%).
                </p>`,
            )
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gaussian-integrals-lab': GaussianIntegralsLab;
  }
}
