/**
 * The chrome above every experiment's charts, as Lit templates (styles: theme.ts
 * viewChromeStyles): the notices (the link's as one group, the worker's, the backend note),
 * each with a close button; the question a long run asks first; and the status bar (progress,
 * status text, Cancel that turns into Resume, Copy link, the error).
 *
 *   ${noticesTemplate({ link: linkGroup(notices.link), other: notices.other, backendNote, dismissLink, dismiss, dismissNote })}
 *   ${statusBar({ progress, text: 'computing…', running, stopped: null, error, copied, cancel, resume, copy })}
 */
import { html, nothing } from 'lit';

export interface Notices {
  /** The link's notices as one: a heading (when several) over its items. */
  link: { heading: string | null; items: readonly string[] } | null;
  /** The worker's notices, each on its own. */
  other: readonly string[];
  /** What the page says about the backend ('' for nothing). */
  backendNote: string;
  dismissLink(): void;
  dismiss(index: number): void;
  dismissNote(): void;
}

/** A notice with its close button after the text (the order a screen reader reads it in). */
function closable(
  body: unknown,
  label: string,
  close: () => void,
  attrs: { role?: 'alert' | 'status'; testid?: string; info?: boolean },
) {
  return html`<div
    class=${attrs.info ? 'notice closable info' : 'notice closable'}
    role=${attrs.role ?? nothing}
    data-testid=${attrs.testid ?? nothing}
  >
    <div class="notice-body">${body}</div>
    <button type="button" class="close" aria-label=${label} title=${label} @click=${() => close()}>×</button>
  </div>`;
}

export function noticesTemplate(n: Notices) {
  const link = n.link;
  return html`${
    link
      ? closable(
          link.heading
            ? html`<p>${link.heading}</p>
                <ul>
                  ${link.items.map((t) => html`<li>${t}</li>`)}
                </ul>`
            : html`<p>${link.items[0]}</p>`,
          link.heading ? "Dismiss the link's notices" : 'Dismiss notice',
          n.dismissLink,
          { role: 'alert', testid: 'link-notice' },
        )
      : nothing
  }${n.other.map((t, i) => closable(html`<p>${t}</p>`, 'Dismiss notice', () => n.dismiss(i), { role: 'alert' }))}${
    n.backendNote
      ? closable(html`<p>${n.backendNote}</p>`, 'Dismiss note', n.dismissNote, {
          testid: 'backend-note',
          info: true,
        })
      : nothing
  }`;
}

/** A view's own note (what a run will cost, say), with a close button. */
export function noteTemplate(body: unknown, close: () => void) {
  return closable(html`<p>${body}</p>`, 'Dismiss note', close, { role: 'status' });
}

/** The question a run estimated as long asks before it starts, in the page (not window.confirm). */
export interface LongRunQuestion {
  /** "This run is estimated at 2.5 min." */
  text: string;
  /** The smaller ensemble offered instead (null: none is smaller). */
  smaller: number | null;
  run(): void;
  runSmaller(): void;
}

export function longRunTemplate(q: LongRunQuestion) {
  return html`<div class="notice confirm" role="alertdialog" aria-label="Long run" data-testid="long-run">
    <p>${q.text}</p>
    <div class="confirm-buttons">
      <button type="button" @click=${() => q.run()}>Run it</button>
      ${
        q.smaller !== null
          ? html`<button type="button" @click=${() => q.runSmaller()}>Run ${q.smaller} networks instead</button>`
          : nothing
      }
    </div>
  </div>`;
}

export interface StatusBar {
  /** 0..1 */
  progress: number;
  text: string;
  running: boolean;
  /** Cancelled: the button offers to resume ('resume') or, where the run was lost, to run it again ('rerun'). */
  stopped: 'resume' | 'rerun' | null;
  error: string;
  /** What Copy link said, or ''. */
  copied: string;
  cancel(): void;
  resume(): void;
  copy(): void;
}

/**
 * Progress, status, Cancel and Copy link; then the error, if any. Cancel and Resume are one
 * button, so the keyboard focus stays on it when one becomes the other; with nothing to cancel
 * it is aria-disabled rather than disabled, which would drop the focus to the page.
 */
export function statusBar(s: StatusBar) {
  const idle = !s.running && s.stopped === null;
  const label = s.stopped === 'resume' ? 'Resume' : s.stopped === 'rerun' ? 'Run again' : 'Cancel';
  return html`
    <div class="bar">
      <progress aria-label="Progress" max="1" .value=${s.progress}></progress>
      <span class="small" role="status">${s.text}</span>
      <button
        type="button"
        class="stop"
        aria-disabled=${idle ? 'true' : 'false'}
        title=${s.stopped === 'rerun' ? 'The stopped run is gone: run it again from the start (the same seed gives the same networks)' : nothing}
        @click=${() => {
          if (s.stopped !== null) s.resume();
          else if (s.running) s.cancel();
        }}
      >
        ${label}
      </button>
      <button type="button" @click=${() => s.copy()}>Copy link</button>
      <span class="small" role="status">${s.copied}</span>
    </div>
    ${s.error ? html`<p class="notice" role="alert">Error: ${s.error}</p>` : nothing}
  `;
}
