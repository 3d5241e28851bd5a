/**
 * `<widelab-tour-bar>`: the guided tour's bar in the shell's header: "Step k of N" (a link to
 * the step's own state), the step's title and what to do, Back, Next and Exit with their keys
 * (the shell listens for the keys themselves: `[`, `]`, Escape). The shell owns the tour's
 * position (from the hash's `tour` field); the bar shows it and asks for moves:
 *
 *   <widelab-tour-bar .step=${step} .index=${3} .total=${17} .link=${'#view=depth&...&tour=depth-width'}
 *     @tour-go=${(e) => go(e.detail)} @tour-exit=${exit}></widelab-tour-bar>
 *
 * With `unknown` set (a link naming a step the tour has not) it says so and offers the first
 * step. Its type follows the header's (it sets no size of its own).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TourStep } from '../lab/tour.ts';

@customElement('widelab-tour-bar')
export class TourBar extends LitElement {
  @property({ attribute: false }) step: TourStep | null = null;
  /** The step's place, 0-based. */
  @property({ type: Number }) index = 0;
  @property({ type: Number }) total = 0;
  /** The step's own link (its state, in the current presentation mode). */
  @property() link = '';
  /** The id a link named that the tour has not ('' when none). */
  @property() unknown = '';

  static override styles = css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.2rem 0.8rem;
      padding: 0.25em 0.6em;
      border-left: 0.35em solid var(--wl-accent);
      background: var(--wl-surface);
      border-radius: 0.3em;
    }
    .count {
      color: var(--wl-accent);
      font-weight: 600;
      white-space: nowrap;
    }
    p {
      flex: 1 1 24rem;
      margin: 0;
      line-height: 1.35;
    }
    .buttons {
      display: flex;
      gap: 0.4rem;
      margin-left: auto;
    }
    button {
      font: inherit;
      padding: 0.2em 0.7em;
      border-radius: 0.4em;
      border: 2px solid var(--wl-accent);
      background: transparent;
      color: var(--wl-fg);
      cursor: pointer;
      white-space: nowrap;
    }
    button.next {
      background: var(--wl-accent);
      color: var(--wl-bg);
    }
    button[aria-disabled='true'] {
      opacity: 0.45;
      cursor: default;
    }
    kbd {
      font-family: var(--wl-mono);
      font-size: 0.85em;
      opacity: 0.8;
    }
    :focus-visible {
      outline: 3px solid var(--wl-focus);
      outline-offset: 2px;
    }
  `;

  private go(index: number): void {
    if (index < 0 || index >= this.total) return;
    this.dispatchEvent(new CustomEvent<number>('tour-go', { detail: index, bubbles: true, composed: true }));
  }

  private exit(): void {
    this.dispatchEvent(new CustomEvent('tour-exit', { bubbles: true, composed: true }));
  }

  /** The count link re-opens the step's own state (after the user has moved things). */
  private onCount(e: Event): void {
    e.preventDefault();
    this.go(this.index);
  }

  override render() {
    const step = this.step;
    const first = this.index <= 0;
    const last = this.index >= this.total - 1;
    return html`<div class="bar" role="region" aria-label="Guided tour">
      ${
        step
          ? html`<a class="count" href=${this.link} @click=${this.onCount} title="This step's own link"
                >Step ${this.index + 1} of ${this.total}</a
              >
              <p aria-live="polite" data-testid="tour-text"><strong>${step.title}.</strong> ${step.text}</p>`
          : html`<p aria-live="polite" data-testid="tour-text">
              This link names a tour step, “${this.unknown}”, that the tour does not have.
            </p>`
      }
      <span class="buttons">
        ${
          step
            ? html`<button
                  type="button"
                  aria-keyshortcuts="["
                  title="Previous step ([)"
                  aria-disabled=${first ? 'true' : 'false'}
                  @click=${() => this.go(this.index - 1)}
                >
                  ‹ Back <kbd>[</kbd>
                </button>
                <button
                  type="button"
                  class="next"
                  aria-keyshortcuts="]"
                  title="Next step (])"
                  aria-disabled=${last ? 'true' : 'false'}
                  @click=${() => this.go(this.index + 1)}
                >
                  Next › <kbd>]</kbd>
                </button>`
            : html`<button type="button" class="next" @click=${() => this.go(0)}>Start the tour</button>`
        }
        <button type="button" aria-keyshortcuts="Escape" title="Leave the tour (Escape)" @click=${this.exit}>
          Exit${step ? html` <kbd>Esc</kbd>` : nothing}
        </button>
      </span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-tour-bar': TourBar;
  }
}
