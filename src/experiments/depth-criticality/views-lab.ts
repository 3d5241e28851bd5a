/**
 * The lifecycle both issue-5 views share, as a base class: the compute backend (decided once on
 * connect, as the Gaussian-limit view does: WebGPU on a real adapter, else the CPU, with a
 * notice when an adapter exists but the CPU runs), the compute-worker client (created on
 * connect, terminated on disconnect), the URL hash (parsed on connect and on `hashchange`,
 * rewritten on every change), the hash's notices, the `presenting` property kept in step with
 * the state's `present`, run status (running, error, runs, copied link) and the status bar.
 *
 *   class MyLab extends ViewsLab<MyState, MySnapshot> {
 *     protected readonly view = 'depth';
 *     protected parseHash = parseDepthHash; protected formatHash = formatDepthHash;
 *     protected job(state) { return { type: 'depth', state }; }
 *     protected onViewMessage(m) { ... return true when handled; }
 *   }
 */
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { sameView, sameViewRun, viewOf, type ViewCommon, type ViewName } from '../../state/views-state.ts';
import type { FromViewsWorker, ToViewsWorker } from './protocol.ts';
import { probe, viewsClient, type JobWithoutId } from './view-kit.ts';
import type { WorkerClient } from '../../ui/worker-client.ts';
import { probeCompute, type ComputeStatus } from '../../ui/compute-status.ts';

export type ViewsBackend = 'webgpu' | 'cpu';

/** One adapter probe for both views (switching views does not ask the browser again). */
let compute: Promise<ComputeStatus> | null = null;

/**
 * The backend for these views: `?backend=webgpu|cpu` forces one (webgpu only where an adapter
 * exists; the e2e tests run WebGPU on SwiftShader so), else WebGPU on a real adapter and the CPU
 * on none or a software one (SwiftShader is slower than the CPU engines). `note`: what the page
 * says when an adapter exists but the CPU runs, or '' (nothing to say).
 */
export function chooseBackend(status: ComputeStatus, forced: string | null): { backend: ViewsBackend; note: string } {
  const backend: ViewsBackend =
    forced === 'cpu' || forced === 'webgpu'
      ? forced === 'webgpu' && status.backend === 'webgpu'
        ? 'webgpu'
        : 'cpu'
      : status.backend === 'webgpu' && !status.fallback
        ? 'webgpu'
        : 'cpu';
  // Without WebGPU the shell's Compute line already says so, and why: no second notice here.
  const note =
    status.backend === 'webgpu' && backend === 'cpu' && forced !== 'cpu'
      ? `Only a software WebGPU adapter was found (${status.adapter}); the CPU engines, in a background worker, are faster here.`
      : '';
  return { backend, note };
}

