/**
 * The chrome above every experiment's charts, as Lit templates (styles: theme.ts
 * viewChromeStyles): the notices (the link's, the worker's, the backend note) and the status
 * bar (progress, status text, Cancel, Copy link, the error).
 *
 *   ${noticesTemplate(url.notices, job.backendNote)}
 *   ${statusBar({ progress, text: job.running ? 'computing…' : 'done', running: job.running, error: job.error, copied: url.copied,
 *      cancel: () => job.cancel(), copy: () => url.copyLink() })}
 */
import { html, nothing } from 'lit';

export function noticesTemplate(notices: readonly string[], backendNote: string) {
  return html`${notices.map((n) => html`<p class="notice" role="alert">${n}</p>`)}${
    backendNote ? html`<p class="notice" data-testid="backend-note">${backendNote}</p>` : nothing
  }`;
}

export interface StatusBar {
  /** 0..1 */
  progress: number;
  text: string;
  running: boolean;
  error: string;
  /** What Copy link said, or ''. */
  copied: string;
  cancel(): void;
  copy(): void;
}

/** Progress, status, Cancel and Copy link; then the error, if any. */
export function statusBar(s: StatusBar) {
  return html`
    <div class="bar">
      <progress aria-label="Progress" max="1" .value=${s.progress}></progress>
      <span class="small">${s.text}</span>
      <button type="button" @click=${() => s.cancel()} ?disabled=${!s.running}>Cancel</button>
      <button type="button" @click=${() => s.copy()}>Copy link</button>
      <span class="small" role="status">${s.copied}</span>
    </div>
    ${s.error ? html`<p class="notice" role="alert">Error: ${s.error}</p>` : nothing}
  `;
}
