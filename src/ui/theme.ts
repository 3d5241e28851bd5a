/**
 * Colours and type shared by the lab's components. Okabe-Ito's colour-blind-safe palette;
 * light and dark follow the system; presentation mode (the host's `presenting` attribute)
 * enlarges type and raises contrast for projectors.
 */
import { css } from 'lit';

/** Okabe & Ito (2008), in their order; charts take series colours from here. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const themeStyles = css`
  :host {
    --wl-bg: #ffffff;
    --wl-fg: #1a1a1a;
    --wl-muted: #4a4a4a;
    --wl-surface: #f3f4f6;
    --wl-border: #c8ccd2;
    --wl-accent: #0072b2; /* Okabe-Ito blue: 5.0:1 on white */
    --wl-accent-2: #b84f00; /* vermillion, darkened to 5.1:1 on white: warnings are text in it (#d55e00 has 3.9) */
    --wl-ok: #009e73;
    /* Okabe-Ito orange darkened to 4.7:1 on white: a focus ring needs 3:1 (WCAG 1.4.11); #e69f00 has 2.0. */
    --wl-focus: #b35c00;
    --wl-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --wl-mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    --wl-scale: 1;
    color-scheme: light dark;
    font-family: var(--wl-font);
    font-size: calc(1.125rem * var(--wl-scale));
    line-height: 1.55;
    color: var(--wl-fg);
    background: var(--wl-bg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --wl-bg: #121417;
      --wl-fg: #ececec;
      --wl-muted: #b9bec6;
      --wl-surface: #1d2126;
      --wl-border: #3a4049;
      --wl-accent: #56b4e9; /* sky blue reads better on dark */
      --wl-accent-2: #e69f00;
      --wl-ok: #009e73;
      --wl-focus: #f0e442;
    }
  }
  :host([presenting]) {
    /* 23 px type: large on a projector, and a 1280x720 screen still holds the controls and a chart's top. */
    --wl-scale: 1.3;
    --wl-muted: var(--wl-fg);
  }
  :focus-visible {
    outline: 3px solid var(--wl-focus);
    outline-offset: 2px;
  }
`;

/**
 * The controls' form layout and inputs, shared by every experiment's control panel. A panel
 * may set --wl-control-min on its form for narrower columns.
 */
export const formControlStyles = css`
  form {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--wl-control-min, 14rem), 1fr));
    gap: 0.8rem 1.4rem;
    align-items: end;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    font-weight: 600;
  }
  .value {
    font-family: var(--wl-mono);
    font-weight: 400;
    color: var(--wl-accent);
  }
  input,
  select,
  button {
    font: inherit;
    font-size: 0.95em;
  }
  /* Values in regular weight under the bold labels: a chosen option's text is ~12% narrower, so it fits a column in presentation mode. */
  input,
  select {
    font-weight: 400;
  }
  input[type='number'],
  select {
    padding: 0.3em 0.4em;
    border: 1px solid var(--wl-border);
    border-radius: 0.3em;
    background: var(--wl-bg);
    color: var(--wl-fg);
  }
  input[type='range'] {
    width: 100%;
    accent-color: var(--wl-accent);
  }
  /* A typed value not taken: the field keeps it, marked, with what it must be under it. */
  input[aria-invalid='true'] {
    border: 2px solid var(--wl-accent-2);
  }
  .field-error {
    color: var(--wl-accent-2);
    font-weight: 400;
    font-size: 0.85em;
    line-height: 1.3;
  }
`;

/**
 * What every experiment view shows around its charts, alike in each: notices, the progress bar
 * with its buttons, the readout, small print and the chart cards' spacing. A view sets only
 * its own button size on top.
 */
export const viewChromeStyles = css`
  :host {
    display: block;
    background: transparent;
  }
  .notice {
    border-left: 0.35em solid var(--wl-accent-2);
    background: var(--wl-surface);
    padding: 0.5rem 0.9rem;
    margin: 0.5rem 0;
  }
  /* Information (where the computation runs), not a warning: the accent's blue, not vermillion. */
  .notice.info {
    border-left-color: var(--wl-accent);
  }
  .notice p,
  .notice ul {
    margin: 0;
  }
  .notice ul {
    padding-left: 1.2em;
  }
  .notice.closable {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
  }
  .notice-body {
    flex: 1;
    min-width: 0;
  }
  .notice .close {
    flex: none;
    margin: -0.2rem -0.4rem 0 0;
    padding: 0 0.45em;
    border: none;
    font-size: 1.2em;
    line-height: 1.2;
  }
  .confirm-buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    margin-top: 0.4rem;
  }
  .confirm-buttons button {
    padding: 0.25em 0.7em;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.8rem;
    align-items: center;
    margin: 0.6rem 0;
  }
  progress {
    flex: 1 1 8rem;
    max-width: 24rem;
    height: 1.1em;
    accent-color: var(--wl-accent);
  }
  button {
    font: inherit;
    border-radius: 0.4em;
    border: 2px solid var(--wl-accent);
    background: transparent;
    color: var(--wl-fg);
    cursor: pointer;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.5;
    cursor: default;
  }
  .readout {
    font-family: var(--wl-mono);
    font-variant-numeric: tabular-nums;
    font-size: 0.95em;
    background: var(--wl-surface);
    padding: 0.6rem 0.9rem;
    border-radius: 0.4em;
  }
  .small {
    color: var(--wl-muted);
    font-size: 0.85em;
  }
  widelab-chart-card {
    margin: 1.5rem 0 2rem;
  }
  /* The frame's main chart: its height is the frame's, so no margins of its own. */
  widelab-chart-card[fill] {
    margin: 0 0 0.3rem;
  }
  .demo {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem;
    align-items: center;
    margin: 0.8rem 0 0;
  }
  .demo button {
    font-size: 0.85em;
    padding: 0.25em 0.7em;
  }
  .demo .play {
    min-width: 5.5em;
    font-weight: 600;
  }
  .demo button[aria-pressed='true'] {
    background: var(--wl-accent);
    color: var(--wl-bg);
  }
  .play-now {
    flex-basis: 100%;
    min-height: 1.3em;
  }
  .main-caption {
    max-width: 60rem;
  }
`;

/**
 * Presentation mode inside an experiment: the controls, readout and charts keep the large type;
 * the teacher's side (notices, progress bar and its buttons, small print) returns to about normal
 * size, so that a 1280x720 projector shows the controls and the top of the first chart at once;
 * the backend's information note is left out.
 */
export const presentingCompactStyles = css`
  /* The class need not read where the numbers are computed. */
  :host([presenting]) .notice.info {
    display: none;
  }
  :host([presenting]) .notice,
  :host([presenting]) .small,
  :host([presenting]) .bar {
    font-size: 0.75em;
  }
  :host([presenting]) .readout {
    font-size: 0.8em;
  }
  :host([presenting]) .bar {
    margin: 0.4rem 0;
  }
  :host([presenting]) .demo {
    margin-top: 0.2rem;
  }
  :host([presenting]) .readout {
    margin: 0.2rem 0 0;
    padding: 0.3rem 0.6rem;
  }
  :host([presenting]) widelab-chart-card {
    margin-top: 0.8rem;
  }
  :host([presenting]) widelab-chart-card[fill] {
    margin-top: 0;
  }
`;
