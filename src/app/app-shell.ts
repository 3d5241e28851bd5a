/**
 * `<widelab-app>`: the lab's frame. Title, what the lab is, the compute status line, a
 * presentation mode for projectors, the experiments' nav and the experiment the hash's `view`
 * field picks. The experiments, their links, headings and elements come from one table,
 * experiments.ts: nothing here names an experiment.
 *
 * The guided tour (tour-steps.ts, its bar tour-bar.ts): the nav's "Tour" opens it; the hash's
 * `tour` field names the step shown (so each step has its own link, and Back/Forward walk the
 * steps); a step is entered by setting the hash to the step's link, which the view reads as any
 * edited link. Keys: `]` next step, `[` previous step, Escape leaves the tour (not while typing
 * into a field; the sliders' arrow keys and Page keys stay the sliders').
 *
 * Usage: `<widelab-app></widelab-app>` (main.ts registers it by importing this module).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import {
  probeCompute,
  statusBadge,
  statusReason,
  statusText,
  type ComputeStatus,
} from '../ui/compute-status.ts';
import { themeStyles } from '../ui/theme.ts';
import '../ui/glossary.ts';
import { EXPERIMENTS } from './experiments.ts';
import { experimentOf, returnLink, viewOf, type ViewName } from './routes.ts';
import { stepLink, tourPosition, withoutTour, type TourPosition } from '../lab/tour.ts';
import { TOUR_STEPS } from './tour-steps.ts';
import './tour-bar.ts';

/** Input types that take typed text: keys pressed there are the field's, not the tour's. */
const TEXT_INPUTS = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password']);

/** Whether a key event is typing into a field (its first target, inside shadow roots too). */
function typing(e: KeyboardEvent): boolean {
  const t = e.composedPath()[0];
  if (t instanceof HTMLTextAreaElement) return true;
  if (t instanceof HTMLInputElement) return TEXT_INPUTS.has(t.type);
  return t instanceof HTMLElement && t.isContentEditable;
}

@customElement('widelab-app')
export class WidelabApp extends LitElement {
  /** Large type and high contrast for projectors; reflected so the theme can key off it. */
  @property({ type: Boolean, reflect: true }) presenting = false;

  /** null while the adapter request is in flight. */
  @state() private compute: ComputeStatus | null = null;

  /** The experiment shown, from the hash's `view` field. */
  @state() private view: ViewName = viewOf(location.hash);

  /** Where the hash's `tour` field puts the guided tour. */
  @state() private tour: TourPosition = tourPosition(TOUR_STEPS, location.hash);

  /** The step the tour was last at: the nav's "Tour" goes back to it. */
  private lastStep = 0;

