/**
 * `widelab train` through main(): the JSON its users read (fields, the theory beside the
 * ensemble, within standard errors at width 512), the data sets and test inputs it takes, the
 * samples file, and a one-line message with exit 2 for each mistake.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { widelab } from './widelab.ts';

interface TrainJson {
  config: Record<string, unknown>;
  learningRate: number;
  learningRateMax: number;
  loggedSteps: number[];
  loss: { mean: number[]; q10: number[]; q90: number[]; theory: (number | null)[] };
  test: {
    x: number[];
    mean: number[];
    meanSE: number[];
    variance: number[];
    varianceSE: number[];
    theory: { mean: (number | null)[]; variance: (number | null)[] };
  }[];
  weightChange: { layer: number; mean: number; se: number }[];
  ntkChange: { mean: number; se: number };
  diverged: { count: number; firstStep: number | null };
  backend: string;
  adapter: { type: string };
  wallTimeSeconds: number;
}

describe('widelab train', () => {
  it('trains width-512 networks whose test outputs follow the infinite-width prediction at every logged step', async () => {
    const r = await widelab([
      'train',
      '--dataset',
      'circle6',
      '--width',
      '512',
      '--depth',
      '2',
      '--cb',
      '0.1',
      '--networks',
      '200',
      '--steps',
      '40',
      '--log-every',
      '20',
      '--test-angles',
      '0.5,2',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TrainJson;
    expect(j.config).toMatchObject({
      activation: 'relu',
      width: 512,
      depth: 2,
      cw: 2,
      cb: 0.1,
      dataset: 'circle6',
      networks: 200,
    });
    expect(j.learningRate).toBeCloseTo(0.5 * j.learningRateMax, 12);
    expect(j.loggedSteps).toEqual([0, 20, 40]);
    // Step 0: (1/2N)(|y|^2 + tr K_XX) = (mean y^2 + K_2)/2, K_1 = 0.1 + 2 q0 = 1.1, K_2 = 0.1 + 2 K_1/2 = 1.2.
    expect(j.loss.theory[0]).toBeCloseTo((0.5 + 1.2) / 2, 12);
    expect(j.loss.mean[2]).toBeLessThan(0.01 * j.loss.mean[0]);
    expect(j.test).toHaveLength(2);
    expect(j.test[0].x[0]).toBeCloseTo(Math.cos(0.5), 14);
    for (const t of j.test)
      j.loggedSteps.forEach((_, i) => {
        expect(Math.abs(t.mean[i] - t.theory.mean[i]!)).toBeLessThan(4 * t.meanSE[i] + 0.01);
        expect(Math.abs(t.variance[i] - t.theory.variance[i]!)).toBeLessThan(4 * t.varianceSE[i]);
      });
    expect(j.weightChange.map((w) => w.layer)).toEqual([1, 2]);
    expect(j.ntkChange.mean).toBeGreaterThan(0);
    expect(j.diverged).toEqual({ count: 0, firstStep: null });
    expect(j.backend).toBe('cpu');
    expect(j.wallTimeSeconds).toBeGreaterThan(0);
  });

  it('reads a CSV data set, writes the samples file, and takes an absolute learning rate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widelab-train-'));
    const data = join(dir, 'line.csv');
    writeFileSync(data, 'x1,y\n-1,-0.5\n0,0.1\n1,0.4\n');
    const samples = join(dir, 'finals.tsv');
    const r = await widelab([
      'train',
      '--dataset',
      data,
      '--width',
      '32',
      '--networks',
      '5',
      '--steps',
      '10',
      '--lr',
      '0.05',
      '--test-points',
      '0.5;-0.5',
      '--samples',
      samples,
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TrainJson;
    expect(j.config.dataset).toBe('line.csv');
    expect(j.learningRate).toBe(0.05);
    const lines = readFileSync(samples, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(l.split('\t')).toHaveLength(2);
    // The last logged test outputs are the samples' mean.
    const mean = lines.map((l) => Number(l.split('\t')[0])).reduce((a, b) => a + b, 0) / 5;
    expect(j.test[0].mean[j.loggedSteps.length - 1]).toBeCloseTo(mean, 12);
  });

  it('c = 3 at depth 20 diverges: counted, warned, no crash', async () => {
    const r = await widelab([
      'train',
      '--depth',
      '20',
      '--width',
      '16',
      '--cw',
      '3',
      '--cb',
      '0',
      '--networks',
      '4',
      '--steps',
      '30',
      '--lr',
      '0.1',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TrainJson;
    expect(j.diverged.count).toBe(4);
    expect(r.stderr).toMatch(/warning: 4 of 4 networks diverged \(first at step \d+\)/);
    expect(r.stderr).toMatch(/at or above eta_max/);
  });

  it('a singular Theta_XX (erf, odd, without bias on circle6) still has finite-step predictions', async () => {
    const r = await widelab([
      'train',
      '--activation',
      'erf',
      '--cb',
      '0',
      '--width',
      '16',
      '--networks',
      '3',
      '--steps',
      '5',
    ]);
    expect(r.code).toBe(0);
    // Finite steps have a prediction even so: the even targets stay unfit.
    const j = JSON.parse(r.stdout) as TrainJson;
    expect(j.loss.theory.every((v) => v !== null)).toBe(true);
  });

  it('--norm layer keeps depth 20 at C_W = 3 training where the plain network diverges; theory from the normalized kernels, null with dropout', async () => {
    const argv = ['train', '--depth', '20', '--width', '16', '--cw', '3', '--cb', '0', '--networks', '3'];
    const more = ['--steps', '30', '--log-every', '30', '--lr', '0.1'];
    const r = await widelab([...argv, ...more, '--norm', 'layer', '--dropout', '0.1']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as TrainJson;
    expect(j.config.norm).toBe('layer');
    expect(j.config.dropout).toBe(0.1);
    expect(j.diverged.count).toBe(0);
    expect(j.loss.mean[1]).toBeLessThan(j.loss.mean[0]);
    expect(j.loss.theory).toEqual([null, null]);
    expect(r.stderr).toMatch(/no infinite-width prediction with dropout/);
    // LayerNorm alone has one: the normalized kernels' (its own rate; the plain kernel overflows here).
    const ln = await widelab([...argv, '--steps', '30', '--log-every', '30', '--norm', 'layer']);
    const jl = JSON.parse(ln.stdout) as TrainJson;
    expect(jl.loss.theory.every((v) => v !== null && Number.isFinite(v))).toBe(true);
    expect(jl.learningRateMax).toBeGreaterThan(0.05);
    expect(ln.stderr).not.toMatch(/no infinite-width prediction/);
    // --dropout P moves the default C_W to the critical 2(1 - P), as simulate's does.
    const d = await widelab(['train', '--steps', '1', '--networks', '1', '--dropout', '0.25']);
    expect((JSON.parse(d.stdout) as TrainJson).config.cw).toBe(1.5);
  });

  it('each mistake is one line with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--dataset', 'moons'], /unknown data set 'moons'/],
      [['train', '--lr', '0.1', '--lr-fraction', '0.5'], /either --lr-fraction or --lr/],
      [['train', '--l2-target', 'far'], /--l2-target must be init or zero/],
      [['train', '--steps', '-1'], /--steps must be a whole number from 0/],
      [['train', '--test-angles', '1', '--dataset', 'sine6'], /needs a circle data set/],
      [['train', '--test-points', '1,2,3'], /test point 1 '1,2,3': needs 2 finite numbers/],
      [['train', '--backend', 'tpu'], /--backend must be cpu or webgpu/],
      [['train', '--norm', 'rms'], /--norm must be none or layer/],
      [['train', '--dropout', '1'], /--dropout must be in \[0, 1\)/],
      [['train', '--dataset', '/nonexistent/x.csv'], /cannot read the file/],
    ];
    for (const [argv, message] of cases) {
      const r = await widelab(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('help train lists every option with its default', async () => {
    const r = await widelab(['help', 'train']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--dataset',
      '--steps',
      '--lr-fraction',
      '--lr ',
      '--l2 ',
      '--l2-target',
      '--readout-only',
      '--norm',
      '--dropout',
      '--log-every',
      '--test-points',
      '--test-angles',
      '--samples',
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('default circle6');
  });
});

describe('widelab ntk', () => {
  it('one hidden ReLU layer without bias: mean Theta at the theory, n Var / E^2 = 3 within standard errors', async () => {
    const r = await widelab([
      'ntk',
      '--width',
      '64',
      '--depth',
      '2',
      '--cb',
      '0',
      '--points',
      '1,0;0.6,0.8',
      '--networks',
      '2000',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      mean: number[][];
      meanSE: number[][];
      variance: number[][];
      varianceSE: number[][];
      relativeVariance: number[][];
      theory: { Theta: number[][]; K: number[][] };
    };
    // q0 = |x|^2 / n0 = 1/2: K_1 = Theta_1 = 1, Theta_2 = K_2 + 2 <s's'> Theta_1 = 1 + 1 = 2.
    expect(j.theory.Theta[0][0]).toBeCloseTo(2, 12);
    for (let p = 0; p < 2; p++)
      for (let q = 0; q < 2; q++)
        expect(Math.abs(j.mean[p][q] - j.theory.Theta[p][q])).toBeLessThan(4 * j.meanSE[p][q]);
    const relSE = (64 * j.varianceSE[0][0]) / j.theory.Theta[0][0] ** 2;
    expect(Math.abs(j.relativeVariance[0][0] - 3)).toBeLessThan(4 * relSE);
    expect(j.mean[0][1]).toBe(j.mean[1][0]);
  });
  it('refuses what it cannot do, in one line', async () => {
    const r = await widelab(['ntk', '--backend', 'tpu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--backend must be cpu or webgpu, got 'tpu'/);
    const h = await widelab(['help', 'ntk']);
    expect(h.stdout).toContain('--points');
  });
});

describe('widelab train --threads', () => {
  it('2 threads print the 1-thread JSON value for value (wall time and adapter aside)', async () => {
    const run = async (threads: string) => {
      const argv = ['train', '--width', '16', '--networks', '9', '--steps', '6', '--threads', threads];
      const r = await widelab(argv);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout) as TrainJson & { adapter: { threads: number } };
      expect(j.config.threads).toBe(Number(threads));
      expect(j.adapter.threads).toBe(Number(threads));
      return { ...j, wallTimeSeconds: 0, adapter: null, config: { ...j.config, threads: null } };
    };
    expect(await run('2')).toEqual(await run('1'));
    const bad = await widelab(['train', '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threads must be a whole number from 1 to 256/);
  });
});
