/**
 * Fingerprints of every engine's numbers on fixed specs, for refactors that must leave values
 * bit-identical: run it before and after, and diff the two JSON files.
 *
 *   node bin/run-ts.mjs scripts/golden-values.ts > before.json   # ... refactor ...
 *   node bin/run-ts.mjs scripts/golden-values.ts > after.json && diff before.json after.json
 *
 * Each array an engine returns (outputs, gram, layer extras) is hashed from its raw f64 bytes,
 * so one changed bit anywhere shows. The WebGPU engines run on whatever adapter Dawn finds
 * (SwiftShader here); with none, their entries say why instead of a hash.
 */
import { createHash } from 'node:crypto';
import {
  collect,
  createEngineAsync,
  type Collected,
  type EngineKind,
  type RunOptions,
} from '../src/engine/index.ts';
import { resolveSpec, type SpecInput } from '../src/engine/spec.ts';
import { theoryReport } from '../src/theory/report.ts';

interface Case {
  name: string;
  kind: EngineKind;
  input: SpecInput;
  options?: RunOptions;
  shortcut?: boolean;
}

const base: SpecInput = { width: 24, depth: 4, networks: 40, seed: 7 };
const cases: Case[] = [];
for (const activation of ['relu', 'tanh', 'gelu', 'sin']) {
  for (const kind of ['exact', 'explicit'] as const) {
    cases.push({ name: `${kind} ${activation} k1`, kind, input: { ...base, activation } });
    cases.push({
      name: `${kind} ${activation} k2 layerStats`,
      kind,
      input: { ...base, activation, inputsCorrelation: 0.3 },
      options: { layerStats: true },
    });
  }
}
cases.push({
  name: 'exact relu shortcut',
  kind: 'exact',
  input: { ...base, activation: 'relu', depth: 9 },
  shortcut: true,
});
cases.push({
  name: 'exact tanh layer-norm',
  kind: 'exact',
  input: { ...base, activation: 'tanh', norm: 'layer' },
});
cases.push({
  name: 'explicit tanh rms dropout',
  kind: 'explicit',
  input: { ...base, activation: 'tanh', norm: 'rms', dropout: 0.2 },
});
cases.push({
  name: 'explicit relu batch-norm',
  kind: 'explicit',
  input: { ...base, activation: 'relu', norm: 'batch', inputsCorrelation: 0.6 },
});
cases.push({
  name: 'explicit tanh k2 gradients',
  kind: 'explicit',
  input: { ...base, activation: 'tanh', inputsCorrelation: -0.5 },
  options: { gradients: true, layerStats: true },
});
cases.push({
  name: 'explicit widths 5,33,7',
  kind: 'explicit',
  input: { ...base, activation: 'swish', widths: [5, 33, 7] },
});

function hash(values: Float64Array): string {
  return createHash('sha256')
    .update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    .digest('hex')
    .slice(0, 16);
}

/** Every array of a run, the per-layer ones under their own keys (outputs, gram, layerNorms, ...). */
function fingerprint(c: Collected): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...c, ...c.perLayer }))
    if (value instanceof Float64Array) out[key] = hash(value);
  return out;
}

const result: Record<string, unknown> = {};
for (const backend of ['cpu', 'webgpu'] as const) {
  for (const c of cases) {
    const key = `${backend}: ${c.name}`;
    try {
      const engine = await createEngineAsync(c.kind, backend, { shortcut: c.shortcut ?? false, threads: 1 });
      result[key] = fingerprint(await collect(engine, resolveSpec(c.input), { threads: 1, ...c.options }));
    } catch (e) {
      result[key] = `error: ${(e as Error).message}`;
    }
  }
}
for (const activation of ['relu', 'tanh', 'gelu']) {
  const spec = resolveSpec({ ...base, activation, inputsCorrelation: 0.5 });
  const report = theoryReport(spec.model);
  result[`theory ${activation}`] = createHash('sha256')
    .update(JSON.stringify(report))
    .digest('hex')
    .slice(0, 16);
}
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
process.exit(0);
