/**
 * The compute worker (a Vite module worker): runs the Gaussian-limit model off the page's
 * thread, so the page never freezes. CPU engines run here with one thread; when the page asks
 * for WebGPU and the worker has navigator.gpu, the WebGPU engines run here too.
 *
 * The WebGPU module is imported statically: createEngineAsync's variable dynamic import is
 * meant for Node and is not bundled by Vite.
 */
import { createEngine } from '../../engine/index.ts';
import type { Engine, EngineKind } from '../../engine/types.ts';
import { createWebGpuEngine } from '../../engine/webgpu/index.ts';
import { GaussianLimitRunner } from './model.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

const scope = globalThis as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const post = (m: FromWorker): void => scope.postMessage(m);

type GpuEngine = Awaited<ReturnType<typeof createWebGpuEngine>>;
let gpuEngines: Map<EngineKind, Promise<GpuEngine>> | null = null;
let gpuFailed = false;

async function engineFor(kind: EngineKind, backend: 'webgpu' | 'cpu'): Promise<Engine> {
  if (backend === 'webgpu' && !gpuFailed && (globalThis.navigator as Navigator | undefined)?.gpu) {
    gpuEngines ??= new Map();
    let p = gpuEngines.get(kind);
    if (!p) {
      p = createWebGpuEngine(kind, { onDeviceLost: (message) => post({ type: 'notice', message: `The GPU device was lost: ${message}.` }) });
      gpuEngines.set(kind, p);
    }
    try {
      const e = await p;
      const info = e.adapterInfo();
      post({ type: 'backend', backend: 'webgpu', detail: info ? `${info.description}${info.software ? ' (software)' : ''}` : 'WebGPU' });
      return e;
    } catch (err) {
      gpuFailed = true;
      post({ type: 'backend', backend: 'cpu', detail: `WebGPU failed in the worker (${err instanceof Error ? err.message : String(err)}); using the CPU` });
    }
  }
  return createEngine(kind, 'cpu');
}

let current: { id: number; controller: AbortController } | null = null;
const runners = new Map<string, GaussianLimitRunner>();

function runnerFor(backend: 'webgpu' | 'cpu'): GaussianLimitRunner {
  let r = runners.get(backend);
  if (!r) {
    // Without a GPU the sweeps get smaller ensembles, so that the whole page refreshes in seconds.
    r = new GaussianLimitRunner((kind) => engineFor(kind, backend), backend === 'cpu' ? { sweepNetworks: 2000, sweepPointMs: 120 } : {});
    runners.set(backend, r);
  }
  return r;
}

async function start(msg: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  current?.controller.abort();
  const controller = new AbortController();
  current = { id: msg.id, controller };
  const t0 = performance.now();
  // At most ten progress messages a second: the page only moves a bar with them.
  let lastProgress = -Infinity;
  const onProgress = (progress: number): void => {
    const t = performance.now();
    if (t - lastProgress < 100) return;
    lastProgress = t;
    post({ type: 'progress', id: msg.id, progress });
  };
  try {
    await runnerFor(msg.backend).run(
      msg.state,
      (snapshot) => post({ type: 'snapshot', id: msg.id, snapshot, elapsedMs: performance.now() - t0 }),
      controller.signal,
      onProgress,
    );
    post({ type: 'done', id: msg.id, elapsedMs: performance.now() - t0 });
  } catch (e) {
    if (controller.signal.aborted) post({ type: 'cancelled', id: msg.id });
    else post({ type: 'error', id: msg.id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (current?.controller === controller) current = null;
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'run') void start(msg);
  else if (msg.type === 'cancel' && current?.id === msg.id) current.controller.abort();
};
