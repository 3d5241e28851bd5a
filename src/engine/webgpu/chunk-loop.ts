/**
 * The run loop both WebGPU engines share: chunk after chunk of networks, each on a fresh
 * Dispatcher (paced, aborted between submissions), retried on a new device when the device is
 * lost mid-chunk (a chunk's networks depend only on their indices, so a retry gives the same
 * values), with progress after each chunk.
 */
import { abortError, type EnsembleChunk, type RunOptions } from '../types.ts';
import type { RunSpec } from '../spec.ts';
import { DeviceLostError } from './buffers.ts';
import { Dispatcher } from './dispatcher.ts';
import type { Pacer } from './pacer.ts';
import type { GpuSession } from './session.ts';

/** Device losses tolerated within one chunk before the run fails. */
const RETRIES = 2;

export interface ChunkSource {
  /** How many networks the next chunk may hold, `done` networks into the run. */
  size(done: number): number;
  /** Networks [start, start + count) on the session's current device, queued through `dispatcher`. */
  chunk(dispatcher: Dispatcher, start: number, count: number): Promise<EnsembleChunk>;
}

export async function* runChunks(
  session: GpuSession,
  pacer: Pacer,
  spec: RunSpec,
  options: RunOptions,
  source: ChunkSource,
): AsyncGenerator<EnsembleChunk, void, undefined> {
  let done = 0;
  while (done < spec.networks) {
    if (options.signal?.aborted) throw abortError();
    const count = Math.min(spec.networks - done, source.size(done));
    let chunk: EnsembleChunk | undefined;
    for (let attempt = 0; !chunk; attempt++) {
      try {
        await session.context();
        chunk = await source.chunk(new Dispatcher(session, { pacer, signal: options.signal }), done, count);
      } catch (e) {
        if (!(e instanceof DeviceLostError) || attempt >= RETRIES) throw e;
        session.lost(e);
      }
    }
    done += count;
    options.onProgress?.(done, spec.networks);
    yield chunk;
  }
}
