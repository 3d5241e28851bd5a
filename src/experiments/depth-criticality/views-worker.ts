/**
 * The compute worker of the "Depth & criticality" and "Two inputs" views (a Vite module
 * worker): CPU engines with one thread, per-layer statistics, and the phase diagram, all off
 * the page's thread. Per-layer statistics exist only in the CPU engines, so no WebGPU here.
 */
import { createEngine } from '../../engine/index.ts';
import { runDepth } from './model.ts';
import { phaseDiagramRows, phaseGrid, phaseKey, runTwoInputs, type PhasePart } from '../two-inputs/model.ts';
import type { FromViewsWorker, ToViewsWorker } from './protocol.ts';

const scope = globalThis as unknown as {
  postMessage(m: FromViewsWorker): void;
  onmessage: ((e: MessageEvent<ToViewsWorker>) => void) | null;
};
const post = (m: FromViewsWorker): void => scope.postMessage(m);
const engines = (kind: 'exact' | 'explicit') => createEngine(kind, 'cpu');

let current: { id: number; controller: AbortController } | null = null;
/** The last phase diagram, complete or partial: moving C_W or C_b does not recompute it. */
let phaseCache: PhasePart | null = null;

async function start(msg: Exclude<ToViewsWorker, { type: 'cancel' }>): Promise<void> {
  current?.controller.abort();
  const controller = new AbortController();
  const signal = controller.signal;
  current = { id: msg.id, controller };
  const t0 = performance.now();
  const id = msg.id;
  try {
    if (msg.type === 'depth') {
      await runDepth(msg.state, engines, (snapshot) => post({ type: 'depth', id, snapshot }), signal);
    } else {
      const grid = phaseGrid(msg.state);
      const cached = phaseCache?.key === phaseKey(grid) ? phaseCache : null;
      if (cached) post({ type: 'phase', id, part: cached });
      await runTwoInputs(msg.state, engines, (snapshot) => post({ type: 'two-inputs', id, snapshot }), signal);
      if (!cached || cached.rows < cached.cb.length) {
        for await (const part of phaseDiagramRows(grid, signal, cached)) {
          post({ type: 'phase', id, part });
          phaseCache = part;
        }
      }
    }
    post({ type: 'done', id, elapsedMs: performance.now() - t0 });
  } catch (e) {
    if (signal.aborted) post({ type: 'cancelled', id });
    else post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    if (current?.controller === controller) current = null;
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    if (current?.id === msg.id) current.controller.abort();
  } else {
    void start(msg);
  }
};
