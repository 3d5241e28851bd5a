/**
 * Throughput of the generator on the calling thread (one core), for bench/run.ts. Measures the
 * production paths: fillNormals (Philox + Box-Muller), fillUniforms, and raw Philox blocks.
 * Rates are per second of CPU time in Node (see clockMs), so they are per-core figures.
 */
import { philox4x32Blocks } from '../src/random/philox.ts';
import { fillNormals, fillUniforms } from '../src/random/normals.ts';
import { Purpose } from '../src/random/address.ts';

export interface GeneratorBench {
  /** Standard normals per second through fillNormals (rows of 4096). */
  normalsPerSecond: number;
  /** Uniforms per second through fillUniforms (rows of 4096). */
  uniformsPerSecond: number;
  /** Philox4x32-10 calls (4 words each) per second through philox4x32Blocks. */
  philoxCallsPerSecond: number;
}

const ROW = 4096;

/**
 * Milliseconds of CPU time used by this process where Node can say (so that a busy machine,
 * whose other processes take turns on our core, does not lower the per-core figure), else wall
 * time.
 */
function clockMs(): number {
  if (typeof process !== 'undefined' && typeof process.cpuUsage === 'function') {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  return performance.now();
}

/** Items per second of `step` (which returns how many items it made), over about durationMs. */
function rate(step: (i: number) => number, durationMs: number): number {
  // Warm-up so that the optimizing compiler has run before timing.
  for (let i = 0; i < 50; i++) step(i);
  let items = 0;
  let i = 0;
  const t0 = clockMs();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let k = 0; k < 8; k++) items += step(i++);
    elapsed = clockMs() - t0;
  }
  return items / (elapsed / 1000);
}

/** Standard normals per second through fillNormals on this thread, over about durationMs. */
export function measureNormalsPerSecond(durationMs = 1000): number {
  const out = new Float64Array(ROW);
  return rate((i) => {
    fillNormals(1, i >>> 8, Purpose.Weight, 1, i, out);
    return ROW;
  }, durationMs);
}

/** All generator throughputs; durationMs per measurement (three of them). */
export function benchGenerator(durationMs = 1000): GeneratorBench {
  const words = new Uint32Array(ROW);
  const uniforms = new Float64Array(ROW);
  const philoxCallsPerSecond = rate((i) => {
    philox4x32Blocks(0, i, 1, Purpose.Weight, 1, 0, ROW / 4, words, 0);
    return ROW / 4;
  }, durationMs);
  const uniformsPerSecond = rate((i) => {
    fillUniforms(1, 0, Purpose.Dropout, 1, i, uniforms);
    return ROW;
  }, durationMs);
  return { normalsPerSecond: measureNormalsPerSecond(durationMs), uniformsPerSecond, philoxCallsPerSecond };
}
