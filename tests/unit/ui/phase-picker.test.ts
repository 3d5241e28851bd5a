// Arrow keys on the two-inputs phase diagram must land on round values (multiples of the step)
// that survive the URL's String()/Number() round trip exactly.
import { describe, expect, it } from 'vitest';
import { PICKER_STEP, stepOnGrid } from '../../../src/experiments/two-inputs/picker.ts';

describe('phase diagram marker steps', () => {
  it('moves a value on the grid by exactly one step', () => {
    expect(stepOnGrid(2, PICKER_STEP.cw, 1)).toBe(2.1);
    expect(stepOnGrid(2, PICKER_STEP.cw, -1)).toBe(1.9);
    expect(stepOnGrid(0.05, PICKER_STEP.cb, 1)).toBe(0.06);
    expect(stepOnGrid(0.05, PICKER_STEP.cb, -1)).toBe(0.04);
    // 0.3 / 0.1 is 2.9999999999999996 in doubles: still on the grid, so one step, not two.
    expect(stepOnGrid(0.3, 0.1, 1)).toBe(0.4);
    expect(stepOnGrid(0.3, 0.1, -1)).toBe(0.2);
  });

  it('snaps a clicked value off the grid to the next grid value in the key direction', () => {
    expect(stepOnGrid(2.173, PICKER_STEP.cw, 1)).toBe(2.2);
    expect(stepOnGrid(2.173, PICKER_STEP.cw, -1)).toBe(2.1);
    expect(stepOnGrid(0.337, PICKER_STEP.cb, 1)).toBe(0.34);
    expect(stepOnGrid(0.337, PICKER_STEP.cb, -1)).toBe(0.33);
  });

  it('gives values whose decimal text is short and parses back to the same number', () => {
    for (const [step, from] of [
      [PICKER_STEP.cw, 0.1],
      [PICKER_STEP.cb, 0],
    ] as const) {
      let v: number = from;
      for (let i = 0; i < 60; i++) {
        v = stepOnGrid(v, step, 1);
        const text = String(v);
        expect(Number(text)).toBe(v);
        expect(text.split('.')[1]?.length ?? 0).toBeLessThanOrEqual(step === PICKER_STEP.cw ? 1 : 2);
        expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-9);
      }
      // Up 60 steps and down 60 steps returns to the start.
      for (let i = 0; i < 60; i++) v = stepOnGrid(v, step, -1);
      expect(v).toBe(from);
    }
  });
});
