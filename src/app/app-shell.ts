/**
 * `<widelab-app>`: the lab's frame. Title, what the lab is, the compute status line, a
 * presentation mode for projectors, the experiments' nav and the experiment the hash's `view`
 * field picks. The experiments, their links, headings and elements come from one table,
 * experiments.ts: nothing here names an experiment.
 *
 * Usage: `<widelab-app></widelab-app>` (main.ts registers it by importing this module).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { probeCompute, statusReason, statusText, type ComputeStatus } from '../ui/compute-status.ts';
import { themeStyles } from '../ui/theme.ts';
import { EXPERIMENTS } from './experiments.ts';
import { experimentOf, linkFor, viewOf, type ViewName } from './routes.ts';

@customElement('widelab-app')
export class WidelabApp extends LitElement {
  /** Large type and high contrast for projectors; reflected so the theme can key off it. */
  @property({ type: Boolean, reflect: true }) presenting = false;

  /** null while the adapter request is in flight. */
  @state() private compute: ComputeStatus | null = null;

  /** The experiment shown, from the hash's `view` field. */
  @state() private view: ViewName = viewOf(location.hash);

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
      }
      .skip {
        position: absolute;
        left: -9999px;
      }
      .skip:focus {
        left: 1rem;
        top: 1rem;
        background: var(--wl-bg);
        padding: 0.5rem 1rem;
        z-index: 1;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 1rem;
        padding: 1rem clamp(1rem, 4vw, 3rem);
        border-bottom: 1px solid var(--wl-border);
      }
      h1 {
        margin: 0;
        font-size: 2em;
        letter-spacing: -0.02em;
      }
      h1 span {
        color: var(--wl-accent);
      }
      button {
        font: inherit;
        font-size: 0.9em;
        padding: 0.45em 0.9em;
        border-radius: 0.4em;
        border: 2px solid var(--wl-accent);
        background: transparent;
        color: var(--wl-fg);
        cursor: pointer;
      }
      button[aria-pressed='true'] {
        background: var(--wl-accent);
        color: var(--wl-bg);
      }
      main {
        max-width: 92rem;
        padding: 1.5rem clamp(1rem, 4vw, 3rem) 3rem;
      }
      .lead {
        font-size: 1.1em;
        max-width: 48rem;
      }
      .status {
        display: inline-block;
        padding: 0.35em 0.8em;
        border-radius: 0.4em;
        background: var(--wl-surface);
        border-left: 0.35em solid var(--wl-ok);
        font-family: var(--wl-mono);
        font-size: 0.85em;
      }
      .status.cpu {
        border-left-color: var(--wl-accent-2);
      }
      /* The short status, then (on the CPU) a "Why?" disclosure with the reason, kept out of the line itself. */
      .compute {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0.3rem 0.6rem;
        margin: 1em 0;
      }
      .why summary {
        display: inline;
        cursor: pointer;
        color: var(--wl-accent);
        text-decoration: underline;
        font-size: 0.85em;
      }
      .why[open] summary {
        margin-right: 0.5em;
      }
      .why span {
        font-size: 0.85em;
      }
      h2 {
        font-size: 1.3em;
        margin: 2rem 0 0.5rem;
      }
      .note {
        color: var(--wl-muted);
        max-width: 48rem;
      }
      .experiments {
        list-style: none;
        padding: 0;
        margin: 1rem 0 0;
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
      }
      .experiments a {
        display: inline-block;
        padding: 0.35em 0.8em;
        border-radius: 0.4em;
        border: 2px solid var(--wl-accent);
        color: var(--wl-fg);
        text-decoration: none;
      }
      .experiments a[aria-current='page'] {
        background: var(--wl-accent);
        color: var(--wl-bg);
      }
      .experiments li {
        color: var(--wl-fg);
        font-weight: 600;
        text-decoration-color: var(--wl-accent);
        text-decoration-thickness: 0.15em;
      }
      code {
        font-family: var(--wl-mono);
        font-size: 0.9em;
        white-space: nowrap;
      }
      /*
       * Presentation mode: a projector at 1280x720 shows the controls and the top of the first
       * chart without scrolling. The lab keeps its large type; the frame around it (intro, status,
       * nav, the view's heading, which the nav's current link already names) gives up the room.
       */
      :host([presenting]) header {
        padding-top: 0.4rem;
        padding-bottom: 0.4rem;
      }
      :host([presenting]) h1 {
        font-size: 1.4em;
      }
      :host([presenting]) header button,
      :host([presenting]) .experiments {
        font-size: 0.7em;
      }
      :host([presenting]) main {
        padding-top: 0.5rem;
      }
      :host([presenting]) .lead {
        display: none;
      }
      :host([presenting]) .compute {
        margin: 0 0 0.3rem;
        font-size: 0.7em;
      }
      :host([presenting]) .experiments {
        margin: 0;
        gap: 0.6rem;
      }
      :host([presenting]) .view-heading {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onViewHash);
    void probeCompute().then((s) => (this.compute = s));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onViewHash);
  }

  /** Back/forward or an edited link: show the view the hash names. */
  private onViewHash = (): void => {
    this.view = viewOf(location.hash);
  };

  /**
   * Switch experiments. pushState (no hashchange), so the view being left never sees the other
   * view's hash; the new view starts from its defaults, in the current presentation mode.
   */
  private go(view: ViewName): void {
    if (view === this.view) return;
    history.pushState(null, '', linkFor(view, this.presenting));
    this.view = view;
  }

  /** The element asks for the other presentation mode (a link with present=1, an edited hash). */
  private onPresenting = (e: CustomEvent<boolean>): void => {
    this.presenting = e.detail;
  };

  /** The current experiment in its section; keyed, so a switch builds the new view afresh. */
  private renderView() {
    const e = experimentOf(this.view);
    const id = `${e.view}-heading`;
    return keyed(
      e.view,
      html`<section aria-labelledby=${id} @presenting-change=${this.onPresenting}>
        <h2 id=${id} class="view-heading">${e.heading}</h2>
        ${e.render(this.presenting)}
      </section>`,
    );
  }

  private togglePresenting(): void {
    this.presenting = !this.presenting;
  }

  private renderStatus() {
    if (!this.compute) return html`<span class="status">Looking for a WebGPU adapter…</span>`;
    const reason = statusReason(this.compute);
    return html`<span class="status ${this.compute.backend}">${statusText(this.compute)}</span>${
      reason
        ? html`<details class="why"><summary>Why?</summary><span data-testid="compute-reason">${reason}</span></details>`
        : nothing
    }`;
  }

  override render() {
    return html`
      <a class="skip" href="#content" @click=${this.skipToContent}>Skip to content</a>
      <header>
        <h1><span>wide</span>lab</h1>
        <button type="button" aria-pressed=${this.presenting ? 'true' : 'false'} @click=${this.togglePresenting}>
          Presentation mode
        </button>
      </header>
      <main id="content" tabindex="-1">
        <p class="lead">
          A lab for the theory of wide neural networks. It samples whole ensembles of randomly
          initialized networks and shows their output distribution approaching a Gaussian as the
          width grows, with the finite-width corrections (the kurtosis that shrinks like depth
          over width) computed beside it, so measurement and theory can be compared number by
          number.
        </p>
        <div class="compute" role="status" aria-live="polite"><span>Compute:</span> ${this.renderStatus()}</div>
        <nav aria-label="Experiments">
          <ul class="experiments">
            ${EXPERIMENTS.map(
              (e) =>
                html`<li>
                  <a
                    href=${linkFor(e.view, this.presenting)}
                    aria-current=${e.view === this.view ? 'page' : 'false'}
                    @click=${(ev: Event) => {
                      ev.preventDefault();
                      this.go(e.view);
                    }}
                    >${e.label}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>
        ${this.renderView()}
      </main>
    `;
  }

  /** In a shadow root the fragment link cannot find #content by itself. */
  private skipToContent(e: Event): void {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#content')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-app': WidelabApp;
  }
}
