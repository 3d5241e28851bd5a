/**
 * `widelab help [COMMAND]`: every option with its default and its allowed range. Defaults and
 * limits are read from the code that applies them, so the help cannot drift from the parser.
 */
import { LIMITS } from '../engine/spec.ts';
import { ACTIVATION_NAMES } from '../theory/activations.ts';
import { CLI_DEFAULTS, MAX_THREADS, type Command } from './args.ts';
import { TRAIN_DEFAULTS, TRAIN_LIMITS } from './train-args.ts';
import { NTK_DEFAULTS } from './ntk-command.ts';

interface OptionDoc {
  flag: string;
  meaning: string;
  default?: string;
  range?: string;
}

const COLUMNS = 100;

/** Words of `text` in lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function table(options: OptionDoc[]): string {
  const pad = Math.max(...options.map((o) => o.flag.length)) + 4;
  const indent = ' '.repeat(pad);
  return options
    .map((o) => {
      const extra = [o.default && `default ${o.default}`, o.range].filter(Boolean).join('; ');
      const text = extra ? `${o.meaning} (${extra})` : o.meaning;
      const [first, ...rest] = wrap(text, COLUMNS - pad);
      return [`  ${o.flag.padEnd(pad - 2)}${first}`, ...rest.map((l) => indent + l)].join('\n');
    })
    .join('\n');
}

const big = (n: number) => (n >= 1e6 && Number.isInteger(Math.log10(n)) ? `1e${Math.log10(n)}` : String(n));

function modelOptions(sweep: boolean): OptionDoc[] {
  const width: OptionDoc = sweep
    ? {
        flag: '--width N[,N,...]',
        meaning: 'hidden width of every hidden layer; a comma list sweeps it',
        default: String(CLI_DEFAULTS.width),
        range: `1..${LIMITS.maxWidth}`,
      }
    : {
        flag: '--width N',
        meaning: 'hidden width of every hidden layer',
        default: String(CLI_DEFAULTS.width),
        range: `1..${LIMITS.maxWidth}`,
      };
  const depth: OptionDoc = {
    flag: sweep ? '--depth L[,L,...]' : '--depth L',
    meaning: `number of weight layers, L - 1 hidden ones${sweep ? '; a comma list sweeps it' : ''}`,
    default: String(CLI_DEFAULTS.depth),
    range: `1..${LIMITS.maxDepth}; widths x depth at most ${LIMITS.maxUnitsPerNetwork} units`,
  };
  return [
    {
      flag: '--activation NAME',
      meaning: `${ACTIVATION_NAMES.join(', ')} (leaky-relu:SLOPE for a slope)`,
      default: CLI_DEFAULTS.activation,
    },
    width,
    ...(sweep
      ? []
      : [
          {
            flag: '--widths n1,n2,...',
            meaning: 'one width per hidden layer instead of --width (sets the depth)',
          },
        ]),
    depth,
    {
      flag: '--cw C_W',
      meaning: 'weight variance: W ~ N(0, C_W / fan-in)',
      default: "the activation's critical point, times 1 - P with --dropout P; 1 for sigmoid",
      range: '> 0',
    },
    {
      flag: '--cb C_b',
      meaning: 'bias variance',
      default: "the activation's critical point; 0 for sigmoid",
      range: '>= 0',
    },
    { flag: '--q0 Q', meaning: '|x|^2 / n0 of the input', default: '1', range: '> 0' },
    {
      flag: '--inputs-correlation RHO',
      meaning: 'add a second input of the same norm with correlation RHO',
      default: 'one input',
      range: '-1..1',
    },
    { flag: '--dropout P', meaning: 'drop probability of hidden units', default: '0', range: '0 <= P < 1' },
    {
      flag: '--norm KIND',
      meaning:
        'none, layer, rms or batch: normalize hidden preactivations before the nonlinearity; ' +
        'layer/rms over the units of each input, batch over the inputs of a network (needs --inputs-correlation)',
      default: 'none',
    },
  ];
}

const RUN_OPTIONS: OptionDoc[] = [
  {
    flag: '--networks M',
    meaning: 'ensemble size; standard errors need M >= 2, skewness and kurtosis M >= 4',
    default: `${CLI_DEFAULTS.networks.cpu}, ${CLI_DEFAULTS.networks.webgpu} with --backend webgpu`,
    range: `1..${big(LIMITS.maxNetworks)}`,
  },
  {
    flag: '--seed S',
    meaning: 'same seed, same networks',
    default: String(CLI_DEFAULTS.seed),
    range: `0..${LIMITS.maxSeed}`,
  },
  {
    flag: '--engine KIND',
    meaning: 'exact (Gaussian conditioning on each layer) or explicit (real weights and matmuls)',
    default: 'exact',
  },
  { flag: '--backend KIND', meaning: 'cpu or webgpu: where the engine runs', default: 'cpu' },
  {
    flag: '--threads T',
    meaning: 'CPU worker threads',
    default: 'one per core',
    range: `1..${MAX_THREADS}`,
  },
  {
    flag: '--progress, --quiet',
    meaning: 'force progress lines on stderr, or silence them and notes (default: shown on a terminal)',
  },
];

const SAMPLES: OptionDoc = {
  flag: '--samples FILE',
  meaning: 'write one output value per network per line (all inputs on one line, tab-separated)',
};

const FORMAT: OptionDoc = {
  flag: '--format KIND',
  meaning: 'json (an object with config and rows) or csv (a header row, then one row per value)',
  default: 'json',
};

const TRAIN_OPTIONS_DOC: OptionDoc[] = [
  {
    flag: '--activation NAME',
    meaning: `${ACTIVATION_NAMES.join(', ')} (leaky-relu:SLOPE for a slope)`,
    default: CLI_DEFAULTS.activation,
  },
  {
    flag: '--width N',
    meaning: 'hidden width of every hidden layer',
    default: String(TRAIN_DEFAULTS.width),
    range: `1..${TRAIN_LIMITS.maxWidth}`,
  },
  {
    flag: '--depth L',
    meaning: 'number of weight layers, L - 1 hidden ones',
    default: String(TRAIN_DEFAULTS.depth),
    range: `1..${TRAIN_LIMITS.maxDepth}`,
  },
  {
    flag: '--cw C_W',
    meaning: 'weight variance: z = sqrt(C_W / fan-in) w a + sqrt(C_b) b with w, b ~ N(0, 1)',
    default: "the activation's critical point",
    range: '> 0',
  },
  { flag: '--cb C_b', meaning: 'bias variance', default: "the activation's critical point", range: '>= 0' },
  {
    flag: '--dataset NAME|FILE',
    meaning:
      'circle6 (x = (cos phi, sin phi), phi = k pi/3, y = cos 2 phi), circle:M:K (K points on the circle, y = cos M phi), sine6 (x = +-1/6, +-1/2, +-5/6, y = sin pi x), or a CSV file with columns x1..xd, y',
    default: TRAIN_DEFAULTS.dataset,
  },
  {
    flag: '--steps K',
    meaning: 'full-batch gradient-descent steps',
    default: String(TRAIN_DEFAULTS.steps),
    range: `0..${big(TRAIN_LIMITS.maxSteps)}`,
  },
  {
    flag: '--lr-fraction F',
    meaning: 'learning rate as a fraction of eta_max = 2N / lambda_max(Theta_XX)',
    default: String(TRAIN_DEFAULTS.lrFraction),
    range: '> 0',
  },
  { flag: '--lr ETA', meaning: 'absolute learning rate instead of --lr-fraction', range: '> 0' },
  { flag: '--l2 MU', meaning: 'L2 penalty (MU/2)|theta - target|^2', default: '0', range: '>= 0' },
  {
    flag: '--l2-target init|zero',
    meaning: 'pull towards the initial weights (kernel ridge at infinite width) or towards zero',
    default: 'init',
  },
  { flag: '--readout-only', meaning: 'train the last layer only (the GP posterior at infinite width)' },
  {
    flag: '--norm none|layer',
    meaning: 'LayerNorm before each hidden nonlinearity (both backends; theory from the normalized kernels)',
    default: 'none',
  },
  {
    flag: '--dropout P',
    meaning:
      'inverted dropout on hidden units, a new mask every step; losses are logged without it (both backends, the same masks; no theory prediction)',
    default: '0',
    range: '0 <= P < 1',
  },
  {
    flag: '--log-every K',
    meaning: 'log every K steps (step 0 and the last step always)',
    default: String(TRAIN_DEFAULTS.logEvery),
  },
  {
    flag: '--test-points "x1,x2;..."',
    meaning: "test inputs, each with the data set's dimension",
    default: 'midway between neighbouring training inputs',
  },
  { flag: '--test-angles a,b,...', meaning: 'test inputs at these angles (radians), for circle data sets' },
  {
    flag: '--networks M',
    meaning: 'ensemble size',
    default: String(TRAIN_DEFAULTS.networks),
    range: `1..${big(TRAIN_LIMITS.maxNetworks)}`,
  },
  {
    flag: '--seed S',
    meaning: 'same seed, same initial networks (those of the explicit engine)',
    default: String(TRAIN_DEFAULTS.seed),
  },
  {
    flag: '--backend KIND',
    meaning: 'cpu (f64, worker threads) or webgpu (f32, the same networks)',
    default: 'cpu',
  },
  {
    flag: '--threads T',
    meaning: 'CPU worker threads (networks split across them; same values)',
    default: 'one per core',
    range: `1..${MAX_THREADS}`,
  },
  {
    flag: '--samples FILE',
    meaning: "write every network's final test outputs, one network per line, tab-separated",
  },
  {
    flag: '--widths n1,n2,...',
    meaning:
      "a width sweep instead: per width the weight, NTK and linearization movement, with log-log slopes beside THEORY.md 6a's laws (either backend)",
  },
  { flag: '--progress, --quiet', meaning: 'force progress lines on stderr, or silence them' },
];

const DEFAULTS_NOTE = `Defaults are the lab's Gaussian-limit view: ReLU at criticality, width ${CLI_DEFAULTS.width}, depth ${CLI_DEFAULTS.depth},
${CLI_DEFAULTS.networks.cpu} networks (${CLI_DEFAULTS.networks.webgpu} on WebGPU), seed ${CLI_DEFAULTS.seed}. The depth view starts at depth 30 with
2000 networks and the two-inputs view at tanh, width 128, depth 20, 500 networks: give those
options to reproduce them. The page caps width at 16384, depth at 100 and networks at 100..1e6
to stay responsive in a browser tab; the command line allows the ranges its help lists.`;

export const HELP: Record<Command | 'main', string> = {
  main: `widelab: ensembles of random wide neural networks, and the theory they approach.

Usage:
  widelab simulate [options]   run an ensemble; JSON with measured moments and theory
  widelab sweep [options]      one ensemble per value of --width or --depth (a comma list); JSON or CSV
  widelab theory [options]     the kernel recursion, criticality and 1/n corrections; JSON
  widelab layers [options]     per-layer norms |z_l|^2/n_l (and gradient norms) over an ensemble; JSON
  widelab train [options]      an ensemble trained by gradient descent beside the infinite-width prediction; JSON
  widelab ntk [options]        the NTK at initialization over an ensemble against the infinite-width Theta; JSON
  widelab help COMMAND         options of a command, with defaults and ranges

Output is on stdout; errors are one line on stderr with exit status 2, warnings (moments that
could not be measured, overflow) and progress go to stderr. With --backend webgpu, Dawn's own
messages about the Vulkan devices it skips are hidden (WIDELAB_DAWN_LOG=1 shows them).

${DEFAULTS_NOTE}`,
  theory: `widelab theory [options]

The infinite-width kernel recursion K_l, chi_par, chi_perp, the critical point and the 1/n
corrections (kurtosis of the output, exact where known) for one model.

Model options:
${table(modelOptions(false))}

${DEFAULTS_NOTE}`,
  simulate: `widelab simulate [options]

Run an ensemble and print the measured moments of the output (mean, variance, skewness, excess
kurtosis, each with its standard error) beside the theory. A moment the ensemble cannot give
(--networks 1, or every network overflowed) is null, with a warning on stderr.

Model options:
${table(modelOptions(false))}

Run options:
${table([...RUN_OPTIONS, SAMPLES])}

${DEFAULTS_NOTE}`,
  sweep: `widelab sweep [options]

One ensemble per value of a comma list on --width or --depth (exactly one of them), with the
same engine and options as simulate, and one row per value: width, depth, networks, measured
variance and excess kurtosis with standard errors, and the theory's K, leading-order and exact
(where known) kurtosis. Every value is checked before the first ensemble runs.

  widelab sweep --width 8,16,32 --depth 5
  widelab sweep --depth 2,4,8 --width 64 --format csv

Model options:
${table(modelOptions(true))}

Run options:
${table([...RUN_OPTIONS, FORMAT])}

${DEFAULTS_NOTE}`,
  layers: `widelab layers [options]

Per layer l = 1..L, over the networks: |z_l|^2/n_l of input 0's raw preactivations (mean with
its standard error, median, 10% and 90% quantiles as exact order statistics, moments of its log),
and with --engine explicit the gradient norm |dLoss/dW_l| for loss = sum over inputs of z_L^2/2
(null with the exact engine, which samples preactivations, not weights). Theory beside it:
K_l, chi_par, chi_perp, and the exact law of log(|z_l|^2/n_l) for ReLU/linear without bias.

Model options:
${table(modelOptions(false))}

Run options (both backends give the same numbers):
${table(RUN_OPTIONS)}

${DEFAULTS_NOTE}`,
  train: `widelab train [options]

Train an ensemble of networks by full-batch gradient descent on (1/2N) sum (f(x_a) - y_a)^2 in
the NTK parameterization, one learning rate for all parameters, and print beside it the
infinite-width prediction for the same data, rate and steps (THEORY.md 6a): per logged step the
loss (mean, 10% and 90% quantiles, theory), and at each test input the ensemble's mean and
variance with standard errors against the theory's; per layer |W_T - W_0|_F / |W_0|_F; the
NTK's relative change on the training inputs; how many networks diverged (they are left out of
the statistics from that step). A singular Theta_XX (an odd activation without bias on
symmetric data) gives no infinite-time limit, said on stderr.

  widelab train --dataset circle6 --width 256 --networks 64 --steps 200
  widelab train --activation tanh --cb 0.1 --dataset sine6 --readout-only --steps 1000

Options:
${table(TRAIN_OPTIONS_DOC)}`,
  ntk: `widelab ntk [options]

The empirical NTK at initialization, Theta(x, x') = sum over parameters of df(x)/dtheta
df(x')/dtheta (NTK parameterization, as widelab train), over an ensemble: per pair of inputs its
mean and variance with standard errors and n Var / E^2 (3 for one hidden ReLU layer without bias,
growing with depth), beside the infinite-width Theta and K.

  widelab ntk --width 64 --depth 2 --points "1,0;0.6,0.8" --networks 2000
  widelab ntk --width 4096 --networks 1000 --backend webgpu

Options:
${table([
  TRAIN_OPTIONS_DOC[0],
  { flag: '--width N', meaning: 'hidden width', default: String(NTK_DEFAULTS.width), range: '1..4096' },
  {
    flag: '--depth L',
    meaning: 'number of weight layers',
    default: String(NTK_DEFAULTS.depth),
    range: '1..100',
  },
  TRAIN_OPTIONS_DOC[3],
  TRAIN_OPTIONS_DOC[4],
  {
    flag: '--dataset NAME',
    meaning: "the inputs: a data set's training inputs (as for train)",
    default: NTK_DEFAULTS.dataset,
  },
  { flag: '--points "x1,x2;..."', meaning: 'the inputs, instead of a data set' },
  { flag: '--networks M', meaning: 'ensemble size', default: String(NTK_DEFAULTS.networks), range: '2..1e6' },
  { flag: '--seed S', meaning: 'same seed, same networks', default: String(NTK_DEFAULTS.seed) },
  {
    flag: '--backend KIND',
    meaning: 'cpu (f64) or webgpu (f32, the same networks: large widths in seconds)',
    default: 'cpu',
  },
  { flag: '--progress, --quiet', meaning: 'force progress lines on stderr, or silence them' },
])}`,
};