export abstract class ViewsLab<S extends ViewCommon, Snap> extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() protected st: S | null = null;
  @state() protected notices: string[] = [];
  @state() protected snapshot: Snap | null = null;
  @state() protected running = false;
  @state() protected error = '';
  @state() protected copied = '';
  /** Why the CPU runs when WebGPU does not ('' when nothing to say). */
  @state() protected backendNote = '';

  /** Decided once on connect (chooseBackend); until then no job runs. */
  protected backend: ViewsBackend = 'cpu';

  protected client: WorkerClient<ToViewsWorker, FromViewsWorker> | null = null;
  protected runs = 0;

  /** The hash's `view` field, also the probe's key. */
  protected abstract readonly view: Exclude<ViewName, 'gaussian'>;
  protected abstract parseHash(hash: string): { state: S; notices: string[] };
  protected abstract formatHash(s: S): string;
  protected abstract job(s: S): JobWithoutId;
  /** The view's own messages (snapshots, parts); true when `m` was one of them. */
  protected abstract onViewMessage(m: FromViewsWorker): boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
    void this.start();
  }

  private async start(): Promise<void> {
    compute ??= probeCompute();
    const { backend, note } = chooseBackend(await compute, new URLSearchParams(location.search).get('backend'));
    // Disconnected while the probe ran: nothing to start.
    if (!this.isConnected || this.client) return;
    this.backend = backend;
    this.backendNote = note;
    this.client = viewsClient(
      (m) => this.onMessage(m),
      (message) => {
        this.error = message;
        this.running = false;
      },
    );
    const { state, notices } = this.parseHash(location.hash);
    this.notices = notices;
    this.apply(state, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHashChange);
    this.client?.terminate();
    this.client = null;
  }

  private onHashChange = (): void => {
    if (!this.st || viewOf(location.hash) !== this.view) return;
    const { state, notices } = this.parseHash(location.hash);
    if (sameView(state, this.st)) return;
    this.notices = notices;
    this.apply(state, false);
  };

  /** The shell's presentation mode is the state's `present`: keep the URL in step (no re-run). */
  protected override updated(changed: PropertyValues<this>): void {
    // The first update carries the initial value (undefined before): the link's `present` wins then.
    if (changed.has('presenting') && changed.get('presenting') !== undefined && this.st && this.st.present !== this.presenting) {
      this.apply({ ...this.st, present: this.presenting }, false);
    }
  }

  protected apply(next: S, immediate: boolean): void {
    const previous = this.st;
    this.st = next;
    const hash = this.formatHash(next);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (next.present !== this.presenting) {
      // Asks the shell to switch presentation mode (a link with present=1, or the hash edited).
      this.dispatchEvent(new CustomEvent<boolean>('presenting-change', { detail: next.present, bubbles: true, composed: true }));
    }
    if (previous && !immediate && sameViewRun(previous, next)) return;
    this.copied = '';
    this.running = true;
    this.error = '';
    probe(this.view, { running: true });
    this.client?.schedule({ ...this.job(next), backend: this.backend }, immediate);
  }

  protected set(patch: Partial<S>): void {
    if (this.st) this.apply({ ...this.st, ...patch }, false);
  }

  private onMessage(m: FromViewsWorker): void {
    if (m.type === 'notice') {
      this.notices = [...this.notices, m.message];
      return;
    }
    if (m.type === 'backend') {
      // WebGPU failed to start in the worker: say why the CPU runs instead.
      if (m.backend === 'cpu' && this.backend === 'webgpu') this.backendNote = m.detail;
      return;
    }
    if (this.onViewMessage(m)) return;
    if (m.type === 'done') {
      this.running = false;
      this.runs++;
      // After the charts have re-rendered.
      requestAnimationFrame(() => probe(this.view, { runs: this.runs, running: false }));
    } else if (m.type === 'cancelled') {
      this.running = false;
    } else if (m.type === 'error') {
      this.running = false;
      this.error = m.message;
    }
  }

  protected async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = 'Link copied.';
    } catch {
      this.copied = `Copy this link: ${location.href}`;
    }
  }

  protected renderNotices() {
    return html`${this.notices.map((n) => html`<p class="notice" role="alert">${n}</p>`)}${this.backendNote
      ? html`<p class="notice" data-testid="backend-note">${this.backendNote}</p>`
      : nothing}`;
  }

  /** Progress (0..1), status, Cancel and Copy link; then the error, if any. */
  protected renderStatus(progress: number) {
    return html`
      <div class="bar">
        <progress aria-label="Progress" max="1" .value=${progress}></progress>
        <span class="small">${this.running ? 'computing…' : this.error ? '' : 'done'}</span>
        <button type="button" @click=${() => {
          this.client?.cancel();
          this.running = false;
        }} ?disabled=${!this.running}>Cancel</button>
        <button type="button" @click=${this.copyLink}>Copy link</button>
        <span class="small" role="status">${this.copied}</span>
      </div>
      ${this.error ? html`<p class="notice" role="alert">Error: ${this.error}</p>` : nothing}
    `;
  }
}
