/**
 * The WebGPU benchmark's sizes (no GPU needed): small ones for a software adapter, the issue's
 * widths and its goal run (n = 16384, L = 50, 10,000 networks) for a real GPU.
 */
import { describe, expect, it } from 'vitest';
import { benchCases } from '../../bench/webgpu-bench.ts';

const widths = (cases: ReturnType<typeof benchCases>['cases'], engine: 'exact' | 'explicit') =>
  cases.filter((c) => c.engine === engine).map((c) => c.width);

describe('benchCases', () => {
  it('small: exact n = 256, 1024 and explicit n = 64, 256 (cost at n and 4n), no goal run', () => {
    const { cases, goal } = benchCases('small', 10, false);
    expect(widths(cases, 'exact')).toEqual([256, 1024]);
    expect(widths(cases, 'explicit')).toEqual([64, 256]);
    expect(goal).toBeNull();
    for (const c of cases) expect(c.networks).toBe(c.engine === 'exact' ? 300 : 20);
  });

  it('large: n = 1024, 4096, 16384 for both engines and the n = 16384, L = 50, 10,000-network goal', () => {
    const { cases, goal } = benchCases('large', 10, false);
    expect(widths(cases, 'exact')).toEqual([1024, 4096, 16384]);
    expect(widths(cases, 'explicit')).toEqual([1024, 4096, 16384]);
    expect(goal).toEqual({ engine: 'exact', width: 16384, depth: 50, networks: 10_000 });
    for (const c of cases.filter((x) => x.engine === 'explicit')) {
      expect(c.networks).toBeGreaterThanOrEqual(4);
      expect(c.networks).toBeLessThanOrEqual(2000);
    }
    // About 2e10 weight draws per explicit case: 2e10 / (9 x 1024^2) = 2119, capped at 2000.
    expect(cases.find((c) => c.engine === 'explicit' && c.width === 1024)?.networks).toBe(2000);
    expect(cases.find((c) => c.engine === 'explicit' && c.width === 4096)?.networks).toBe(132);
  });
});
