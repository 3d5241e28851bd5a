/**
 * `widelab sweep`, help, progress and null-moment warnings, run in-process through main() (the
 * code path of bin/widelab.mjs without a process start per case).
 */
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../../src/cli/main.ts';
import { CLI_DEFAULTS, COMMANDS } from '../../../src/cli/args.ts';
import { LIMITS } from '../../../src/engine/spec.ts';
import { defaultsFor, STATE_LIMITS } from '../../../src/experiments/gaussian-limit/state.ts';
import { DEPTH_DEFAULTS } from '../../../src/experiments/depth-criticality/state.ts';
import { TWO_INPUTS_DEFAULTS } from '../../../src/experiments/two-inputs/state.ts';

async function widelab(argv: string[], extra: Partial<Io> = {}) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false, ...extra };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

interface Estimate {
  value: number | null;
  se: number | null;
}
interface Row {
  width: number;
  depth: number;
  networks: number;
  count: number;
  variance: Estimate;
  excessKurtosis: Estimate;
  theory: { K: number | null; kurtosisLeading: number | null; kurtosisExact: number | null };
  warnings: string[];
}

/** The exact excess kurtosis of a critical ReLU network's output, no bias: 3[(1 + 5/n)^(L-1) - 1]. */
const reluKurtosis = (n: number, L: number) => 3 * ((1 + 5 / n) ** (L - 1) - 1);

/** |measured - expected| within 4 standard errors, the SE itself positive and finite. */
function expectWithin(e: Estimate, expected: number) {
  expect(e.value).not.toBeNull();
  expect(e.se).toBeGreaterThan(0);
  expect(Math.abs((e.value as number) - expected)).toBeLessThan(4 * (e.se as number));
}

