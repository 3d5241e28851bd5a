/**
 * The command line as a user meets it: a real process through bin/widelab.mjs, JSON on
 * stdout, one-line errors with exit status 2.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../../bin/widelab.mjs');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function widelab(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('widelab simulate', () => {
  it("matches the exact ReLU kurtosis 3[(1+5/64)^8 - 1] within four standard errors (the issue's check)", async () => {
    const r = await widelab(
      'simulate',
      '--activation',
      'relu',
      '--width',
      '64',
      '--depth',
      '9',
      '--networks',
      '20000',
      '--seed',
      '1',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const exact = 3 * ((1 + 5 / 64) ** 8 - 1);
    expect(out.theory.kurtosisExact).toBeCloseTo(exact, 12);
    const k = out.output.excessKurtosis;
    expect(k.se).toBeGreaterThan(0);
    expect(Math.abs(k.value - exact)).toBeLessThan(4 * k.se);
    // Variance: K_L = C_W q0 (C_W/2)^(L-1) = 2 at criticality.
    expect(Math.abs(out.output.variance.value - 2)).toBeLessThan(4 * out.output.variance.se);
    expect(out.config.depth).toBe(9);
    expect(out.networks).toBe(20000);
    expect(typeof out.wallTimeSeconds).toBe('number');
  });

  it('writes one full-precision output per network with --samples, equal for the same seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widelab-'));
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    const args = [
      'simulate',
      '--activation',
      'tanh',
      '--width',
      '16',
      '--depth',
      '3',
      '--networks',
      '300',
      '--seed',
      '7',
    ];
    expect((await widelab(...args, '--samples', a)).code).toBe(0);
    expect((await widelab(...args, '--samples', b, '--threads', '1')).code).toBe(0);
    const lines = readFileSync(a, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    for (const line of lines) expect(Number.isFinite(Number(line))).toBe(true);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });
});

describe('widelab simulate, other engines and extremes', () => {
  it('runs the explicit engine on two correlated inputs, variances matching K_L within 4 SE', async () => {
    const r = await widelab(
      'simulate',
      '--activation',
      'tanh',
      '--engine',
      'explicit',
      '--width',
      '32',
      '--depth',
      '3',
      '--networks',
      '1500',
      '--inputs-correlation',
      '0.5',
      '--seed',
      '3',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.engine.kind).toBe('explicit');
    expect(out.outputs).toHaveLength(2);
    for (const o of out.outputs) {
      // Finite-width corrections to the variance are O(1/n) of K: allow them beside 4 SE.
      expect(Math.abs(o.variance.value - out.theory.K)).toBeLessThan(
        4 * o.variance.se + (3 / 32) * out.theory.K,
      );
    }
  });

  it('reports overflow at extreme C_W instead of failing', async () => {
    const r = await widelab(
      'simulate',
      '--activation',
      'relu',
      '--cw',
      '1e6',
      '--depth',
      '100',
      '--width',
      '32',
      '--networks',
      '50',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.output.nonFinite).toBe(50);
    expect(out.warnings.join(' ')).toMatch(/overflow/);
  });
});

describe('widelab theory', () => {
  it("prints GELU's critical point, which satisfies chi_par = chi_perp = 1", async () => {
    const first = JSON.parse((await widelab('theory', '--activation', 'gelu')).stdout);
    const cp = first.criticalPoint;
    expect(cp.kStar).toBeGreaterThan(1);
    expect(cp.cw).toBeGreaterThan(0);
    expect(cp.cb).toBeGreaterThanOrEqual(0);
    // The defaults are the critical point; start the input at K_1 = K* (q0 = (K* - C_b)/C_W)
    // and the kernel must stay there with chi_par = chi_perp = 1 at every layer.
    expect(first.config.cw).toBe(cp.cw);
    expect(first.config.cb).toBe(cp.cb);
    const q0 = (cp.kStar - cp.cb) / cp.cw;
    const r = await widelab('theory', '--activation', 'gelu', '--q0', String(q0), '--depth', '5');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const layer of out.layers) {
      expect(layer.K).toBeCloseTo(cp.kStar, 6);
      expect(layer.chiPar).toBeCloseTo(1, 6);
      expect(layer.chiPerp).toBeCloseTo(1, 6);
    }
  });

  it('gives one entry per layer with the ReLU vertex nu (l-1)/n', async () => {
    const r = await widelab('theory', '--activation', 'relu', '--width', '100', '--depth', '6');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.layers).toHaveLength(6);
    out.layers.forEach((layer: { layer: number; kurtosisLeading: number }, i: number) => {
      expect(layer.layer).toBe(i + 1);
      expect(layer.kurtosisLeading).toBeCloseTo((3 * 5 * i) / 100, 10);
    });
  });
});

describe('bad arguments: one line on stderr, exit 2, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown activation', ['simulate', '--activation', 'softmax'], /activation/],
    ['width 0', ['simulate', '--width', '0'], /width/],
    ['depth 0', ['theory', '--depth', '0'], /depth/],
    ['negative variance', ['simulate', '--cw', '-1'], /cw/],
    ['negative bias variance', ['theory', '--cb', '-0.5'], /cb/],
    ['not a number', ['simulate', '--networks', 'many'], /networks/],
    ['a size that would exhaust memory', ['simulate', '--width', '100000000'], /width/],
    ['too many units in all', ['simulate', '--width', '1000000', '--depth', '1000'], /units|width/],
    ['unknown option', ['simulate', '--widht', '3'], /widht/],
    ['unknown command', ['simulte'], /simulte/],
    ['bad engine', ['simulate', '--engine', 'magic'], /engine/],
    ['bad norm', ['simulate', '--norm', 'batch2'], /norm/],
    ['dropout of 1', ['simulate', '--dropout', '1'], /dropout/],
  ];
  for (const [name, args, pattern] of cases) {
    it(name, async () => {
      const r = await widelab(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^widelab: /);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
