/**
 * The WebGPU engines, loaded on demand by src/engine/index.ts (createEngineAsync).
 *
 *   const engine = await createWebGpuEngine('exact');           // finds a device
 *   const engine = await createWebGpuEngine('explicit', { device }); // the app's device
 */
import type { Engine, EngineKind } from '../types.ts';
import { ExactWebGpuEngine } from './exact-webgpu.ts';
import { ExplicitWebGpuEngine } from './explicit-webgpu.ts';
import type { WebGpuEngineOptions } from './session.ts';

export { ExactWebGpuEngine } from './exact-webgpu.ts';
export { ExplicitWebGpuEngine } from './explicit-webgpu.ts';
export type { WebGpuEngineOptions } from './session.ts';

/**
 * A WebGPU engine with its device acquired (so `describe` names the adapter and a missing
 * WebGPU fails here, with WebGpuUnavailableError, not mid-run).
 */
export async function createWebGpuEngine(
  kind: EngineKind,
  options: WebGpuEngineOptions = {},
): Promise<Engine & { adapterInfo(): import('./device.ts').AdapterReport | undefined }> {
  const engine = kind === 'exact' ? new ExactWebGpuEngine(options) : new ExplicitWebGpuEngine(options);
  await engine.session.context();
  return engine;
}
