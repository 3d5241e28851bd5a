/**
 * `<widelab-chart-card>`: one chart with its heading, explanation (slotted), and export
 * buttons: "Download PNG" (at least 1600 px wide, opaque, title and parameters drawn in) and
 * "Download CSV" (the plotted data under comment lines with the title, parameters and link).
 * File names carry the key parameters (export-meta.ts).
 *
 *   <widelab-chart-card heading="Output distribution" .config=${cfg} .csv=${() => text}
 *     .params=${{ line: 'ReLU, n = 64, L = 5', name: { relu: '', n: 64, L: 5 } }}
 *     file="histogram"><p>Why…</p></widelab-chart-card>
 *
 * Properties in: `config` (a full Chart.js configuration, rebuilt by the owner on each
 * update; data and options are swapped into the live chart without animation).
 */
import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { ChartConfiguration } from 'chart.js';
import { Chart } from './chart-setup.ts';
import { themeStyles } from './theme.ts';
import {
  csvWithComments,
  exportFileName,
  exportSize,
  wrapAtCommas,
  type ExportParams,
} from './export-meta.ts';

export type ScatterConfig = ChartConfiguration<'scatter'>;

/** Trigger a download of `blob` as `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Render `config` onto a detached canvas at `scale` x the given CSS size, opaque white, with
 * the title and the parameters (in as many lines as the width needs) above the plot; resolves to a PNG blob.
 */
export async function chartPng(
  config: ScatterConfig,
  cssWidth: number,
  cssHeight: number,
  title: string,
  params: string,
  scale = 2,
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = cssWidth;
  canvas.height = cssHeight;
  const plugins = config.options?.plugins ?? {};
  const chart = new Chart(canvas, {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      devicePixelRatio: scale,
      plugins: {
        ...plugins,
        title: { display: true, text: title, color: '#000000', font: { size: 16, weight: 'bold' } },
        subtitle: {
          display: params !== '',
          text: wrapAtCommas(params, Math.floor(cssWidth / 7.5)),
          color: '#000000',
          font: { size: 13 },
          padding: { bottom: 8 },
        },
        background: { color: '#ffffff' },
      } as typeof plugins,
    },
  });
  try {
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))),
        'image/png',
      ),
    );
  } finally {
    chart.destroy();
  }
}

@customElement('widelab-chart-card')
export class ChartCard extends LitElement {
  /** Visible heading; also the first line of the exported PNG. */
  @property() heading = '';
  /** Parameters line drawn into the PNG and the CSV's comments, and the key ones for the file names. */
  @property({ attribute: false }) params: ExportParams = { line: '', name: {} };
  /** Base file name of the downloads. */
  @property() file = 'chart';
  @property({ attribute: false }) config: ScatterConfig | null = null;
  @property({ attribute: false }) csv: (() => string) | null = null;
  /** Presentation mode: large type (the theme's scale is set per host, so it is passed down). */
  @property({ type: Boolean, reflect: true }) presenting = false;
  /** The main chart of a view frame: fills its height; its caption is shown elsewhere by the view. */
  @property({ type: Boolean, reflect: true }) fill = false;

