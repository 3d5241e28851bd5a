/**
 * `<widelab-view-frame>`: the one-screen layout every view shares. On a wide screen the view's
 * controls run down a side panel and its main chart takes the rest of the first screen (the
 * height the shell leaves below its header, `--wl-top`), so a teacher can drag Width while the
 * class watches the chart; everything else (the main chart's explanation, the other charts,
 * tables) follows below. On a narrow screen (a phone) the main chart comes first, then its
 * readout, then the controls in a "Settings" disclosure, then the rest.
 *
 *   <widelab-view-frame ?presenting=${p}>
 *     <div slot="controls">sliders, Play, progress</div>
 *     <div slot="notices">notices</div>
 *     <widelab-chart-card slot="main" fill …></widelab-chart-card>
 *     <p slot="readout">…</p>
 *     …the rest
 *   </widelab-view-frame>
 *
 * The panel scrolls inside itself when a view has more controls than the screen holds; the
 * main controls come first in it, so they are always in sight.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { themeStyles } from './theme.ts';

/** Below this width the frame is one column (and the panel a disclosure). Kept in step with the CSS. */
const NARROW = '(max-width: 50rem)';

@customElement('widelab-view-frame')
export class ViewFrame extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private narrow = false;
  /** On a phone the settings start closed (the chart first); the user's choice is kept. */
  @state() private settingsOpen = true;

  private media: MediaQueryList | null = null;

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        background: transparent;
        font-size: 1rem;
      }
      .frame {
        display: grid;
        grid-template-columns: minmax(15rem, 21rem) minmax(0, 1fr);
        grid-template-areas: 'panel stage';
        gap: 0.5rem 1.5rem;
        /* The first screen: what the shell's header leaves, less a margin. */
        height: calc(100dvh - var(--wl-top, 0px) - 0.5rem);
        min-height: 24rem;
      }
      .panel {
        grid-area: panel;
        min-height: 0;
        overflow-y: auto;
        /* Room for the focus ring of the controls at the panel's edges. */
        padding: 0.25rem 0.5rem 0.5rem 0.25rem;
        scrollbar-gutter: stable;
      }
      .stage {
        grid-area: stage;
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      ::slotted([slot='main']) {
        flex: 1 1 auto;
        min-height: 10rem;
      }
      ::slotted([slot='notices']),
      ::slotted([slot='readout']) {
        flex: 0 0 auto;
      }
      details > summary {
        display: none;
      }
      .rest {
        margin-top: 1rem;
      }
      :host([presenting]) .frame {
        grid-template-columns: minmax(15rem, 19rem) minmax(0, 1fr);
        gap: 0.3rem 1rem;
      }
      @media (max-width: 50rem) {
        .frame {
          grid-template-columns: minmax(0, 1fr);
          grid-template-areas: 'stage' 'panel';
          height: auto;
          min-height: 0;
        }
        .panel {
          overflow: visible;
        }
        ::slotted([slot='main']) {
          height: 60vh;
          flex: none;
        }
        details > summary {
          display: list-item;
          cursor: pointer;
          font-weight: 600;
          padding: 0.4rem 0;
        }
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.media = window.matchMedia(NARROW);
    this.media.addEventListener('change', this.onMedia);
    this.narrow = this.media.matches;
    this.settingsOpen = !this.narrow;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.media?.removeEventListener('change', this.onMedia);
  }

  private onMedia = (e: MediaQueryListEvent): void => {
    this.narrow = e.matches;
    // On a wide screen the panel is always open: its summary is hidden, so it could not be reopened.
    if (!e.matches) this.settingsOpen = true;
  };

  private onToggle(e: Event): void {
    this.settingsOpen = (e.target as HTMLDetailsElement).open;
  }

  override render() {
    return html`
      <div class="frame">
        <div class="panel" role="region" aria-label="Controls">
          <details ?open=${this.settingsOpen || !this.narrow} @toggle=${this.onToggle}>
            <summary>Settings</summary>
            <slot name="controls"></slot>
          </details>
        </div>
        <div class="stage">
          <slot name="notices"></slot>
          <slot name="main"></slot>
          <slot name="readout"></slot>
        </div>
      </div>
      <div class="rest"><slot></slot></div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-view-frame': ViewFrame;
  }
}
