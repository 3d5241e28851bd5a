/**
 * The experiments the shell shows, in the nav's order: one entry each, and the shell has no
 * other per-experiment code, in the order of the theory (the tour's): the primers first. An
 * entry names the hash's `view` field for it (also its heading's id, `<view>-heading`), its nav
 * link's label (short: the nav is one line on a projector), its section's heading, and how to
 * render its element; the element's module is imported here. DEFAULT_VIEW (the Gaussian limit)
 * opens for a hash without a `view` field (the lab's first links) or with an unknown one.
 *
 * A new experiment: its folder under src/experiments/ (state.ts naming the same view), its
 * view.ts imported below, and one entry:
 *
 *   { view: 'depth', label: 'Depth', heading: 'Depth & criticality',
 *     render: (presenting) => html`<depth-criticality-lab ?presenting=${presenting}></depth-criticality-lab>` },
 *
 * The element takes `presenting` (the shell's presentation mode) and may send
 * `presenting-change` (bubbling, composed); the shell listens for it around the element.
 */
import { html, type TemplateResult } from 'lit';
import '../experiments/gaussian-limit/view.ts';
import '../experiments/depth-criticality/view.ts';
import '../experiments/two-inputs/view.ts';
import '../experiments/training/view.ts';
import '../experiments/gaussian-integrals/view.ts';
import '../experiments/nearly-gaussian-sums/view.ts';
import '../experiments/random-functions/view.ts';

export interface Experiment {
  /** The hash's `view` field (the one the experiment's state.ts writes). */
  readonly view: string;
  /** The nav link's text. */
  readonly label: string;
  /** The section's heading (visually hidden in presentation mode: the nav's current link names it). */
  readonly heading: string;
  /** The experiment's element, in presentation mode or not. */
  render(presenting: boolean): TemplateResult;
}

export const EXPERIMENTS = [
  {
    view: 'gaussian-integrals',
    label: 'Gaussian integrals',
    heading: 'Gaussian integrals',
    render: (presenting) => html`<gaussian-integrals-lab ?presenting=${presenting}></gaussian-integrals-lab>`,
  },
  {
    view: 'sums',
    label: 'Sums',
    heading: 'Nearly-Gaussian sums',
    render: (presenting) =>
      html`<nearly-gaussian-sums-lab ?presenting=${presenting}></nearly-gaussian-sums-lab>`,
  },
  {
    view: 'gaussian',
    label: 'Gaussian limit',
    heading: 'The Gaussian limit',
    render: (presenting) => html`<gaussian-limit-lab ?presenting=${presenting}></gaussian-limit-lab>`,
  },
  {
    view: 'functions',
    label: 'Random functions',
    heading: 'Random functions',
    render: (presenting) => html`<random-functions-lab ?presenting=${presenting}></random-functions-lab>`,
  },
  {
    view: 'depth',
    label: 'Depth',
    heading: 'Depth & criticality',
    render: (presenting) => html`<depth-criticality-lab ?presenting=${presenting}></depth-criticality-lab>`,
  },
  {
    view: 'two-inputs',
    label: 'Two inputs',
    heading: 'Two inputs',
    render: (presenting) => html`<two-inputs-lab ?presenting=${presenting}></two-inputs-lab>`,
  },
  {
    view: 'training',
    label: 'Training',
    heading: 'Training',
    render: (presenting) => html`<training-lab ?presenting=${presenting}></training-lab>`,
  },
] as const satisfies readonly Experiment[];
