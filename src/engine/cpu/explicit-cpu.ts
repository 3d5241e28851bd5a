/**
 * The explicit engine on the CPU: real Gaussian weights regenerated from the counter-based
 * generator row by row (explicit-kernel.ts), all k inputs of a network at once. O(L n^2 k)
 * per network; the check on the exact engine and the demonstration that it is real.
 */
import type { Engine, EnsembleChunk, RunOptions } from '../types.ts';
import type { RunSpec } from '../spec.ts';
import { explicitChunk } from './explicit-chunk.ts';
import { runChunks, type ChunkPlan } from './run-chunks.ts';

export class ExplicitCpuEngine implements Engine {
  readonly kind = 'explicit' as const;
  readonly backend = 'cpu' as const;

  describe(spec: RunSpec): string {
    const widths = spec.model.hiddenWidths;
    return `explicit (real weights regenerated row by row, ${widths.length + 1} weight layers), cpu`;
  }

  plan(spec: RunSpec, options: RunOptions = {}): ChunkPlan {
    const k = spec.model.inputGram.length;
    const sizes = [k, ...spec.model.hiddenWidths, 1];
    let macs = 0;
    for (let l = 1; l < sizes.length; l++) macs += sizes[l - 1] * sizes[l];
    // About 12 ns per weight (one normal) plus 1.5 ns per multiply-add and input; the backward
    // pass regenerates every weight once more.
    const passes = options.gradients ? 2 : 1;
    return { method: 'explicit', compute: explicitChunk, nanosPerNetwork: passes * macs * (12 + 1.5 * k) };
  }

  run(spec: RunSpec, options?: RunOptions): AsyncGenerator<EnsembleChunk, void, undefined> {
    return runChunks(this.plan(spec, options), spec, options);
  }
}
