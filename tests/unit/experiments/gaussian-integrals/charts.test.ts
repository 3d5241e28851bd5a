import { describe, expect, it } from 'vitest';
import {
  convergenceConfig,
  convergenceCsv,
  momentName,
} from '../../../../src/experiments/gaussian-integrals/charts.ts';
import { productText } from '../../../../src/experiments/gaussian-integrals/diagrams.ts';
import { runGaussianIntegrals } from '../../../../src/experiments/gaussian-integrals/model.ts';
import { DEFAULTS } from '../../../../src/experiments/gaussian-integrals/state.ts';
import { factorLabels, pairings } from '../../../../src/theory/wick.ts';

describe('what the view writes', () => {
  it('names moments and pairings: E[z₁² z₂²] = K11 K22 + K12² + K12²', () => {
    expect(momentName(2, 2)).toBe('E[z₁² z₂²]');
    expect(momentName(1, 0)).toBe('E[z₁]');
    expect(momentName(0, 8)).toBe('E[z₂⁸]');
    const labels = factorLabels(2, 2);
    expect(pairings(4).map((p) => productText(p, labels))).toEqual(['K11 K22', 'K12²', 'K12²']);
    expect(productText(pairings(8)[0], factorLabels(8, 0))).toBe('K11⁴');
  });

  it("the main chart's CSV has a row per checkpoint with the exact SE sqrt(Var / N); the funnel is exact +- 2 SE", async () => {
    const snap = await runGaussianIntegrals({ ...DEFAULTS, samples: 1000 }, () => {});
    const rows = convergenceCsv(snap).trim().split('\n');
    expect(rows[0]).toBe('samples,sample_mean,sample_se,exact,exact_se');
    expect(rows.length - 1).toBe(snap.points.length);
    const [n, mean, se, exact, exactSE] = rows.at(-1)!.split(',').map(Number);
    expect([n, mean, se, exact]).toEqual([
      1000,
      snap.points.at(-1)!.mean,
      snap.points.at(-1)!.se,
      snap.exact,
    ]);
    expect(exactSE).toBeCloseTo(Math.sqrt(snap.exactVariance / 1000), 14);
    const upper = convergenceConfig(snap).data.datasets[0].data as { x: number; y: number }[];
    for (const pt of upper)
      expect(pt.y).toBeCloseTo(snap.exact + 2 * Math.sqrt(snap.exactVariance / pt.x), 12);
  });
});
