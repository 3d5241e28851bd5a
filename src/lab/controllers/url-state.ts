/**
 * A view's state in the URL hash, as a Lit ReactiveController: parsed when the view opens
 * (`open`, once its backend is known) and on `hashchange` (Back/Forward, an edited link),
 * rewritten on every change, with the link's notices (lab/notices.ts: one group, each notice
 * gone once its field is set, dismissable) and the values typed into number fields and not
 * taken (ui/form-fields.ts TypedValues); the host's `presenting` (the shell's
 * presentation mode) kept in step with the state's `present` without a re-run.
 *
 *   url = new UrlStateController<DepthState>(this, { ...DEPTH_URL, parse: (h) => DEPTH_URL.parse(h, 'cpu'), run: (s, now) => ... });
 *   url.set({ width: 128 });   // new hash; `run` unless only view fields changed
 *
 * Host events out: `presenting-change` (detail: boolean) when a link or an edited hash asks
 * for the other presentation mode.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TypedValues } from '../../ui/form-fields.ts';
import { hashView, keepShellFields, type ParsedFields, type ViewUrl } from '../url-fields.ts';
import { LinkNotices } from '../notices.ts';

export type PresentingHost = ReactiveControllerHost & HTMLElement & { presenting: boolean };

export interface UrlStateOptions<S> extends Omit<ViewUrl<S>, 'parse'> {
  parse(hash: string): ParsedFields<S>;
  /** Start a run of `state`: at once, or throttled while a slider moves. */
  run(state: S, immediate: boolean): void;
}

export class UrlStateController<S extends { present: boolean }> implements ReactiveController {
  state: S | null = null;
  /** The link's notices (one group; each goes once its field is set) and the compute worker's (addNotice). */
  readonly notices: LinkNotices;
  /** Values typed into the view's number fields and not taken, with their messages. */
  readonly typed: TypedValues;
  /** What Copy link said ('' until pressed, and again after each run). */
  copied = '';
  /** The host's `presenting` at its last update (undefined before the first). */
  private presenting: boolean | undefined;

  constructor(
    private readonly host: PresentingHost,
    private readonly options: UrlStateOptions<S>,
  ) {
    this.notices = new LinkNotices();
    this.typed = new TypedValues(() => host.requestUpdate());
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.onHashChange);
  }

  /** The shell's presentation mode is the state's `present`: keep the URL in step (no re-run). */
  hostUpdated(): void {
    const previous = this.presenting;
    this.presenting = this.host.presenting;
    // The first update carries the initial value: the link's `present` wins then.
    if (
      previous !== undefined &&
      previous !== this.host.presenting &&
      this.state &&
      this.state.present !== this.host.presenting
    ) {
      this.apply({ ...this.state, present: this.host.presenting }, false);
    }
  }

  /** Read the page's hash and run it. */
  open(): void {
    const parsed = this.options.parse(location.hash);
    this.notices.fromLink(parsed.notices, parsed.keys);
    this.apply(parsed.state, true);
  }

  set(patch: Partial<S>): void {
    if (this.state) this.apply({ ...this.state, ...patch }, false);
  }

  addNotice(message: string): void {
    this.notices.add(message);
    this.host.requestUpdate();
  }

  dismissLinkNotices(): void {
    this.notices.dismissLink();
    this.host.requestUpdate();
  }

  dismissNotice(index: number): void {
    this.notices.dismiss(index);
    this.host.requestUpdate();
  }

  /** New state: keep it in the URL and run it (unless only the view changed). */
  apply(next: S, immediate: boolean, clearNotices = true): void {
    const previous = this.state;
    this.state = next;
    if (previous && clearNotices) {
      // A link's notice about a field goes once the field is set: the value it is about is gone.
      const changed = (Object.keys(next) as (keyof S & string)[]).filter((k) => previous[k] !== next[k]);
      this.notices.fieldsSet(changed);
    }
    // The shell's tour step stays in the link as the view's settings change (lab/tour.ts).
    const hash = keepShellFields(this.options.format(next), location.hash);
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (next.present !== this.host.presenting) {
      // Asks the shell to switch presentation mode (a link with present=1, or the hash edited).
      this.host.dispatchEvent(
        new CustomEvent<boolean>('presenting-change', {
          detail: next.present,
          bubbles: true,
          composed: true,
        }),
      );
    }
    this.host.requestUpdate();
    if (previous && !immediate && this.options.sameRun(previous, next)) return;
    this.copied = '';
    this.options.run(next, immediate);
  }

  async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied = 'Link copied.';
    } catch {
      this.copied = `Copy this link: ${location.href}`;
    }
    this.host.requestUpdate();
  }

  private owns(hash: string): boolean {
    const view = hashView(hash);
    return view === this.options.view || (this.options.defaultView === true && view === null);
  }

  private onHashChange = (): void => {
    // A hash for another view (the Forward button into it) is that view's, not ours to rewrite.
    if (!this.state || !this.owns(location.hash)) return;
    const parsed = this.options.parse(location.hash);
    if (this.options.same(parsed.state, this.state)) return;
    this.notices.fromLink(parsed.notices, parsed.keys);
    // The edited link's notices are about its values, not about what the previous state changed.
    this.apply(parsed.state, false, false);
  };
}
