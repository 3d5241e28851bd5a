/**
 * `widelab layers` and `widelab theory --inputs-correlation`, run in-process through main()
 * (the same code path as bin/widelab.mjs, without a process start per case).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { resolveSpec } from '../../../src/engine/spec.ts';
import { ExactCpuEngine, ExplicitCpuEngine, collect } from '../../../src/engine/index.ts';
import { orderStatistic } from '../../../src/engine/summary/layer-stats.ts';
import { depthScales } from '../../../src/theory/criticality.ts';
import { makeActivation } from '../../../src/theory/activations.ts';

async function widelab(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

interface Summary {
  count: number;
  nonFinite: number;
  mean: { value: number; se: number };
  median: number;
  q10: number;
  q90: number;
  log: { count: number; mean: { value: number; se: number }; variance: { value: number; se: number } };
}

describe('widelab layers', () => {
  it('ReLU c = 3, exact engine: one entry per layer, means c (c/2)^(l-1) within 4 SE, exact order statistics, gradient null', async () => {
    const args = [
      '--activation',
      'relu',
      '--width',
      '16',
      '--depth',
      '4',
      '--cw',
      '3',
      '--networks',
      '3000',
      '--seed',
      '2',
    ];
    const r = await widelab('layers', ...args, '--threads', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.command).toBe('layers');
    expect(out.config.cw).toBe(3);
    expect(out.engine.kind).toBe('exact');
    expect(out.engine.description).toMatch(/Gaussian conditioning/); // not the shortcut
    expect(out.quantity.gradient).toMatch(/--engine explicit/);
    expect(out.layers).toHaveLength(4);
    expect(out.theory.layers).toHaveLength(4);

    const spec = resolveSpec({ activation: 'relu', width: 16, depth: 4, cw: 3, networks: 3000, seed: 2 });
    const ref = await collect(new ExactCpuEngine(), spec, { threads: 1, layerStats: true });
    out.layers.forEach(
      (entry: { layer: number; width: number; preactivation: Summary; gradient: unknown }, i: number) => {
        const l = i + 1;
        expect(entry.layer).toBe(l);
        expect(entry.width).toBe(l < 4 ? 16 : 1);
        expect(entry.gradient).toBeNull();
        const p = entry.preactivation;
        expect(p.count).toBe(3000);
        const exact = 3 * 1.5 ** (l - 1);
        expect(Math.abs(p.mean.value - exact)).toBeLessThan(4 * p.mean.se);
        expect(out.theory.layers[i].K).toBeCloseTo(exact, 12);
        // The log-law of the theory section against the measured log moments.
        const law = out.theory.layers[i].logNorm;
        expect(Math.abs(p.log.mean.value - law.mean)).toBeLessThan(4 * p.log.mean.se);
        expect(Math.abs(p.log.variance.value - law.variance)).toBeLessThan(4 * p.log.variance.se);
        // Quantiles are order statistics of the very values the engine returns for input 0.
        const values = Float64Array.from(
          { length: 3000 },
          (_, net) => ref.perLayer.layerNorms![net * 4 + i],
        ).sort();
        expect(p.median).toBe(values[1499]);
        expect(p.q10).toBe(values[299]);
        expect(p.q90).toBe(values[2699]);
        expect(p.q10).toBeLessThan(p.median);
        expect(p.median).toBeLessThan(p.q90);
      },
    );
  });

  it("explicit engine: gradient norms per layer, equal to the engine's own; layer norm pins the norms at C_W/2", async () => {
    const r = await widelab(
      'layers',
      '--engine',
      'explicit',
      '--width',
      '8',
      '--depth',
      '4',
      '--cw',
      '3',
      '--norm',
      'layer',
      '--networks',
      '1500',
      '--seed',
      '4',
      '--threads',
      '1',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engine.kind).toBe('explicit');
    const spec = resolveSpec({ width: 8, depth: 4, cw: 3, norm: 'layer', networks: 1500, seed: 4 });
    const ref = await collect(new ExplicitCpuEngine(), spec, { threads: 1, gradients: true });
    out.layers.forEach((entry: { preactivation: Summary; gradient: Summary }, i: number) => {
      const g = entry.gradient;
      expect(g.count).toBe(1500);
      const values = Float64Array.from(
        { length: 1500 },
        (_, net) => ref.perLayer.gradientNorms![net * 4 + i],
      );
      expect(g.mean.value).toBeCloseTo(values.reduce((s, v) => s + v, 0) / 1500, 12);
      expect(g.median).toBe(orderStatistic(values.sort(), 0.5));
      expect(g.q10).toBeGreaterThan(0);
      // Layer norm before ReLU: E |z_l|^2/n_l = C_W / 2 exactly for l >= 2 (3 at l = 1).
      const p = entry.preactivation;
      expect(Math.abs(p.mean.value - (i === 0 ? 3 : 1.5))).toBeLessThan(4 * p.mean.se);
      expect(out.theory.layers[i].K).toBeCloseTo(i === 0 ? 3 : 1.5, 12);
      expect(out.theory.layers[i].logNorm).toBeNull();
    });
  });

  it('batch norm over two inputs runs, with the exact two-input kernel as theory', async () => {
    const r = await widelab(
      'layers',
      '--norm',
      'batch',
      '--inputs-correlation',
      '0.5',
      '--cw',
      '2',
      '--width',
      '8',
      '--depth',
      '3',
      '--networks',
      '2000',
      '--threads',
      '1',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config.norm).toBe('batch');
    for (const [i, t] of out.theory.layers.entries()) {
      expect(t.K).toBeCloseTo(i === 0 ? 2 : 1, 12);
      expect(t.correlation).toBeCloseTo(i === 0 ? 0.5 : 0, 12);
      const p = out.layers[i].preactivation;
      expect(Math.abs(p.mean.value - t.K)).toBeLessThan(4 * p.mean.se);
    }
    // Measured correlation over units: after a batch-normed ReLU layer G_01 = 0 exactly, so the
    // two inputs' units are independent given G and the sample correlation has mean 0.
    const c2 = out.layers[1].correlation;
    // A network whose 8 units all have z(0) < z(1) (or all >) has G_00 = 0 (or G_11 = 0) after
    // ReLU: an undefined correlation, counted as non-finite (about 2 x 2^-8 of the networks).
    expect(c2.count + c2.nonFinite).toBe(2000);
    expect(c2.nonFinite).toBeLessThan(2000 * (2 / 256) + 4 * Math.sqrt(2000 * (2 / 256)));
    expect(Math.abs(c2.mean.value)).toBeLessThan(4 * c2.mean.se);
    expect(c2.q10).toBeLessThan(0);
    expect(c2.q90).toBeGreaterThan(0);
    expect(out.layers[0].correlation.median).toBeGreaterThan(0.2); // rho = 0.5 at layer 1
    expect(out.layers[2].correlation).toBeNull(); // the output has one unit
    expect(out.layers[0].correlation.log).toBeUndefined();
  });

  it('simulate accepts --norm batch with two inputs (exact theory K_L = C_W/2 for ReLU)', async () => {
    const r = await widelab(
      'simulate',
      '--norm',
      'batch',
      '--inputs-correlation',
      '0.3',
      '--width',
      '8',
      '--depth',
      '3',
      '--networks',
      '4000',
      '--threads',
      '1',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.theory.K).toBeCloseTo(1, 12);
    for (const o of out.outputs) expect(Math.abs(o.variance.value - 1)).toBeLessThan(4 * o.variance.se);
    expect(out.warnings.join(' ')).toMatch(/batch norm/);
  });

  it('help names the command and says gradients need the explicit engine', async () => {
    const r = await widelab('help', 'layers');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/widelab layers/);
    expect(r.stdout).toMatch(/--engine explicit/);
    expect((await widelab('--help')).stdout).toMatch(/layers/);
  });
});

describe('widelab theory --inputs-correlation RHO', () => {
  it("prints c_l per layer following the ReLU map c' = (sqrt(1-c^2) + (pi - arccos c) c)/pi", async () => {
    const r = await widelab('theory', '--activation', 'relu', '--inputs-correlation', '0.2', '--depth', '6');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    let c = 0.2;
    for (const layer of out.layers) {
      expect(layer.correlation).toBeCloseTo(c, 12);
      c = (Math.sqrt(1 - c * c) + (Math.PI - Math.acos(c)) * c) / Math.PI;
    }
    expect(out.layers[5].correlation).toBeGreaterThan(0.7); // ordered flow towards 1
  });

  it('tanh in its chaotic phase: c_l flows to the fixed point c* < 1 at the rate chi_c of the theory helper', async () => {
    const r = await widelab(
      'theory',
      '--activation',
      'tanh',
      '--cw',
      '4',
      '--cb',
      '0.05',
      '--inputs-correlation',
      '0.5',
      '--depth',
      '20',
    );
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout).layers.map((l: { correlation: number }) => l.correlation);
    const fixed = depthScales(makeActivation('tanh'), 4, 0.05);
    expect(fixed.cStar).toBeLessThan(0.5);
    // |c_l - c*| shrinks by chi_c per layer near c* (0.87 here): from 0.34 to below 0.05 in 20 layers.
    expect(Math.abs(c[19] - fixed.cStar)).toBeLessThan(0.05);
    expect(Math.abs((c[19] - fixed.cStar) / (c[18] - fixed.cStar) - fixed.chiC)).toBeLessThan(0.02);
  });
});

describe('widelab layers: bad arguments are one line on stderr with exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['batch norm with one input', ['layers', '--norm', 'batch'], /batch.*inputs/],
    ['unknown norm', ['layers', '--norm', 'group'], /norm/],
    ['dropout out of range', ['layers', '--dropout', '1.5'], /dropout/],
    ['no --samples here', ['layers', '--samples', 'x.txt'], /samples/],
    ['width 0', ['layers', '--width', '0'], /width/],
    ['bad engine', ['layers', '--engine', 'fast'], /engine/],
    ['correlation out of range', ['theory', '--inputs-correlation', '2'], /inputs-correlation/],
  ];
  for (const [name, argv, pattern] of cases) {
    it(name, async () => {
      const r = await widelab(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^widelab: /);
      expect(lines[0]).toMatch(pattern);
    });
  }
});
