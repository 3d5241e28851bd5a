// Log-axis label spacing: labels at 1-2-5 where a decade has room, powers of ten where it does
// not, every k-th power on a crowded axis; a callback without a chart keeps all it wanted.
import { describe, expect, it } from 'vitest';
import { isLabelled, logLabelPlan, type LogScaleLike } from '../../../src/ui/log-ticks.ts';

function axis(horizontal: boolean, length: number, min: number, max: number, size = 15): LogScaleLike {
  return {
    min,
    max,
    width: horizontal ? length : 0,
    height: horizontal ? 0 : length,
    isHorizontal: () => horizontal,
    options: { ticks: { font: { size } } },
  };
}

const labels = (plan: ReturnType<typeof logLabelPlan>, values: number[]) =>
  values.filter((v) => isLabelled(v, plan));
const VALUES = [1, 2, 3, 5, 7, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4];

describe('logLabelPlan', () => {
  it('keeps 1, 2, 5 where a decade is wide: 0.3 decade (1 -> 2) holds a 3.6-em label across', () => {
    // 4 decades on 800 px: 200 px a decade, 60 px from 1 to 2 >= 3.6 x 15 = 54.
    expect(logLabelPlan(axis(true, 800, 1, 1e4), [1, 2, 5])).toEqual({ mantissas: [1, 2, 5], every: 1 });
    expect(labels(logLabelPlan(axis(true, 800, 1, 1e4), [1, 2, 5]), VALUES)).toEqual([
      1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 1e4,
    ]);
  });

  it("drops to powers of ten on a phone's width axis (4 decades on 300 px), and thins them when even those touch", () => {
    // 75 px a decade: 22.5 px from 1 to 2 < 54, but 75 >= 54.
    expect(logLabelPlan(axis(true, 300, 1, 1e4), [1, 2, 5])).toEqual({ mantissas: [1], every: 1 });
    // 15 decades on 300 px: 20 px a decade, a label needs 54: every third power.
    const crowded = logLabelPlan(axis(true, 300, 1e-3, 1e12), [1, 2, 5]);
    expect(crowded).toEqual({ mantissas: [1], every: 3 });
    expect(labels(crowded, [1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 5000, 1e6])).toEqual([1e-3, 1, 1000, 1e6]);
  });

  it('needs less room down a vertical axis (1.6 em a label)', () => {
    // 4 decades on 400 px: 100 px a decade, 30 px from 1 to 2 >= 1.6 x 15 = 24.
    expect(logLabelPlan(axis(false, 400, 1, 1e4), [1, 2, 5]).mantissas).toEqual([1, 2, 5]);
    // The same axis with presentation mode's 21 px type: 30 < 33.6.
    expect(logLabelPlan(axis(false, 400, 1, 1e4, 21), [1, 2, 5]).mantissas).toEqual([1]);
  });

  it('falls back from a fine set (1, 1.5, 2, 3, 4, 5, 7) to 1, 2, 5 before powers of ten', () => {
    // Half a decade on 300 px down: 600 px a decade; 1.5 -> 2 is 0.125 decade = 75 px >= 24.
    expect(logLabelPlan(axis(false, 300, 1, 10 ** 0.5), [1, 1.5, 2, 3, 4, 5, 7]).mantissas).toEqual([
      1, 1.5, 2, 3, 4, 5, 7,
    ]);
    // 2 decades on 200 px: 100 px a decade; 4 -> 5 is 0.097 decade = 9.7 px < 24, 1 -> 2 is 30 px >= 24.
    expect(logLabelPlan(axis(false, 200, 1, 100), [1, 1.5, 2, 3, 4, 5, 7]).mantissas).toEqual([1, 2, 5]);
  });

  it('keeps what it was asked for without a sized scale (a callback called outside a chart)', () => {
    expect(logLabelPlan(undefined, [1, 2, 5])).toEqual({ mantissas: [1, 2, 5], every: 1 });
    expect(logLabelPlan(axis(true, 0, 1, 100), [1, 2, 5])).toEqual({ mantissas: [1, 2, 5], every: 1 });
    expect(logLabelPlan(axis(true, 300, 0, 100), [1, 2, 5])).toEqual({ mantissas: [1, 2, 5], every: 1 });
  });

  it('never labels non-positive values or other mantissas', () => {
    const plan = { mantissas: [1, 2, 5], every: 1 };
    expect([0, -1, Number.NaN, 3, 0.7, 1.5].map((v) => isLabelled(v, plan))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
