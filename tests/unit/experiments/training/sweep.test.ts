/**
 * The Training view's width sweep: one part per width, in order, with slopes fitted to what has
 * come (the engine's fit, tests/unit/engine/width-sweep.test.ts tests the laws); hidden-layer
 * weights move less, and fall faster with width, than the first layer's (n^-1 against n^-1/2).
 */
import { describe, expect, it } from 'vitest';
import { sweepParts, sweepWidths } from '../../../../src/experiments/training/sweep.ts';
import { trainingDefaults } from '../../../../src/experiments/training/state.ts';
import { logLogSlope } from '../../../../src/engine/training/width-sweep.ts';

describe('the width sweep of the Training view', () => {
  it('widths 32 up to 8x the width, between 256 and 1024', () => {
    expect(sweepWidths({ width: 16 })).toEqual([32, 64, 128, 256]);
    expect(sweepWidths({ width: 64 })).toEqual([32, 64, 128, 256, 512]);
    expect(sweepWidths({ width: 2048 }).at(-1)).toBe(1024);
  });

  it('streams one width at a time and fits the slopes to the widths done', async () => {
    const s = { ...trainingDefaults('cpu'), activation: 'erf' as const, width: 16, steps: 20, sweep: true };
    const parts = [];
    for await (const part of sweepParts(s)) parts.push(part);
    expect(parts.map((p) => p.pending)).toEqual([3, 2, 1, 0]);
    expect(parts[0].slopes).toBeNull();
    const last = parts.at(-1)!;
    expect(last.points.map((p) => p.width)).toEqual([32, 64, 128, 256]);
    const hidden = last.slopes!.weightChange[1];
    expect(hidden).toEqual(
      logLogSlope(
        last.widths,
        last.points.map((p) => p.weightChange[1]),
        -1,
      ),
    );
    const first = last.slopes!.weightChange[0];
    // Slopes apart by more than their SEs: -1 against -1/2.
    expect(hidden.slope).toBeLessThan(first.slope - 3 * Math.hypot(hidden.se, first.se));
    for (const p of last.points) expect(p.weightChange[1].mean).toBeLessThan(p.weightChange[0].mean);
  });
});
