/**
 * The sums view's charts (charts.ts), from a real snapshot: the exact lines have the slopes
 * 1 - r/2 through |kappa_r(X)| at n = 1; only non-zero orders are drawn (kappa_3 for the
 * exponential alone); a point within 2 SE of 0 is hollow with no bar; the histogram is capped
 * at the density axis; the CSVs carry every n with the exact values.
 */
import { describe, expect, it } from 'vitest';
import {
  DENSITY_MAX,
  cumulantConfig,
  cumulantCsv,
  drawnOrders,
  histogramConfig,
  histogramCsv,
} from '../../../../src/experiments/nearly-gaussian-sums/charts.ts';
import { SumSampler } from '../../../../src/experiments/nearly-gaussian-sums/model.ts';
import { SUM_WIDTHS } from '../../../../src/experiments/nearly-gaussian-sums/state.ts';

type Point = { x: number; y: number };
type Series = { label: string; data: Point[]; errorBars?: number[]; backgroundColor?: unknown };

function snapshotOf(d: 'coin' | 'exponential', samples = 1500) {
  const s = new SumSampler(d, 2, SUM_WIDTHS.slice(0, 8));
  s.addSamples(0, samples);
  return s.snapshot(samples);
}

describe('sums charts', () => {
  it('exact lines fall with slopes -1 and -2 (and -1/2 for the skewed exponential)', () => {
    const exp = snapshotOf('exponential');
    expect(drawnOrders(exp)).toEqual([3, 4, 6]);
    expect(drawnOrders(snapshotOf('coin'))).toEqual([4, 6]);
    const sets = cumulantConfig(exp, 16).data.datasets as unknown as Series[];
    const line = (r: string) => sets.find((d) => d.label.startsWith(`exact |κ${r}(X)|`))!.data;
    for (const [r, k, slope] of [
      ['₃', 2, -0.5],
      ['₄', 6, -1],
      ['₆', 120, -2],
    ] as const) {
      const [a, b] = line(r);
      expect(a).toEqual({ x: 1, y: k });
      expect(Math.log(b.y / a.y) / Math.log(b.x / a.x)).toBeCloseTo(slope, 12);
    }
    expect(sets.at(-1)!.label).toBe('n = 16');
  });

  it('a point within 2 SE of 0 is hollow and has no bar; a clear one is filled with its SE', () => {
    const coin = snapshotOf('coin');
    const sets = cumulantConfig(coin, 1).data.datasets as unknown as Series[];
    const k4 = sets.find((d) => d.label === 'measured |κ₄| (± 1 SE)')!;
    const colors = k4.backgroundColor as string[];
    k4.data.forEach((p, i) => {
      const e = coin.estimates[coin.widths.indexOf(p.x)];
      const clear = Math.abs(e.kappa4) > 2 * e.kappa4SE;
      expect(colors[i] === '#ffffff').toBe(!clear);
      if (clear) expect(k4.errorBars![i]).toBe(e.kappa4SE);
      else expect(Number.isNaN(k4.errorBars![i])).toBe(true);
    });
    // At n = 1 the coin's kappa_4 = -2 is clear at 1500 sums; at n = 128, -2/128, it is not.
    expect(colors[0]).not.toBe('#ffffff');
    expect(colors.at(-1)).toBe('#ffffff');
  });

  it('the histogram is capped at the axis; the CSVs hold every n and the exact cumulants', () => {
    const coin = snapshotOf('coin');
    // n = 1: two spikes of density 0.5 / 0.2 = 2.5, cut at DENSITY_MAX.
    const bars = (histogramConfig(coin, 0).data.datasets[0] as unknown as Series).data;
    expect(Math.max(...bars.map((p) => p.y))).toBe(DENSITY_MAX);
    expect(Math.max(...coin.density[0])).toBeGreaterThan(2);
    const rows = histogramCsv(coin, 0).trim().split('\n');
    expect(rows[0]).toBe('x_lo,x_hi,density,gaussian_at_mid,edgeworth_at_mid');
    expect(rows.length).toBe(1 + coin.edges.length - 1);
    const cum = cumulantCsv(coin).trim().split('\n');
    expect(cum.length).toBe(1 + 8);
    const header = cum[0].split(',');
    const row8 = cum[4].split(',');
    expect(Number(row8[header.indexOf('n')])).toBe(8);
    expect(Number(row8[header.indexOf('kappa4_exact')])).toBe(-0.25);
    expect(Number(row8[header.indexOf('kappa6_exact')])).toBe(0.25);
  });
});