  @query('canvas') private canvas!: HTMLCanvasElement;
  private chart: Chart<'scatter'> | null = null;

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        background: transparent;
      }
      figure {
        margin: 0;
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(14rem, 1fr);
        grid-template-areas: 'head head' 'plot caption';
        gap: 0.4rem 1.5rem;
        align-items: start;
      }
      .head {
        grid-area: head;
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 0.2rem 1rem;
      }
      .plot {
        grid-area: plot;
        position: relative;
        height: clamp(16rem, 42vh, 30rem);
        background: #ffffff;
        border: 1px solid var(--wl-border);
        border-radius: 0.4em;
      }
      /* minmax(0, ...): a wide formula in the caption scrolls there instead of widening the plot past the page. */
      figcaption {
        grid-area: caption;
        min-width: 0;
      }
      @media (max-width: 60rem) {
        figure {
          grid-template-columns: minmax(0, 1fr);
          grid-template-areas: 'head' 'plot' 'caption';
        }
      }
      /* On a projector the chart is what the room reads: full width and taller, its text below. */
      :host([presenting]) figure {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas: 'head' 'plot' 'caption';
      }
      :host([presenting]) .plot {
        height: clamp(18rem, 62vh, 40rem);
      }
      :host([presenting]) figcaption {
        max-width: 60rem;
      }
      /* The main chart of a view's frame: it fills the height the frame gives it, heading above, no caption beside. */
      :host([fill]) {
        display: flex;
        flex-direction: column;
      }
      :host([fill]) figure {
        flex: 1 1 auto;
        min-height: 0;
        display: flex;
        flex-direction: column;
        align-items: stretch;
        gap: 0.3rem;
      }
      :host([fill]) .plot {
        flex: 1 1 auto;
        height: auto;
        min-height: 8rem;
      }
      :host([fill]) figcaption {
        display: none;
      }
      h3 {
        margin: 0;
        font-size: 1.15em;
      }
      :host([presenting]) h3 {
        font-size: 1em;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      button {
        font: inherit;
        font-size: 0.75em;
        padding: 0.25em 0.7em;
        border-radius: 0.4em;
        border: 2px solid var(--wl-accent);
        background: transparent;
        color: var(--wl-fg);
        cursor: pointer;
      }
    `,
  ];

  override render() {
    return html`
      <figure>
        <div class="head">
          <h3>${this.heading}</h3>
          <div class="buttons">
            <button type="button" @click=${this.exportPng} aria-label=${`Download PNG: ${this.heading}`}>PNG</button>
            <button type="button" @click=${this.exportCsv} ?disabled=${!this.csv} aria-label=${`Download CSV: ${this.heading}`}>
              CSV
            </button>
          </div>
        </div>
        <div class="plot"><canvas role="img" aria-label=${this.heading}></canvas></div>
        <figcaption><slot></slot></figcaption>
      </figure>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('config') || !this.config) return;
    if (!this.chart) {
      this.chart = new Chart(this.canvas, {
        ...this.config,
        options: { ...this.config.options, responsive: true, maintainAspectRatio: false, animation: false },
      });
      return;
    }
    this.chart.data = this.config.data;
    this.chart.options = {
      ...this.config.options,
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
    };
    this.chart.update('none');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
  }

  /** CSS size of the on-page canvas (the PNG keeps its aspect ratio, within export-meta's bounds). */
  canvasSize(): { width: number; height: number } {
    const r = this.canvas.getBoundingClientRect();
    return { width: Math.round(r.width), height: Math.round(r.height) };
  }

  private fileName(ext: string): string {
    return `${exportFileName(this.file, this.params.name)}.${ext}`;
  }

  private async exportPng(): Promise<void> {
    if (!this.config) return;
    const screen = this.canvasSize();
    const { width, height, scale } = exportSize(screen.width, screen.height);
    const blob = await chartPng(this.config, width, height, this.heading, this.params.line, scale);
    download(blob, this.fileName('png'));
  }

  private exportCsv(): void {
    if (!this.csv) return;
    const text = csvWithComments(this.csv(), [
      `widelab: ${this.heading}`,
      this.params.line,
      `reproduce: ${location.href}`,
    ]);
    download(new Blob([text], { type: 'text/csv' }), this.fileName('csv'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-chart-card': ChartCard;
  }
}

/** What a chart card shows: its heading (also the PNG's title), file name, parameters, chart and CSV. */
export interface ChartCardContent {
  heading: string;
  file: string;
  params: ExportParams;
  config: ScatterConfig | null;
  csv: () => string;
  /** The view frame's main chart (slot "main"): it fills the first screen; the view shows its caption below the frame. */
  main?: boolean;
}

/** A chart card in a view's template, with its caption (the words beside the chart) as children. */
export function chartCard(
  presenting: boolean,
  c: ChartCardContent,
  caption: TemplateResult | typeof nothing,
): TemplateResult {
  return html`<widelab-chart-card
    slot=${c.main ? 'main' : nothing}
    ?fill=${c.main === true}
    ?presenting=${presenting}
    heading=${c.heading}
    file=${c.file}
    .params=${c.params}
    .config=${c.config}
    .csv=${c.csv}
    >${caption}</widelab-chart-card
  >`;
}
