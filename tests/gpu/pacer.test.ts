/**
 * The submission pacer (no GPU needed): the probe's rate sets the next budget at once, later
 * budgets grow at most 4x per step, and short (overhead-dominated) submissions never lower the
 * rate estimate.
 */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../src/engine/webgpu/pacer.ts';

describe('Pacer', () => {
  it('jumps from the probe to target x rate, then grows at most 4x per step', () => {
    const p = new Pacer(40, 1000);
    p.record(1000, 0.5); // 2000 units/ms, a short probe
    expect(p.budget).toBe(80_000);
    p.record(80_000, 1); // 80,000 units/ms now: aim 3.2e6, capped at 4x
    expect(p.budget).toBe(320_000);
  });

  it('a short submission cannot lower the rate; a loaded one moves it toward the measurement', () => {
    const p = new Pacer(40, 1000);
    p.record(1000, 1); // 1000/ms
    p.record(1000, 5); // 200/ms but 5 ms < 10 ms: fixed costs, ignored as a lower bound
    expect(p.rate).toBe(1000);
    p.record(40_000, 80); // 500/ms at twice the target: averaged
    expect(p.rate).toBe(750);
    expect(p.budget).toBe(30_000);
  });
});
