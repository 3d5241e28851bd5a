/**
 * `<widelab-theory-summary>`: the theory's numbers for one model, as a small table: the
 * output variance K_L at infinite width, and the excess kurtosis to leading order in 1/n and
 * exactly where a closed form exists. Properties in: the loose spec (defaults: the lab's).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { resolveSpec, type ModelSpec, type SpecInput } from '../engine/spec.ts';
import { theoryReport } from '../theory/report.ts';
import { themeStyles } from './theme.ts';

/** Four significant digits; exponent form for very small or large magnitudes. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

@customElement('widelab-theory-summary')
export class TheorySummary extends LitElement {
  /** The model, as loose input (resolved with the lab's defaults and the critical C_W, C_b). */
  @property({ attribute: false }) spec: SpecInput = { activation: 'relu', width: 64, depth: 9 };

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        background: transparent;
      }
      table {
        border-collapse: collapse;
        min-width: min(100%, 30rem);
      }
      .about {
        color: var(--wl-muted);
        max-width: 48rem;
        margin: 0 0 0.6rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 1.2rem 0.3rem 0;
        border-bottom: 1px solid var(--wl-border);
      }
      td {
        font-family: var(--wl-mono);
        font-variant-numeric: tabular-nums;
      }
      th {
        font-weight: 600;
      }
      .error {
        color: var(--wl-accent-2);
      }
    `,
  ];

  private rows(model: ModelSpec) {
    const report = theoryReport(model);
    const depth = model.hiddenWidths.length + 1;
    return [
      ['Activation', model.activation.label],
      ['Width n, depth L', `${model.hiddenWidths[0] ?? '—'}, ${depth}`],
      ['C_W, C_b (critical)', `${formatNumber(model.cw)}, ${formatNumber(model.cb)}`],
      ['K_L (infinite-width variance)', formatNumber(report.output.K)],
      ['Excess kurtosis, leading order', formatNumber(report.output.kurtosisLeading)],
      ['Excess kurtosis, exact', formatNumber(report.output.kurtosisExact)],
    ];
  }

  override render() {
    let rows: string[][];
    try {
      rows = this.rows(resolveSpec(this.spec).model);
    } catch (e) {
      return html`<p class="error">Theory unavailable: ${e instanceof Error ? e.message : String(e)}</p>`;
    }
    return html`
      <p id="about" class="about">
        The output of a randomly initialized network for one input with |x|²/n₀ = 1: its variance
        at infinite width, and its excess kurtosis, the leading finite-width correction.
      </p>
      <table aria-describedby="about">
        <tbody>
          ${rows.map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-theory-summary': TheorySummary;
  }
}
