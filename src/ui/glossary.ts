/**
 * The lab's words where they are used, and all of them in one place:
 *
 *   <widelab-term term="K">K<sub>L</sub></widelab-term>   // the label, with its definition on hover and focus
 *   <widelab-glossary></widelab-glossary>                  // every term, a closed <details> until opened
 *
 * A term is focusable (Tab reaches it, so keyboard and screen-reader users get the definition
 * as its description); Escape hides the definition (WCAG 1.4.13). Definitions come from
 * glossary-terms.ts.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { GLOSSARY, GLOSSARY_KEYS, engineTermOf, type GlossaryKey } from './glossary-terms.ts';
import { themeStyles } from './theme.ts';

/** 'K_L' -> K with subscript L; 'χ∥' as it is. */
function termLabel(term: string) {
  const [base, sub] = term.split('_');
  return sub ? html`${base}<sub>${sub}</sub>` : term;
}

/** An engine's description with the definition of its method on hover and focus. */
export function engineTerm(description: string) {
  return html`<widelab-term term=${engineTermOf(description)}>${description}</widelab-term>`;
}

@customElement('widelab-term')
export class WidelabTerm extends LitElement {
  /** Which word (a key of GLOSSARY). */
  @property() term: GlossaryKey = 'K';
  /** Where the definition shows (viewport px), or null while it is hidden. */
  @state() private at: { left: number; top: number } | null = null;
  private hovered = false;
  private focused = false;

  static override styles = css`
    :host {
      display: inline;
    }
    .word {
      text-decoration: underline dotted;
      text-underline-offset: 0.2em;
      cursor: help;
      border-radius: 0.2em;
    }
    .word:focus-visible {
      outline: 3px solid var(--wl-focus, #b35c00);
      outline-offset: 1px;
    }
    /* Fixed, so that a scrolling side panel does not clip it; placed by show(). */
    [role='tooltip'] {
      position: fixed;
      z-index: 20;
      width: min(24rem, calc(100vw - 1rem));
      box-sizing: border-box;
      padding: 0.5em 0.7em;
      font-size: 0.85em;
      font-weight: normal;
      font-style: normal;
      line-height: 1.45;
      text-align: left;
      white-space: normal;
      color: var(--wl-fg, #1a1a1a);
      background: var(--wl-bg, #fff);
      border: 1px solid var(--wl-border, #c8ccd2);
      border-radius: 0.4em;
      box-shadow: 0 0.3em 1em rgb(0 0 0 / 0.18);
    }
    [role='tooltip'][hidden] {
      display: none;
    }
    strong {
      display: block;
    }
  `;

  override render() {
    const entry = GLOSSARY[this.term];
    if (!entry) return html`<slot></slot>`;
    const style = this.at ? `left: ${this.at.left}px; top: ${this.at.top}px` : '';
    return html`<span
        class="word"
        tabindex="0"
        aria-describedby="def"
        @keydown=${this.onKey}
        @focus=${() => this.hover('focus', true)}
        @blur=${() => this.hover('focus', false)}
        @pointerenter=${() => this.hover('pointer', true)}
        @pointerleave=${() => this.hover('pointer', false)}
        ><slot>${termLabel(entry.term)}</slot></span
      ><span
        role="tooltip"
        id="def"
        ?hidden=${!this.at}
        style=${style}
        @pointerenter=${() => this.hover('pointer', true)}
        @pointerleave=${() => this.hover('pointer', false)}
        ><strong>${entry.name}</strong>${entry.definition}</span
      >`;
  }

  private hover(by: 'focus' | 'pointer', on: boolean): void {
    if (by === 'focus') this.focused = on;
    else this.hovered = on;
    if (this.focused || this.hovered) this.show();
    else this.at = null;
  }

  /** Below the word, or above it where the screen ends; never past the sides. */
  private show(): void {
    const word = this.renderRoot.querySelector('.word');
    if (!word) return;
    const r = word.getBoundingClientRect();
    const rem = parseFloat(getComputedStyle(this).fontSize) || 16;
    const width = Math.min(24 * rem, innerWidth - 16);
    const left = Math.max(8, Math.min(r.left, innerWidth - width - 8));
    const below = r.bottom + 4;
    const top = below + 10 * rem > innerHeight ? Math.max(8, r.top - 10 * rem) : below;
    this.at = { left, top };
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.at) {
      this.at = null;
      e.stopPropagation();
    }
  }
}

@customElement('widelab-glossary')
export class WidelabGlossary extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        background: transparent;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
      }
      dl {
        margin: 0.5rem 0 0;
        display: grid;
        grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr);
        gap: 0.4rem 1.2rem;
        max-width: 70rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .name {
        color: var(--wl-muted);
      }
      @media (max-width: 40rem) {
        dl {
          grid-template-columns: minmax(0, 1fr);
        }
        dd {
          margin-bottom: 0.5rem;
        }
      }
    `,
  ];

  override render() {
    return html`<details>
      <summary>Glossary: the words and symbols of the lab</summary>
      <dl>
        ${GLOSSARY_KEYS.map((k) => {
          const e = GLOSSARY[k];
          return html`<dt id=${`term-${k}`}>${termLabel(e.term)}</dt>
            <dd><span class="name">${e.name}.</span> ${e.definition}</dd>`;
        })}
      </dl>
    </details>${nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'widelab-term': WidelabTerm;
    'widelab-glossary': WidelabGlossary;
  }
}
