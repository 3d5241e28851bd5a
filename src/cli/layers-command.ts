/**
 * `widelab layers`: per-layer statistics over an ensemble. For every layer
 * l = 1..L, |z_l|^2 / n_l of the raw preactivations of input 0 (n_L = 1: the output squared)
 * summarized over networks, and with the explicit engine the gradient norm |dLoss/dW_l|_F for
 * loss = sum_a z_L(x_a)^2 / 2, beside the theory: K_l (the infinite-width mean of
 * |z_l|^2/n_l, exact at any width for ReLU/linear without bias), chi_par, chi_perp, and the
 * exact law of log(|z_l|^2/n_l) where it is known. Both backends: the WebGPU engines return the
 * same per-layer statistics and (explicit) gradient norms as their CPU twins, to f32 rounding.
 */
import { resolveSpec } from '../engine/spec.ts';
import { createEngineAsync } from '../engine/index.ts';
import { PER_LAYER, PER_LAYER_KEYS } from '../engine/per-layer.ts';
import { theoryReport } from '../theory/report.ts';
import { logNormLawOf } from '../theory/log-norm.ts';
import type { LayersArgs } from './args.ts';
import { describeConfig } from './config-json.ts';
import { LayerStatsCollector } from '../engine/summary/layer-stats.ts';
import type { Io } from './io.ts';
import { progressReporter } from './progress.ts';

/** Why a LayerStats field reads null, by field (only the gradient can: the exact engine has no weights). */
const WHY_NULL: Partial<Record<string, string>> = {
  gradient:
    'gradient norms need real weights: run with --engine explicit (the exact engine samples preactivations, not weights)',
};

/** What each per-layer field of the output is, in PER_LAYER's words; left out where the run has none. */
function quantities(gradients: boolean, inputs: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of PER_LAYER_KEYS) {
    const { askedBy, stat } = PER_LAYER[key];
    if (inputs < stat.minInputs) continue;
    const asked = askedBy === 'layerStats' || gradients;
    if (asked) out[stat.field] = stat.meaning;
    else if (stat.absent === 'null') out[stat.field] = WHY_NULL[stat.field] ?? 'not asked for';
  }
  return out;
}

export async function runLayers(args: LayersArgs, io: Io) {
  const spec = resolveSpec(args.spec);
  const started = performance.now();
  const engine = await createEngineAsync(args.engine, args.backend);
  const gradients = args.engine === 'explicit';
  const options = { layerStats: true, gradients, threads: args.threads };
  const m = spec.model;
  const M = spec.networks;

  const stats = new LayerStatsCollector(spec, { gradients });
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const progress = progressReporter(args.progress, io);
  let done = 0;
  try {
    for await (const chunk of engine.run(spec, { ...options, signal: controller.signal })) {
      stats.add(chunk);
      done += chunk.count;
      progress.update(done, M);
    }
  } finally {
    process.off('SIGINT', onSignal);
    progress.finish();
  }
  const layers = stats.layers();

  const theory = theoryReport(m);
  const law = logNormLawOf(m);
  const warnings: string[] = [];
  const overflow = layers.find((l) => l.preactivation.nonFinite > 0);
  if (overflow) {
    warnings.push(
      `layer ${overflow.layer}: ${overflow.preactivation.nonFinite} of ${M} networks overflowed (Infinity/NaN) and are left out`,
    );
  }
  for (const w of warnings) io.stderr(`widelab: warning: ${w}\n`);
  if (theory.warning) warnings.push(theory.warning);
  // The exact CPU engine's description depends on the options (layerStats rules out its shortcut).
  const description = engine.describe(spec, options);
  // GPU engines name their adapter (vendor, architecture, description, software or not).
  const adapter = engine.adapterInfo?.();
  return {
    command: 'layers',
    config: describeConfig(spec),
    engine: { kind: engine.kind, description },
    backend: engine.backend,
    ...(adapter ? { adapter: { type: 'webgpu', ...adapter } } : {}),
    networks: M,
    quantity: {
      ...quantities(gradients, m.inputGram.length),
      quantiles:
        'exact order statistics: the q-quantile is the smallest value x with at least q M networks <= x',
    },
    layers,
    theory: {
      layers: theory.layers.map((t, l) => ({
        layer: t.layer,
        K: t.K,
        chiPar: t.chiPar,
        chiPerp: t.chiPerp,
        ...(t.correlation !== undefined ? { correlation: t.correlation } : {}),
        logNorm: law
          ? { mean: law.mean[l], variance: law.variance[l], deadProbability: law.deadProbability[l] }
          : null,
      })),
      note:
        'K_l is the infinite-width mean of |z_l|^2/n_l (exact at any width for ReLU/linear without bias, and for ' +
        'ReLU with layer/rms norm or two-input batch norm); logNorm is the exact law of log(|z_l|^2/n_l) (ReLU/linear, no bias, ' +
        'no normalization), conditioned on no dead layer',
    },
    warnings,
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}
