/**
 * The guided tour's steps, in the order of the theory: (sparsity and Gaussian integrals ->)
 * the Gaussian limit -> depth and criticality -> two inputs -> training. One chapter per view,
 * a few steps each; the shell (app-shell.ts) shows them in this order, Next/Back by keyboard.
 * Each step is its view's link (lab/tour.ts): the fields it sets, every other field the view's
 * default, so a step lands on the same state however the tour got there.
 *
 * Adding a view's steps is adding a chapter below, at its place in the theory's order:
 *
 *   chapter(SUMS_URL, [
 *     ['sums-coin', 'A sum of coins', 'Drag n to 1024 and watch κ₄ fall as 1/n ...', { law: 'coin', n: 4 }],
 *   ]),
 *
 * with the view's ViewUrl from its state.ts (the fields are typed by its state). The unit tests
 * (tests/unit/app/tour-steps.test.ts) read every step's link with that view's own parser (no
 * notices, the state it names) and check the chapters' order against THEORY_ORDER; the e2e test
 * (tests/e2e/tour.test.ts) walks every step by keyboard. Keep a step's run cheap (small
 * ensembles): the tour moves on before a long run would end.
 */
import type { ViewUrl } from '../lab/url-fields.ts';
import { tourStep, type TourStep } from '../lab/tour.ts';
import { GAUSSIAN_URL } from '../experiments/gaussian-limit/state.ts';
import { DEPTH_URL } from '../experiments/depth-criticality/state.ts';
import { TWO_INPUTS_URL } from '../experiments/two-inputs/state.ts';
import { TRAINING_URL, trainingDefaults } from '../experiments/training/state.ts';
import { lecturePreset } from '../experiments/training/model.ts';

/**
 * The views in the theory's order (their `view` fields), also the views still to come: the
 * chapters below follow it, and each view of the lab has one (the unit tests check both).
 */
export const THEORY_ORDER: readonly string[] = [
  'gaussian-integrals',
  'sums',
  'gaussian',
  'functions',
  'depth',
  'two-inputs',
  'training',
];

/** One step: its id (in links), title, what to do and look for, and the fields it sets. */
type StepRow<S> = readonly [id: string, title: string, text: string, fields: Partial<S>];

function chapter<S>(url: ViewUrl<S>, rows: readonly StepRow<S>[]): TourStep[] {
  return rows.map(([id, title, text, fields]) => tourStep(url, id, title, text, fields));
}

/** The training presets from the view's own buttons (one learning rate for C_W = 1, 2, 3). */
const preset = (c: 1 | 2 | 3, layerNorm = false) => lecturePreset(c, trainingDefaults('cpu'), layerNorm);

