import { describe, expect, it } from 'vitest';
import { ExactCpuEngine, ExplicitCpuEngine } from '../../../src/engine/index.ts';
import {
  LayerStatsCollector,
  orderStatistic,
  summarizeValues,
} from '../../../src/engine/summary/layer-stats.ts';
import { runSpec } from './models.ts';

describe('order statistics and summaries', () => {
  it('the q-quantile is the smallest value with at least q m values at or below it', () => {
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(orderStatistic(s, 0.1)).toBe(1);
    expect(orderStatistic(s, 0.5)).toBe(5);
    expect(orderStatistic(s, 0.9)).toBe(9);
    expect(orderStatistic(s, 0.91)).toBe(10);
    expect(orderStatistic([1, 2, 3], 0.5)).toBe(2);
    expect(Number.isNaN(orderStatistic([], 0.5))).toBe(true);
  });

  it('summaries leave out non-finite values and take logs of the positive ones only', () => {
    const r = summarizeValues([4, 0, Infinity, 1, NaN, 16]);
    expect(r.count).toBe(4);
    expect(r.nonFinite).toBe(2);
    expect(r.mean.value).toBe(21 / 4);
    expect(r.median).toBe(1);
    expect(r.log.count).toBe(3);
    expect(r.log.mean.value).toBeCloseTo(Math.log(64) / 3, 14);
    // Sample variance of (0, 1, 4, 16) with the m - 1 denominator and the mean's SE from it.
    const v = ((0 - 5.25) ** 2 + (1 - 5.25) ** 2 + (4 - 5.25) ** 2 + (16 - 5.25) ** 2) / 3;
    expect(r.mean.se).toBeCloseTo(Math.sqrt(v / 4), 14);
  });
});

describe('LayerStatsCollector', () => {
  it('summarizes after every chunk (networks so far) and refuses chunks without statistics', async () => {
    const spec = runSpec({ activation: 'relu', widths: [8, 8], cw: 2, networks: 30, rho: 0.2 });
    const stats = new LayerStatsCollector(spec, { gradients: true });
    const seen: number[] = [];
    for await (const chunk of new ExplicitCpuEngine().run(spec, {
      threads: 1,
      chunkNetworks: 10,
      layerStats: true,
      gradients: true,
    })) {
      stats.add(chunk);
      const layers = stats.layers();
      seen.push(layers[0].preactivation.count);
      expect(layers).toHaveLength(3);
      expect(layers[2].width).toBe(1);
      expect(layers[1].gradient?.count).toBe(stats.count);
      expect(layers[0].correlation?.count).toBe(stats.count);
      expect(layers[2].correlation).toBeNull();
    }
    expect(seen).toEqual([10, 20, 30]);

    const plain = new LayerStatsCollector(spec);
    for await (const chunk of new ExactCpuEngine().run(spec, { threads: 1 })) {
      expect(() => plain.add(chunk)).toThrow(/layerStats/);
    }
    const wantsGradients = new LayerStatsCollector(spec, { gradients: true });
    for await (const chunk of new ExactCpuEngine().run(spec, {
      threads: 1,
      layerStats: true,
      gradients: true,
    })) {
      expect(() => wantsGradients.add(chunk)).toThrow(/explicit/);
    }
  });
});
