/**
 * Which experiment (experiments.ts) a hash asks for, and the link that opens one. Its `view`
 * field names it; a hash without one (the lab's first links) or with an unknown one opens the
 * default view, the Gaussian limit (DEFAULT_VIEW).
 *
 *   viewOf('#view=depth&width=64')  // 'depth'
 *   viewOf('#width=64')             // 'gaussian'
 *   linkFor('depth', true)          // '#view=depth&present=1'
 *   returnLink('depth', '#view=depth&width=8&present=0', true)  // '#view=depth&width=8&present=1'
 */
import { hashView } from '../lab/url-fields.ts';
import { withoutTour } from '../lab/tour.ts';
import { EXPERIMENTS, type Experiment } from './experiments.ts';

export type ViewName = (typeof EXPERIMENTS)[number]['view'];

/** The lab's first view, where its first links (no `view` field) always opened. */
export const DEFAULT_VIEW: ViewName = 'gaussian';

export function viewOf(hash: string): ViewName {
  const v = hashView(hash);
  return EXPERIMENTS.find((e) => e.view === v)?.view ?? DEFAULT_VIEW;
}

/** The experiment shown for a view name. */
export function experimentOf(view: ViewName): Experiment {
  return EXPERIMENTS.find((e) => e.view === view) ?? EXPERIMENTS.find((e) => e.view === DEFAULT_VIEW)!;
}

/** A view's link: its defaults (the view fills in the rest of its hash), in the given presentation mode. */
export function linkFor(view: ViewName, presenting: boolean): string {
  const params = new URLSearchParams({ view });
  if (presenting) params.set('present', '1');
  return `#${params.toString()}`;
}

/**
 * The link that switches to `view`: the hash it last had (its settings, as its state.ts wrote
 * them, less any tour step) when there is one, else its defaults; in the current presentation
 * mode either way.
 */
export function returnLink(view: ViewName, remembered: string | undefined, presenting: boolean): string {
  if (!remembered || viewOf(remembered) !== view) return linkFor(view, presenting);
  // The view's settings, not the tour step it was shown with (the nav leaves the tour).
  const params = new URLSearchParams(withoutTour(remembered).replace(/^#/, ''));
  params.set('view', view);
  if (params.has('present') || presenting) params.set('present', presenting ? '1' : '0');
  return `#${params.toString()}`;
}