export const TOUR_STEPS: readonly TourStep[] = [
  // ---- Sparsity and Gaussian integrals: the chapters of the 'gaussian-integrals' and 'sums'
  // views go here, first (THEORY_ORDER), once those views are in the lab. ----

  ...chapter(GAUSSIAN_URL, [
    [
      'gaussian-narrow',
      'One input, many networks',
      'Each network of the ensemble gives one output for the same input. At width n = 4 the histogram has a sharp peak and heavy tails: it is not the black Gaussian N(0, K_L). Read the excess kurtosis under the chart.',
      { width: 4, depth: 5, activation: 'relu', cw: 2, cb: 0 },
    ],
    [
      'gaussian-wide',
      'Wider: the kurtosis falls as 1/n',
      'Drag Width to 4096 (arrow keys step by powers of 2) and watch the excess kurtosis fall as 1/n while the histogram settles on the Gaussian. "Excess kurtosis against width", below, draws the whole 1/n line.',
      { width: 64, depth: 5, activation: 'relu', cw: 2, cb: 0 },
    ],
    [
      'gaussian-deep',
      'Deeper: the expansion is in L/n',
      'At the same width, 30 layers: the kurtosis grows with depth, as 15(L − 1)/n for ReLU to leading order. Drag Depth and compare the readout with that theory; "Excess kurtosis against depth", below, shows where L/n of order 1 leaves the 1/n expansion behind.',
      { width: 64, depth: 30, activation: 'relu', cw: 2, cb: 0 },
    ],
    [
      'gaussian-tanh',
      'Another activation',
      'tanh at its critical point, C_W = 1 and C_b = 0: still Gaussian at large width, with a smaller kurtosis than ReLU at the same depth. Choose another Activation and press Critical to compare.',
      { width: 64, depth: 5, activation: 'tanh', cw: 1, cb: 0 },
    ],
  ]),

  // ---- Random functions: the 'functions' view's chapter goes here (THEORY_ORDER). ----

  ...chapter(DEPTH_URL, [
    [
      'depth-critical',
      'Through 30 layers at criticality',
      'ReLU, no bias, W ~ N(0, 2/n): the mean of |z_l|²/n stays at K = 2 through every layer (diamonds on the dashed line), while the median drifts down: the log-norm spreads like a random walk, its variance growing as l/n.',
      { width: 64, depth: 30, activation: 'relu', cw: 2, cb: 0, compare: false, norm: 'none', dropout: 0 },
    ],
    [
      'depth-compare',
      'Off criticality: C_W = 1 and 3',
      'Compare overlays the lecture\'s C_W = 1, 2, 3: the mean goes as (C_W/2)^l, vanishing at 1 and exploding at 3; only the critical C_W = 2 keeps it. Scroll to "The lecture\'s three curves" below the main chart.',
      { width: 64, depth: 30, activation: 'relu', cw: 2, cb: 0, compare: true, norm: 'none', dropout: 0 },
    ],
    [
      'depth-width',
      'Width narrows the spread',
      'The same network at n = 512: the 10–90% band narrows and the median stays close to the mean. Drag Width down to 8 and watch the band open up: the spread is set by l/n.',
      { width: 512, depth: 30, activation: 'relu', cw: 2, cb: 0, compare: false, norm: 'none', dropout: 0 },
    ],
    [
      'depth-tanh',
      'tanh: criticality at K* = 0',
      "At tanh's critical point (C_W = 1, C_b = 0) the kernel decays slowly, like 1/(2l), not exponentially. Type C_W = 0.8 and it vanishes fast; type 1.2 and it settles at a fixed point above 0.",
      { width: 64, depth: 30, activation: 'tanh', cw: 1, cb: 0, compare: false, norm: 'none', dropout: 0 },
    ],
  ]),

  ...chapter(TWO_INPUTS_URL, [
    [
      'two-inputs-chaos',
      'Two inputs: the chaotic phase',
      'Two inputs with correlation ρ = 0.5 go through the same networks. With tanh at C_W = 3, C_b = 0.05 (χ⊥ > 1, chaotic) their correlation c_l flows down to a fixed point c* < 1: the network keeps them apart.',
      { activation: 'tanh', cw: 3, cb: 0.05, rho: 0.5, depth: 20, shade: 'correlation' },
    ],
    [
      'two-inputs-order',
      'The ordered phase',
      'C_W = 1, C_b = 0.05 (χ⊥ < 1, ordered): c_l flows to 1 and all inputs look alike at depth. Drag the input correlation ρ: deep enough, every pair ends up at 1.',
      { activation: 'tanh', cw: 1, cb: 0.05, rho: 0.5, depth: 20, shade: 'correlation' },
    ],
    [
      'two-inputs-edge',
      'On the edge of chaos',
      "tanh's critical point, C_W = 1, C_b = 0 (the Critical button): χ⊥ = 1, and c_l approaches 1 only slowly, as a power of l, so deep networks still tell inputs apart.",
      { activation: 'tanh', cw: 1, cb: 0, rho: 0.5, depth: 20, shade: 'correlation' },
    ],
    [
      'two-inputs-diagram',
      'The phase diagram',
      'Scroll to "Order and chaos": the colour is now χ⊥ at the fixed point q* over the (C_W, C_b) plane, the black line χ⊥ = 1 between order and chaos. Click the map, or focus its marker and use the arrow keys, to move across the line.',
      { activation: 'tanh', cw: 2, cb: 0.05, rho: 0.5, depth: 20, shade: 'chi' },
    ],
  ]),

  ...chapter(TRAINING_URL, [
    [
      'training-ntk',
      'Training an ensemble',
      'Every network is trained by gradient descent on six points of sin πx. Thin lines: the trained networks; the band: the infinite-width prediction of the NTK. Drag Step k to watch them learn, and read the loss below.',
      {
        dataset: 'sine6',
        depth: 3,
        activation: 'relu',
        cw: 2,
        cb: 0.1,
        steps: 400,
        trained: 'all',
        compare: false,
      },
    ],
    [
      'training-readout',
      'Readout only: the Gaussian process',
      'Only the last layer trains: exactly linear at any width, and at infinite width the Gaussian-process posterior. "Compare with all layers" draws the NTK\'s band beside it.',
      {
        dataset: 'sine6',
        depth: 3,
        activation: 'relu',
        cw: 2,
        cb: 0.1,
        steps: 400,
        trained: 'readout',
        compare: true,
      },
    ],
    [
      'training-frozen',
      'Initialization: C_W = 1 at depth 20',
      'ReLU, 20 layers, C_W = 1, at one fixed learning rate: the signal and its gradient shrink by 2^-L, and the networks barely move from their initial functions.',
      { dataset: 'sine6', steps: 200, networks: 32, compare: false, ...preset(1) },
    ],
    [
      'training-diverge',
      'C_W = 3: the same rate diverges',
      'The same rate at C_W = 3: the kernel grows as 1.5^L and the rate is far above its η_max. The networks diverge within a few steps; the loss chart and the readout say so.',
      { dataset: 'sine6', steps: 200, networks: 32, compare: false, ...preset(3) },
    ],
    [
      'training-layernorm',
      'LayerNorm rescues it',
      "C_W = 3 and the same rate, with LayerNorm before each nonlinearity: normalization resets every layer's scale and the networks train again. The last step of the tour: Exit (Escape) keeps this view as it is.",
      { dataset: 'sine6', steps: 200, networks: 32, compare: false, ...preset(3, true) },
    ],
  ]),
];
