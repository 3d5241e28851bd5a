/**
 * The explicit engine on the CPU: real Gaussian weights regenerated from the counter-based
 * generator row by row (explicit-kernel.ts), all k inputs of a network at once. O(L n^2 k)
 * per network; the check on the exact engine and the demonstration that it is real.
 */
import type { CostEstimate, Engine, EnsembleChunk, RunOptions } from '../types.ts';
import { cpuCost, cpuNanosPerNetwork } from '../cost.ts';
import type { RunSpec } from '../spec.ts';
import { explicitChunk } from './explicit-chunk.ts';
import { runChunks, type ChunkPlan } from './run-chunks.ts';

export class ExplicitCpuEngine implements Engine {
  readonly kind = 'explicit' as const;
  readonly backend = 'cpu' as const;

  describe(spec: RunSpec, _options?: RunOptions): string {
    const widths = spec.model.hiddenWidths;
    return `explicit (real weights regenerated row by row, ${widths.length + 1} weight layers), cpu`;
  }

  estimateCost(spec: RunSpec, options?: RunOptions): CostEstimate {
    return cpuCost('explicit', spec, options);
  }

  plan(spec: RunSpec, options?: RunOptions): ChunkPlan {
    return {
      method: 'explicit',
      compute: explicitChunk,
      nanosPerNetwork: cpuNanosPerNetwork('explicit', spec, options),
    };
  }

  run(spec: RunSpec, options?: RunOptions): AsyncGenerator<EnsembleChunk, void, undefined> {
    return runChunks(this.plan(spec, options), spec, options);
  }
}
