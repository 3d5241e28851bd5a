/**
 * The theory computations the views run on every edit, timed (the page redraws their curves
 * while a slider moves, so they must stay well under a frame budget of a few hundred ms): a
 * 12 x 12 tanh phase diagram at depth 20, a 1000-layer tanh report, and the exact ReLU log-norm
 * law over 1000 layers of width 2^20. Seconds per call, median of a few calls.
 */
import { makeActivation } from '../src/theory/activations.ts';
import { logNormLaw } from '../src/theory/log-norm.ts';
import { phaseDiagram } from '../src/theory/phase-diagram.ts';
import { theoryReport } from '../src/theory/report.ts';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function secondsPerCall(f: () => unknown, calls: number): number {
  f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    f();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

export function benchTheory(quick: boolean): Record<string, number> {
  const calls = quick ? 1 : 5;
  const values = Array.from({ length: 12 }, (_, i) => 0.25 + (i * 3.75) / 11);
  return {
    phaseDiagramTanh12x12Depth20Seconds: secondsPerCall(
      () =>
        phaseDiagram({
          activation: makeActivation('tanh'),
          cbValues: values.map((v) => v / 4),
          cwValues: values,
          depth: 20,
          rho: 0.5,
        }),
      calls,
    ),
    report1000LayersTanhSeconds: secondsPerCall(
      () =>
        theoryReport({
          activation: makeActivation('tanh'),
          hiddenWidths: new Array(999).fill(512),
          cw: 1,
          cb: 0,
          inputGram: [[1]],
          normalization: 'none',
          dropout: 0,
        }),
      calls,
    ),
    logNormRelu1000LayersWidth2e20Seconds: secondsPerCall(
      () => logNormLaw(makeActivation('relu'), 2, 0, 1, new Array(1000).fill(1 << 20)),
      calls,
    ),
  };
}
