/**
 * Which backend a view's compute worker runs, decided once per page from the adapter probe
 * (ui/compute-status.ts) and `?backend=`. DOM-free.
 */
import type { Backend } from '../engine/types.ts';
import type { ComputeStatus } from '../ui/compute-status.ts';

export interface BackendChoice {
  backend: Backend;
  /** What the page says about the choice, or '' (nothing to say). */
  note: string;
}

/** The note for a software adapter that the CPU engines outrun. */
export const softwareAdapterNote = (adapter: string): string =>
  `Only a software WebGPU adapter was found (${adapter}); the CPU engines, in a background worker, are faster here.`;

/**
 * `?backend=webgpu|cpu` forces one (webgpu only where an adapter exists; the e2e tests run
 * WebGPU on SwiftShader so), else WebGPU on a real adapter and the CPU on none or a software
 * one (SwiftShader is slower than the CPU engines). `note`: what the page says when an adapter
 * exists but the CPU runs, or ''.
 */
export function chooseBackend(status: ComputeStatus, forced: string | null): BackendChoice {
  const backend: Backend =
    forced === 'cpu' || forced === 'webgpu'
      ? forced === 'webgpu' && status.backend === 'webgpu'
        ? 'webgpu'
        : 'cpu'
      : status.backend === 'webgpu' && !status.fallback
        ? 'webgpu'
        : 'cpu';
  // Without WebGPU the shell's Compute line already says so, and why: no second notice here.
  const note =
    status.backend === 'webgpu' && backend === 'cpu' && forced !== 'cpu'
      ? softwareAdapterNote(status.adapter)
      : '';
  return { backend, note };
}
