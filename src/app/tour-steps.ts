/**
 * The guided tour's steps, in the order of the theory: (sparsity and Gaussian integrals ->)
 * the Gaussian limit -> depth and criticality -> two inputs -> training. One chapter per view,
 * a few steps each; the shell (app-shell.ts) shows them in this order, Next/Back by keyboard.
 * Each step is its view's link (lab/tour.ts): the fields it sets, every other field the view's
 * default, so a step lands on the same state however the tour got there.
 *
 * Adding a view's steps is adding a chapter below, at its place in the theory's order:
 *
 *   chapter(SUMS_URL, { seed: 1 }, [
 *     ['sums-coin', 'A sum of coins', 'Drag n to 1024 and watch κ₄ fall as 1/n ...', { law: 'coin', n: 4 }],
 *   ]),
 *
 * with the view's ViewUrl from its state.ts, the fields every step of the chapter sets, and the
 * steps' own (the fields are typed by the view's state). The unit tests
 * (tests/unit/app/tour-steps.test.ts) read every step's link with that view's own parser (no
 * notices, the state it names) and check the chapters' order against THEORY_ORDER; the e2e test
 * (tests/e2e/tour.test.ts) walks every step by keyboard. Keep a step's run cheap (small
 * ensembles): the tour moves on before a long run would end.
 */
import type { ViewUrl } from '../lab/url-fields.ts';
import { tourStep, type TourStep } from '../lab/tour.ts';
import { GAUSSIAN_INTEGRALS_URL } from '../experiments/gaussian-integrals/state.ts';
import { SUMS_URL } from '../experiments/nearly-gaussian-sums/state.ts';
import { GAUSSIAN_URL } from '../experiments/gaussian-limit/state.ts';
import { FUNCTIONS_URL } from '../experiments/random-functions/state.ts';
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

/** A view's steps: each sets the chapter's `base` fields, then its own. */
function chapter<S>(url: ViewUrl<S>, base: Partial<S>, rows: readonly StepRow<S>[]): TourStep[] {
  return rows.map(([id, title, text, fields]) => tourStep(url, id, title, text, { ...base, ...fields }));
}

/** The training presets from the view's own buttons (one learning rate for C_W = 1, 2, 3). */
const preset = (c: 1 | 2 | 3, layerNorm = false) => lecturePreset(c, trainingDefaults('cpu'), layerNorm);

