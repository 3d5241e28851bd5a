/**
 * `widelab train --widths`: the width sweep's JSON through main() (points per width, slopes with
 * SE beside THEORY.md 6a's laws, eta the stated fraction of eta_max) and its usage errors.
 */
import { describe, expect, it } from 'vitest';
import { widelab } from './widelab.ts';
import { makeActivation } from '../../../src/theory/activations.ts';
import { dataset } from '../../../src/engine/training/datasets.ts';
import { widthSweep } from '../../../src/engine/training/width-sweep.ts';

describe('widelab train --widths', () => {
  it('prints the sweep the engine computes, with slopes beside the laws', async () => {
    const argv = ['train', '--activation', 'tanh', '--cw', '1', '--cb', '0.1', '--widths', '16,32,64'];
    const more = [
      '--depth',
      '3',
      '--steps',
      '5',
      '--networks',
      '3',
      '--seed',
      '2',
      '--test-points',
      '0.3,0.9',
    ];
    const { code, stdout, stderr } = await widelab([...argv, ...more]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.config.widths).toEqual([16, 32, 64]);
    expect(out.points.map((p: { width: number }) => p.width)).toEqual([16, 32, 64]);
    expect(out.eta).toBeCloseTo(0.5 * out.etaMax, 12);
    expect(out.slopes.weightChange.map((s: { law: number }) => s.law)).toEqual([-0.5, -1, -0.5]);
    expect(out.slopes.ntkChange.law).toBe(-1);
    const d = dataset('circle6');
    const direct = widthSweep({
      activation: makeActivation('tanh'),
      inputs: d.x,
      targets: d.y,
      tests: [[0.3, 0.9]],
      widths: [16, 32, 64],
      depth: 3,
      cw: 1,
      cb: 0.1,
      etaFraction: 0.5,
      steps: 5,
      networks: 3,
      seed: 2,
    });
    expect(out.slopes).toEqual(JSON.parse(JSON.stringify(direct.slopes)));
    expect(out.points).toEqual(JSON.parse(JSON.stringify(direct.points)));
  });

  it('each mistake is one line with exit 2', async () => {
    for (const [extra, message] of [
      [['--widths', '32'], /at least two/],
      [['--widths', '32,x'], /whole numbers/],
      [['--widths', '32,64', '--lr', '0.1'], /--lr-fraction/],
      [['--widths', '32,64', '--readout-only'], /does not take/],
      [['--widths', '32,64', '--backend', 'tpu'], /cpu or webgpu/],
    ] as const) {
      const { code, stderr } = await widelab(['train', ...extra]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
