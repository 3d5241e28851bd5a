/**
 * Throughput of the normals the CPU engines actually draw (normal-source.ts: the WebAssembly
 * SIMD generator where the platform runs it, else fillNormals), on the calling thread, for
 * bench/run.ts. Same addresses, same Box-Muller pairing as src/random's fillNormals.
 */
import { normalSource } from '../src/engine/cpu/normal-source.ts';
import { Purpose } from '../src/random/address.ts';

const ROW = 4096;

export interface EngineNormalsBench {
  /** 'wasm' or 'js': which generator the engines use here. */
  source: string;
  normalsPerSecond: number;
}

/** Normals per second of CPU time through the engines' normal source, over about durationMs. */
export function benchEngineNormals(durationMs = 1000): EngineNormalsBench {
  const source = normalSource();
  source.buffer(ROW);
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let i = 0; i < 50; i++) source.fill(1, i, Purpose.Unit, 1, 0, ROW, 0);
  let items = 0;
  let i = 0;
  const t0 = cpuMs();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let k = 0; k < 8; k++, i++) {
      source.fill(1, i >>> 8, Purpose.Unit, 1, i, ROW, 0);
      items += ROW;
    }
    elapsed = cpuMs() - t0;
  }
  return { source: source.name, normalsPerSecond: items / (elapsed / 1000) };
}