describe('widelab sweep --width', () => {
  it('ReLU at criticality: one row per width, kurtosis within 4 SE of 3[(1+5/n)^(L-1)-1], variance of K = 2', async () => {
    const widths = [16, 32, 64];
    const r = await widelab([
      'sweep',
      '--width',
      widths.join(','),
      '--depth',
      '4',
      '--networks',
      '20000',
      '--seed',
      '3',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.along).toBe('width');
    expect(out.config.width).toEqual(widths);
    expect(out.config.depth).toBe(4);
    expect(out.config.widths).toBeUndefined();
    const rows = out.rows as Row[];
    expect(rows.map((row) => row.width)).toEqual(widths);
    for (const row of rows) {
      expect(row.depth).toBe(4);
      expect(row.networks).toBe(20000);
      expect(row.count).toBe(20000);
      const exact = reluKurtosis(row.width, 4);
      expect(row.theory.kurtosisExact).toBeCloseTo(exact, 12);
      // Leading order in 1/n: 15 (L - 1) / n, the first term of the exact law.
      expect(row.theory.kurtosisLeading).toBeCloseTo((15 * 3) / row.width, 12);
      expect(row.theory.K).toBeCloseTo(2, 12);
      expectWithin(row.excessKurtosis, exact);
      expectWithin(row.variance, 2);
      expect(row.warnings).toEqual([]);
    }
    // The kurtosis falls with width: the 1/n law the sweep exists to show.
    const k = rows.map((row) => row.excessKurtosis.value as number);
    expect(k[0]).toBeGreaterThan(k[2]);
  });

  it('each row is the ensemble simulate runs for the same options (same seed, same numbers)', async () => {
    const common = [
      '--activation',
      'tanh',
      '--depth',
      '3',
      '--networks',
      '1500',
      '--seed',
      '9',
      '--threads',
      '1',
    ];
    const sweep = JSON.parse((await widelab(['sweep', '--width', '8,24', ...common])).stdout);
    for (const [i, width] of [8, 24].entries()) {
      const sim = JSON.parse((await widelab(['simulate', '--width', String(width), ...common])).stdout);
      const row = sweep.rows[i] as Row;
      expect(row.variance).toEqual(sim.output.variance);
      expect(row.excessKurtosis).toEqual(sim.output.excessKurtosis);
      expect(row.theory.K).toBe(sim.theory.K);
      expect(row.theory.kurtosisLeading).toBe(sim.theory.kurtosisLeading);
    }
  });
});

describe('widelab sweep --depth --format csv', () => {
  it('a header row, then one row per depth; kurtosis within 4 SE of the exact ReLU law', async () => {
    const depths = [2, 4, 8];
    const r = await widelab([
      'sweep',
      '--depth',
      depths.join(','),
      '--width',
      '32',
      '--networks',
      '20000',
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(0);
    const [header, ...lines] = r.stdout.trim().split('\n');
    const columns = header.split(',');
    expect(columns.slice(0, 3)).toEqual(['width', 'depth', 'networks']);
    for (const c of ['variance', 'variance_se', 'excess_kurtosis', 'excess_kurtosis_se', 'theory_K']) {
      expect(columns).toContain(c);
    }
    expect(columns).toContain('theory_kurtosis_leading');
    expect(columns).toContain('theory_kurtosis_exact');
    expect(lines).toHaveLength(depths.length);
    for (const [i, line] of lines.entries()) {
      const cells = line.split(',');
      expect(cells).toHaveLength(columns.length);
      const v = (name: string) => Number(cells[columns.indexOf(name)]);
      expect(v('width')).toBe(32);
      expect(v('depth')).toBe(depths[i]);
      const exact = reluKurtosis(32, depths[i]);
      expect(v('theory_kurtosis_exact')).toBeCloseTo(exact, 10);
      expectWithin({ value: v('excess_kurtosis'), se: v('excess_kurtosis_se') }, exact);
      expectWithin({ value: v('variance'), se: v('variance_se') }, 2);
    }
  });

  it('a null is an empty CSV field, with the warning on stderr', async () => {
    const r = await widelab([
      'sweep',
      '--depth',
      '2,3',
      '--width',
      '8',
      '--networks',
      '1',
      '--format',
      'csv',
    ]);
    expect(r.code).toBe(0);
    const [header, first] = r.stdout.trim().split('\n');
    const cells = first.split(',');
    expect(cells[header.split(',').indexOf('variance')]).toBe('');
    expect(cells[header.split(',').indexOf('theory_K')]).toBe('2');
    expect(r.stderr).toMatch(/^widelab: warning: depth 2: .*variance.*null/m);
    expect(r.stderr).toMatch(/^widelab: warning: depth 3: /m);
  });
});

describe('widelab sweep: bad arguments are one line on stderr with exit 2, before any run', () => {
  const cases: [string, string[], RegExp][] = [
    ['lists on both', ['sweep', '--width', '8,16', '--depth', '3,4'], /one of --width and --depth, not both/],
    ['no list', ['sweep', '--width', '8', '--depth', '3'], /comma list on --width or --depth/],
    ['--widths', ['sweep', '--widths', '8,16'], /--width/],
    ['a bad value among good ones', ['sweep', '--width', '8,0,16'], /width must be at least 1/],
    ['a value that is no number', ['sweep', '--depth', '2,x'], /--depth must be a number/],
    ['a depth beyond the limit', ['sweep', '--depth', `2,${LIMITS.maxDepth + 1}`], /depth must be at most/],
    ['an empty value', ['sweep', '--width', '8,'], /--width must be a number/],
    ['bad format', ['sweep', '--width', '8,16', '--format', 'xml'], /--format must be json or csv/],
    ['no --samples', ['sweep', '--width', '8,16', '--samples', 'x.txt'], /samples/],
    [
      '--progress with --quiet',
      ['sweep', '--width', '8,16', '--progress', '--quiet'],
      /--progress or --quiet/,
    ],
  ];
  for (const [name, argv, pattern] of cases) {
    it(name, async () => {
      const r = await widelab(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^widelab: /);
      expect(lines[0]).toMatch(pattern);
    });
  }
});

describe('widelab help', () => {
  it('help of an unknown command is an error that lists the commands', async () => {
    const r = await widelab(['help', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^widelab: unknown command 'bogus'/);
    for (const c of COMMANDS) expect(r.stderr).toContain(c);
  });

  it('help COMMAND and COMMAND --help print the same text, every line within 100 columns', async () => {
    for (const c of COMMANDS) {
      const a = await widelab(['help', c]);
      const b = await widelab([c, '--help']);
      expect(a.code).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout).toMatch(new RegExp(`^widelab ${c}`));
      for (const line of a.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    }
    expect((await widelab(['help'])).stdout).toMatch(/widelab sweep/);
  });

  it('lists every model option with its default and range, for every command', async () => {
    const model = [
      '--activation',
      '--width',
      '--depth',
      '--cw',
      '--cb',
      '--q0',
      '--inputs-correlation',
      '--dropout',
      '--norm',
    ];
    // train and ntk take a trained network's model (their options are checked in train.test.ts).
    for (const c of COMMANDS.filter((name) => name !== 'train' && name !== 'ntk')) {
      const help = (await widelab(['help', c])).stdout.replace(/\s+/g, ' ');
      for (const option of model) expect(help).toContain(option);
      expect(help).toContain(`default ${CLI_DEFAULTS.depth}; 1..${LIMITS.maxDepth}`);
      expect(help).toContain(`default ${CLI_DEFAULTS.width}; 1..${LIMITS.maxWidth}`);
      expect(help).toMatch(/0 <= P < 1/);
    }
    const simulate = (await widelab(['help', 'simulate'])).stdout.replace(/\s+/g, ' ');
    expect(simulate).toContain(
      `default ${CLI_DEFAULTS.networks.cpu}, ${CLI_DEFAULTS.networks.webgpu} with --backend webgpu`,
    );
    expect(simulate).toContain(`0..${LIMITS.maxSeed}`);
    expect(simulate).toContain('--samples FILE');
    expect((await widelab(['help', 'sweep'])).stdout).toContain('--format KIND');
  });
});

describe('the command line starts where the lab does', () => {
  it("its defaults are the Gaussian-limit view's, on either backend", async () => {
    for (const backend of ['cpu', 'webgpu'] as const) {
      const web = defaultsFor(backend);
      expect(CLI_DEFAULTS.width).toBe(web.width);
      expect(CLI_DEFAULTS.depth).toBe(web.depth);
      expect(CLI_DEFAULTS.activation).toBe(web.activation);
      expect(CLI_DEFAULTS.seed).toBe(web.seed);
      expect(CLI_DEFAULTS.networks[backend]).toBe(web.networks);
    }
    const theory = JSON.parse((await widelab(['theory'])).stdout);
    const web = defaultsFor('cpu');
    expect(theory.config.depth).toBe(web.depth);
    expect(theory.config.widths).toEqual(new Array(web.depth - 1).fill(web.width));
    expect(theory.config.cw).toBe(web.cw);
    expect(theory.config.cb).toBe(web.cb);
  });

  it("the help's account of the other views and of the page's limits is true", async () => {
    const help = (await widelab(['help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      `depth view starts at depth ${DEPTH_DEFAULTS.depth} with ${DEPTH_DEFAULTS.networks} networks`,
    );
    const t = TWO_INPUTS_DEFAULTS;
    expect(help).toContain(
      `two-inputs view at ${t.activation}, width ${t.width}, depth ${t.depth}, ${t.networks} networks`,
    );
    expect(help).toContain(`caps width at ${STATE_LIMITS.maxWidth}, depth at ${STATE_LIMITS.maxDepth}`);
    expect(help).toContain(
      `networks at ${STATE_LIMITS.minNetworks}..1e${Math.log10(STATE_LIMITS.maxNetworks)}`,
    );
  });
});

describe('progress on stderr', () => {
  const run = ['--width', '8', '--depth', '3', '--networks', '50000', '--seed', '2'];

  it('--progress onto a file or pipe: whole lines, increasing, ending at all networks', async () => {
    const r = await widelab(['simulate', ...run, '--progress']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    const done = lines.map((l) => {
      const m = /^widelab: (\d+) of 50000 networks \((\d+)%\)$/.exec(l);
      expect(m, l).not.toBeNull();
      return Number(m?.[1]);
    });
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThan(done[i - 1]);
    expect(done[done.length - 1]).toBe(50000);
    expect(JSON.parse(r.stdout).networks).toBe(50000);
  });

  it('--progress on a terminal redraws one line and clears it at the end', async () => {
    const r = await widelab(['simulate', ...run, '--progress'], { stderrIsTTY: true });
    expect(r.code).toBe(0);
    const redraw = '\r\x1b[2K';
    expect(r.stderr.startsWith(`${redraw}widelab: `)).toBe(true);
    expect(
      r.stderr
        .split(redraw)
        .filter((s) => s !== '')
        .every((s) => / of 50000 networks \(\d+%\)$/.test(s)),
    ).toBe(true);
    expect(r.stderr).toContain('50000 of 50000 networks (100%)');
    expect(r.stderr.endsWith(redraw)).toBe(true);
    expect(r.stderr).not.toContain('\n');
  });

  it('a sweep names the value each line is about; layers shows progress too', async () => {
    const r = await widelab(['sweep', '--width', '4,8', '--depth', '3', '--networks', '3000', '--progress']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^widelab: width 4 \(1 of 2\): 3000 of 3000 networks \(100%\)$/m);
    expect(r.stderr).toMatch(/^widelab: width 8 \(2 of 2\): 3000 of 3000 networks \(100%\)$/m);
    const layers = await widelab([
      'layers',
      '--width',
      '8',
      '--depth',
      '3',
      '--networks',
      '3000',
      '--progress',
    ]);
    expect(layers.stderr).toMatch(/^widelab: 3000 of 3000 networks \(100%\)$/m);
  });

  it('--quiet, and a stderr that is no terminal, print nothing', async () => {
    for (const flags of [['--quiet'], []]) {
      const r = await widelab(['simulate', ...run, ...flags], { stderrIsTTY: flags.length > 0 });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    }
  });
});

describe('moments that cannot be measured are null with a warning, never a silent null', () => {
  it('--networks 1: no variance, skewness or kurtosis, and no standard errors; said on stderr and in the JSON', async () => {
    const r = await widelab(['simulate', '--networks', '1']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.count).toBe(1);
    expect(out.output.mean.value).not.toBeNull();
    expect(out.output.mean.se).toBeNull();
    for (const field of ['variance', 'skewness', 'excessKurtosis'])
      expect(out.output[field].value).toBeNull();
    expect(r.stderr).toMatch(
      /^widelab: warning: variance, skewness, excess kurtosis are null; .*only 1 network/,
    );
    expect(out.warnings.join(' ')).toMatch(/raise --networks/);
  });

  it('3 networks: the variance is measured, the kurtosis (4 needed) is null', async () => {
    const out = JSON.parse((await widelab(['simulate', '--networks', '3'])).stdout);
    expect(out.output.variance.value).toBeGreaterThan(0);
    expect(out.output.variance.se).toBeGreaterThan(0);
    expect(out.output.excessKurtosis.value).toBeNull();
  });

  it('overflow at C_W = 1e6 and depth 100: every network and the theory overflow; all said, no NaN', async () => {
    const r = await widelab([
      'simulate',
      '--cw',
      '1e6',
      '--depth',
      '100',
      '--width',
      '32',
      '--networks',
      '50',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.nonFinite).toBe(50);
    expect(out.output.variance.value).toBeNull();
    expect(out.theory.K).toBeNull();
    expect(r.stderr).toMatch(/50 of 50 networks overflowed/);
    expect(r.stderr).toMatch(/0 networks gave a finite output, the other 50 overflowed/);
    expect(r.stderr).toMatch(/theory K.* null: beyond float64/);
  });

  it('width 1, depth 100: every ReLU output is 0, so the shape is undefined and the ensemble called degenerate', async () => {
    const r = await widelab(['simulate', '--width', '1', '--depth', '100', '--networks', '500']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.variance.value).toBe(0);
    expect(out.output.excessKurtosis.value).toBeNull();
    expect(r.stderr).toMatch(/all 500 outputs are equal \(variance 0\).*degenerate/);
  });
});
