import { expect, it } from 'vitest';
import { benchGenerator, measureNormalsPerSecond } from '../../../bench/generator-bench.ts';

it('benchGenerator returns positive finite rates (a smoke test; figures come from npm run bench)', () => {
  const b = benchGenerator(20);
  for (const v of [
    b.normalsPerSecond,
    b.uniformsPerSecond,
    b.philoxCallsPerSecond,
    measureNormalsPerSecond(20),
  ]) {
    expect(Number.isFinite(v) && v > 1e5).toBe(true);
  }
});