export const TOUR_STEPS: readonly TourStep[] = [
  ...chapter(GAUSSIAN_INTEGRALS_URL, { samples: 100_000 }, [
    [
      'integrals-area',
      'The Gaussian integral',
      'Scroll to the bell below (its sliders end the settings): exp(−z²/2K) has area √(2πK). Drag Variance K: it grows as √K. Move μ: the bell moves, its area does not.',
      { k: 2, mu: 0 },
    ],
    [
      'integrals-wick-4',
      "Wick's theorem",
      'E[z1² z2²] is a sum over 3 = 3!! pairings: K11 K22 + 2 K12². The sample mean closes in on it as N grows, inside the ±2 SE funnel.',
      { m: 2, p: 2, rho: 0.5 },
    ],
    [
      'integrals-wick-8',
      'Eight factors: 105 pairings',
      'At 2m = 8 there are 7!! = 105 pairings. Higher moments converge more slowly: press Play and watch N grow.',
      { m: 4, p: 4, rho: 0.5 },
    ],
  ]),

  ...chapter(SUMS_URL, { samples: 10_000 }, [
    [
      'sums-coin',
      'A sum of coins',
      'S_n adds n coins of ±1 over √n. At n = 4 the histogram is a comb; drag Width n up and it fills in the Gaussian N(0, 1).',
      { distribution: 'coin', width: 4 },
    ],
    [
      'sums-kurtosis',
      'κ₄ falls as 1/n',
      'Below, the measured |κ₄| follows 2/n (slope −1) and |κ₆| 16/n² (slope −2), until the sampling noise takes over.',
      { distribution: 'coin', width: 64 },
    ],
    [
      'sums-exponential',
      'Skewed terms',
      'Exponential terms are skewed: κ₃ falls only as 1/√n, and the Edgeworth curve follows the lean of the histogram.',
      { distribution: 'exponential', width: 8 },
    ],
    [
      'sums-relu',
      'A preactivation is such a sum',
      "A ReLU unit's output summed over n inputs is a preactivation of width n: κ₄ = 15/n, the next view's depth-2 kurtosis (the principle of sparsity).",
      { distribution: 'relu-unit', width: 16 },
    ],
  ]),

  ...chapter(GAUSSIAN_URL, { depth: 5, activation: 'relu', cw: 2, cb: 0 }, [
    [
      'gaussian-narrow',
      'One input, many networks',
      'Each network gives one output for the same input. At width 8 the histogram is peaked with heavy tails: excess kurtosis 15/8 ≈ 1.9, where a Gaussian has 0.',
      { width: 8, depth: 2 },
    ],
    [
      'gaussian-wide',
      'Wider: the kurtosis falls as 1/n',
      'Drag Width to 4096 (arrow keys step by ×2): the excess kurtosis falls as 1/n and the histogram settles on the black Gaussian N(0, K_L).',
      { width: 64 },
    ],
    [
      'gaussian-deep',
      'Deeper: the expansion is in L/n',
      'At 30 layers the kurtosis grows, as 15(L − 1)/n to leading order. Past L/n ≈ 0.3 the view warns that the leading order falls short; the exact value is given.',
      { width: 64, depth: 30 },
    ],
    [
      'gaussian-tanh',
      'Another activation',
      "tanh at its critical point, C_W = 1, C_b = 0: its kurtosis grows more slowly with depth than ReLU's. Pick another Activation and press Critical to compare.",
      { width: 64, activation: 'tanh', cw: 1 },
    ],
  ]),

  ...chapter(FUNCTIONS_URL, { networks: 256, depth: 3, activation: 'relu', cw: 2, cb: 0.1 }, [
    [
      'functions-narrow',
      'A random network is a random function',
      'Each line is one network f(x) over the input line. At width 2 the draws are kinked and lopsided: not Gaussian-process draws.',
      { width: 2 },
    ],
    [
      'functions-wide',
      'Wider: a Gaussian process',
      "Drag Width up: the draws smooth out inside the band ±2√K(x,x), and the empirical kernel's map matches K(x, x').",
      { width: 256 },
    ],
    [
      'functions-limit',
      'n = ∞',
      'At n = ∞ the draws come from N(0, K) on the grid itself: compare them with width 256, and the kurtosis readout with 0.',
      { limit: true },
    ],
  ]),

  ...chapter(
    DEPTH_URL,
    { width: 64, depth: 30, activation: 'relu', cw: 2, cb: 0, compare: false, norm: 'none', dropout: 0 },
    [
      [
        'depth-critical',
        'Thirty layers at criticality',
        'ReLU, no bias, W ~ N(0, 2/n): the mean of |z_l|²/n stays at 2 in every layer while the median drifts down: the log-norm spreads like a random walk.',
        {},
      ],
      [
        'depth-compare',
        'Off criticality: C_W = 1 and 3',
        'Compare overlays C_W = 1, 2, 3: the mean goes as (C_W/2)^l, vanishing at 1 and exploding at 3. See "The lecture\'s three curves" below the main chart.',
        { compare: true },
      ],
      [
        'depth-width',
        'Width narrows the spread',
        'At n = 512 the 10–90% band is narrow and the median stays near the mean. Drag Width down to 8 and watch the band open: the spread grows as l/n.',
        { width: 512 },
      ],
      [
        'depth-tanh',
        'tanh: criticality at K* = 0',
        "At tanh's critical point (C_W = 1, C_b = 0) the kernel decays slowly, like 1/(2l). Type C_W = 0.8: it vanishes fast; 1.2: it settles above 0.",
        { activation: 'tanh', cw: 1 },
      ],
    ],
  ),

  ...chapter(TWO_INPUTS_URL, { activation: 'tanh', cb: 0.05, rho: 0.5, depth: 20, shade: 'correlation' }, [
    [
      'two-inputs-chaos',
      'Two inputs: chaos',
      'Two inputs at correlation ρ = 0.5 through the same networks. tanh at C_W = 3 is chaotic (χ⊥ > 1): c_l falls to a fixed point c* < 1.',
      { cw: 3 },
    ],
    [
      'two-inputs-order',
      'Two inputs: order',
      'C_W = 1, C_b = 0.05 is ordered (χ⊥ < 1): c_l flows to 1 and all inputs look alike at depth. Drag the input correlation ρ: deep enough, pairs end near 1.',
      { cw: 1 },
    ],
    [
      'two-inputs-edge',
      'The edge of chaos',
      "tanh's critical point, C_W = 1, C_b = 0 (Critical): χ⊥ = 1 and c_l creeps to 1 only as a power of l, so deep networks still tell inputs apart.",
      { cw: 1, cb: 0 },
    ],
    [
      'two-inputs-diagram',
      'The phase diagram',
      'Scroll to "Order and chaos", coloured now by χ⊥: the black line χ⊥ = 1 parts order from chaos. Click the map, or focus its marker and use the arrow keys, to cross it.',
      { cw: 2, shade: 'chi' },
    ],
  ]),

  ...chapter(
    TRAINING_URL,
    {
      dataset: 'sine6',
      depth: 3,
      activation: 'relu',
      cw: 2,
      cb: 0.1,
      steps: 400,
      compare: false,
      layerNorm: false,
    },
    [
      [
        'training-ntk',
        'Training an ensemble',
        'Each network learns six points of sin πx by gradient descent. Thin lines: the networks; band: the infinite-width NTK prediction. Drag Step k to watch them learn.',
        { trained: 'all' },
      ],
      [
        'training-readout',
        'Readout only: a Gaussian process',
        "Only the last layer trains: linear at any width, and at infinite width the Gaussian-process posterior. The compare band shows all layers' training beside it.",
        { trained: 'readout', compare: true },
      ],
      [
        'training-frozen',
        'C_W = 1 at depth 20: frozen',
        'ReLU, 20 layers, C_W = 1, one fixed learning rate: signal and gradient shrink by 2^-L, and the networks barely leave their initial functions.',
        { steps: 200, networks: 32, ...preset(1) },
      ],
      [
        'training-diverge',
        'C_W = 3: the same rate diverges',
        'The same rate at C_W = 3: the kernel grows as 1.5^L, far above its η_max, and the networks diverge within a few steps (see the loss).',
        { steps: 200, networks: 32, ...preset(3) },
      ],
      [
        'training-layernorm',
        'LayerNorm rescues it',
        "C_W = 3 and the same rate, with LayerNorm before each nonlinearity: every layer's scale is reset and the networks train. Escape ends the tour here.",
        { steps: 200, networks: 32, ...preset(3, true) },
      ],
    ],
  ),
];