  /** Each view's hash when it was last left: switching back restores its settings. */
  @state() private remembered = new Map<ViewName, string>();

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
        gap: 0.5rem 1.2rem;
        padding: 0.5rem clamp(1rem, 4vw, 3rem);
        border-bottom: 1px solid var(--wl-border);
      }
      h1 {
        margin: 0;
        font-size: 1.6em;
        letter-spacing: -0.02em;
      }
      h1 span {
        color: var(--wl-accent);
      }
      nav {
        flex: 0 1 auto;
      }
      /* Under the nav, with Presentation mode at the right of the same line (at 1280 px the nav
         leaves no room for either beside it), except on a projector, where the header is one line. */
      .compute {
        order: 1;
      }
      :host(:not([presenting])) header > button {
        order: 2;
      }
      :host([presenting]) .compute {
        flex-basis: auto;
        order: 0;
        margin-left: auto;
      }
      header > button {
        margin-left: auto;
      }
      :host([presenting]) header > button {
        margin-left: 0;
      }
      /* Where the nav leaves no room on its line, the button starts the next one at the right. */
      :host([presenting]) .compute + button {
        margin-left: auto;
      }
      button {
        font: inherit;
        font-size: 0.85em;
        padding: 0.35em 0.8em;
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
        padding: 0.4rem clamp(1rem, 4vw, 3rem) 3rem;
      }
      .glossary {
        margin-top: 2rem;
        padding-top: 1rem;
        border-top: 1px solid var(--wl-border);
      }
      .lead {
        margin: 0 0 0.5rem;
        max-width: 60rem;
        color: var(--wl-muted);
        font-size: 0.9em;
      }
      .status {
        display: inline-block;
        padding: 0.2em 0.6em;
        border-radius: 0.4em;
        background: var(--wl-surface);
        border-left: 0.35em solid var(--wl-ok);
        font-family: var(--wl-mono);
        font-size: 0.8em;
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
        font-size: 0.85em;
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
      .experiments {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        font-size: 0.85em;
      }
      .experiments a {
        display: inline-block;
        padding: 0.25em 0.7em;
        border-radius: 0.4em;
        border: 2px solid var(--wl-accent);
        color: var(--wl-fg);
        text-decoration: none;
      }
      /* On a projector the header is one line at 1280 px: the nav tightens (seven views and the
         tour), and the compute status is a word or two (statusBadge). */
      :host([presenting]) .experiments {
        gap: 0.3rem;
      }
      :host([presenting]) .experiments a {
        padding: 0.2em 0.4em;
      }
      .experiments a[aria-current='page'],
      .experiments a[aria-current='step'] {
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
      /* The tour's bar: a row of the header of its own, and on a projector beside Presentation mode. */
      widelab-tour-bar {
        flex: 1 1 100%;
        order: 2;
        font-size: 0.85em;
      }
      :host([presenting]) widelab-tour-bar {
        flex: 1 1 30rem;
        order: 0;
        font-size: 0.6em;
      }
      /* The nav's current link names the view: its heading is for screen readers and the outline. */
      .view-heading {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
      /*
       * Presentation mode: the lab keeps its large type; the frame around it (the header's
       * line, no intro) gives up the room, so the view's frame gets the rest of the screen.
       */
      :host([presenting]) header {
        padding: 0.3rem 1rem;
        gap: 0.3rem 0.6rem;
      }
      :host([presenting]) h1 {
        font-size: 1.1em;
      }
      :host([presenting]) header button,
      :host([presenting]) .experiments,
      :host([presenting]) .compute {
        font-size: 0.6em;
      }
      :host([presenting]) main {
        padding-top: 0.3rem;
      }
      :host([presenting]) .lead,
      :host([presenting]) .compute-label {
        display: none;
      }
    `,
  ];

  /** Keeps `--wl-top` (where the view starts) in step with the header's height, which wraps with the window. */
  private readonly resize = new ResizeObserver(() => this.measureTop());

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onViewHash);
    window.addEventListener('keydown', this.onKey);
    void probeCompute().then((s) => (this.compute = s));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onViewHash);
    window.removeEventListener('keydown', this.onKey);
    this.resize.disconnect();
  }

  protected override firstUpdated(): void {
    for (const sel of ['header', '.lead']) {
      const el = this.renderRoot.querySelector(sel);
      if (el) this.resize.observe(el);
    }
  }

  protected override willUpdate(): void {
    if (this.tour.kind === 'step') this.lastStep = this.tour.index;
  }

  protected override updated(): void {
    this.measureTop();
  }

  /**
   * The views' frames fill the first screen below the header: they read its height from
   * `--wl-top` (the view's distance from the top of the page).
   */
  private measureTop(): void {
    const section = this.renderRoot.querySelector('section');
    if (!section) return;
    const top = Math.round(section.getBoundingClientRect().top + window.scrollY);
    this.style.setProperty('--wl-top', `${top}px`);
  }

  /** Back/forward or an edited link: show the view the hash names. */
  private onViewHash = (e: HashChangeEvent): void => {
    const next = viewOf(location.hash);
    // Leaving a view by Back or Forward: keep the settings it had, as a switch by the nav does.
    if (next !== this.view) this.remember(new URL(e.oldURL).hash);
    this.view = next;
    this.tour = tourPosition(TOUR_STEPS, location.hash);
  };

  /** Show tour step `index`: its link, which the view reads as an edited link (a history entry per step). */
  private goStep = (index: number): void => {
    const step = TOUR_STEPS[index];
    if (!step) return;
    this.lastStep = index;
    this.tour = { kind: 'step', index };
    const link = stepLink(step, this.presenting);
    // Setting the hash fires hashchange: the shell switches view, or the view re-reads its state.
    if (location.hash !== link) location.hash = link;
  };

  /** Leave the tour; the view stays as it is (its hash, without the step). */
  private exitTour = (): void => {
    if (this.tour.kind === 'off') return;
    history.replaceState(null, '', withoutTour(location.hash));
    this.tour = { kind: 'off' };
  };

  /** `]` next step, `[` previous, Escape out: while the tour is open, and not while typing. */
  private onKey = (e: KeyboardEvent): void => {
    if (this.tour.kind === 'off' || e.defaultPrevented || e.repeat) return;
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    const at = this.tour.kind === 'step' ? this.tour.index : -1;
    if (e.key === ']') this.goStep(at + 1);
    else if (e.key === '[' && at > 0) this.goStep(at - 1);
    else if (e.key === 'Escape') this.exitTour();
    else return;
    e.preventDefault();
  };

  /** Keep `hash` as the shown view's settings, if it is that view's (each view keeps its settings there). */
  private remember(hash = location.hash): void {
    if (viewOf(hash) !== this.view) return;
    this.remembered = new Map(this.remembered).set(this.view, hash);
  }

  /**
   * Switch experiments. pushState (no hashchange), so the view being left never sees the other
   * view's hash; the new view opens with the settings it had when last left (its defaults the
   * first time), in the current presentation mode.
   */
  private go(view: ViewName): void {
    if (view === this.view) return;
    this.remember();
    history.pushState(null, '', returnLink(view, this.remembered.get(view), this.presenting));
    this.view = view;
    // The nav leaves the tour ("Tour" goes back to its step).
    this.tour = { kind: 'off' };
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

  private renderTour() {
    const t = this.tour;
    if (t.kind === 'off') return nothing;
    const step = t.kind === 'step' ? TOUR_STEPS[t.index] : null;
    return html`<widelab-tour-bar
      .step=${step}
      .index=${t.kind === 'step' ? t.index : 0}
      .total=${TOUR_STEPS.length}
      .link=${step ? stepLink(step, this.presenting) : ''}
      .unknown=${t.kind === 'unknown' ? t.id : ''}
      @tour-go=${(e: CustomEvent<number>) => this.goStep(e.detail)}
      @tour-exit=${this.exitTour}
    ></widelab-tour-bar>`;
  }

  private renderStatus() {
    if (!this.compute) return html`<span class="status">Looking for a WebGPU adapter…</span>`;
    const reason = statusReason(this.compute);
    // On a projector the header is one line: a word or two, the full line as its tooltip.
    const full = statusText(this.compute);
    return html`<span class="status ${this.compute.backend}" title=${full}
        >${this.presenting ? statusBadge(this.compute) : full}</span
      >${
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
        <nav aria-label="Experiments">
          <ul class="experiments">
            ${EXPERIMENTS.map(
              (e) =>
                html`<li>
                  <a
                    href=${returnLink(e.view, this.remembered.get(e.view), this.presenting)}
                    aria-current=${e.view === this.view ? 'page' : 'false'}
                    title=${e.heading}
                    @click=${(ev: Event) => {
                      ev.preventDefault();
                      this.go(e.view);
                    }}
                    >${e.label}</a
                  >
                </li>`,
            )}
            <li>
              <a
                href=${stepLink(TOUR_STEPS[this.lastStep], this.presenting)}
                aria-current=${this.tour.kind === 'off' ? 'false' : 'step'}
                title="A guided tour of the lab, a few steps per view (keys: ] next, [ back, Escape exit)"
                @click=${(ev: Event) => {
                  ev.preventDefault();
                  this.goStep(this.tour.kind === 'step' ? this.tour.index : this.lastStep);
                }}
                >Tour</a
              >
            </li>
          </ul>
        </nav>
        <div class="compute" role="status" aria-live="polite"><span class="compute-label">Compute:</span> ${this.renderStatus()}</div>
        <button type="button" aria-pressed=${this.presenting ? 'true' : 'false'} @click=${this.togglePresenting}>
          Presentation mode
        </button>
        ${this.renderTour()}
      </header>
      <main id="content" tabindex="-1">
        <p class="lead" ?hidden=${this.tour.kind !== 'off'}>
          Ensembles of random wide networks, sampled in your browser, beside the theory of their finite-width corrections.
        </p>
        ${this.renderView()}
        <widelab-glossary class="glossary" ?presenting=${this.presenting}></widelab-glossary>
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
