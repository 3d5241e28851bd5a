/**
 * The exact engine on the CPU: Gaussian conditioning (exact-kernel.ts) for any activation,
 * k inputs, normalization and dropout, switching to the O(L) scale-invariant shortcut
 * (shortcut-cpu.ts) when it applies, unless told not to.
 */
import type { CostEstimate, Engine, EnsembleChunk, RunOptions } from '../types.ts';
import { cpuCost, cpuMethodOf, cpuNanosPerNetwork } from '../cost.ts';
import type { RunSpec } from '../spec.ts';
import { exactChunk } from './exact-kernel.ts';
import { shortcutChunk } from './shortcut-cpu.ts';
import { runChunks, type ChunkPlan } from './run-chunks.ts';

export interface ExactCpuOptions {
  /** Use the width-independent shortcut where it is exact (default true). */
  shortcut?: boolean;
}

export class ExactCpuEngine implements Engine {
  readonly kind = 'exact' as const;
  readonly backend = 'cpu' as const;
  private readonly allowShortcut: boolean;

  constructor(options: ExactCpuOptions = {}) {
    this.allowShortcut = options.shortcut ?? true;
  }

  /** Whether this run takes the shortcut (never when per-layer statistics are asked for). */
  usesShortcut(spec: RunSpec, options: RunOptions = {}): boolean {
    return cpuMethodOf('exact', spec, options, this.allowShortcut) === 'shortcut';
  }

  describe(spec: RunSpec, options?: RunOptions): string {
    return this.usesShortcut(spec, options)
      ? 'exact (scale-invariant shortcut: binomial and chi-square draws, O(L) per network), cpu'
      : 'exact (Gaussian conditioning), cpu';
  }

  estimateCost(spec: RunSpec, options?: RunOptions): CostEstimate {
    return cpuCost(this.usesShortcut(spec, options) ? 'shortcut' : 'exact', spec, options);
  }

  plan(spec: RunSpec, options?: RunOptions): ChunkPlan {
    return this.usesShortcut(spec, options)
      ? {
          method: 'shortcut',
          compute: shortcutChunk,
          nanosPerNetwork: cpuNanosPerNetwork('shortcut', spec, options),
        }
      : { method: 'exact', compute: exactChunk, nanosPerNetwork: cpuNanosPerNetwork('exact', spec, options) };
  }

  run(spec: RunSpec, options?: RunOptions): AsyncGenerator<EnsembleChunk, void, undefined> {
    return runChunks(this.plan(spec, options), spec, options);
  }
}
