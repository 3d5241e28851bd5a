/**
 * One ensemble as simulate and sweep run it: stream the engine's outputs into float64
 * accumulators (and optionally a samples file), with progress and Ctrl-C, and summarize each
 * input's moments. A moment the ensemble cannot give is null and named in a warning, never a
 * NaN that JSON would turn into a silent null.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RunSpec } from '../engine/spec.ts';
import type { TheoryReport } from '../theory/report.ts';
import type { Engine } from '../engine/index.ts';
import { Moments, MixtureMoments } from '../stats/index.ts';
import { UsageError } from './args.ts';
import type { Progress } from './progress.ts';

/** A measured value and its standard error; null where the ensemble cannot give it. */
export interface Estimate {
  value: number | null;
  se: number | null;
}

export interface OutputStats {
  input: number;
  count: number;
  mean: Estimate;
  variance: Estimate;
  skewness: Estimate;
  excessKurtosis: Estimate;
  /** From the per-network conditional variance G: Var z = E G, E z^4 = 3 E G^2. */
  raoBlackwell: { variance: Estimate; excessKurtosis: Estimate };
  /** Networks whose output overflowed to Infinity or NaN (left out of the moments). */
  nonFinite: number;
}

export interface EnsembleOptions {
  threads?: number;
  /** Write one line per network (its k outputs) to this file. */
  samples?: string;
  progress: Progress;
  /** Names the run in progress lines (a sweep's value). */
  label?: string;
}

export async function runEnsemble(
  spec: RunSpec,
  engine: Engine,
  options: EnsembleOptions,
): Promise<OutputStats[]> {
  const k = spec.model.inputGram.length;
  const moments = Array.from({ length: k }, () => new Moments());
  const mixtures = Array.from({ length: k }, () => new MixtureMoments());
  const nonFinite = new Array<number>(k).fill(0);
  const samples = options.samples === undefined ? undefined : openSamples(options.samples);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let done = 0;
  try {
    for await (const chunk of engine.run(spec, { signal: controller.signal, threads: options.threads })) {
      for (let net = 0; net < chunk.count; net++) {
        for (let a = 0; a < k; a++) {
          const z = chunk.outputs[net * k + a];
          const g = chunk.gram[(net * k + a) * k + a];
          if (Number.isFinite(z) && Number.isFinite(g)) {
            moments[a].add(z);
            mixtures[a].add(g);
          } else {
            nonFinite[a]++;
          }
        }
      }
      if (samples !== undefined) writeSamples(samples, chunk.outputs, chunk.count, k);
      done += chunk.count;
      options.progress.update(done, spec.networks, options.label);
    }
  } finally {
    process.off('SIGINT', onSignal);
    if (samples !== undefined) closeSync(samples);
  }
  return moments.map((m, a) => summarizeOutput(a, m, mixtures[a], nonFinite[a]));
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function estimate(value: number, se: number): Estimate {
  return { value: finiteOrNull(value), se: finiteOrNull(se) };
}

function summarizeOutput(input: number, m: Moments, g: MixtureMoments, nonFinite: number): OutputStats {
  const s = m.summary();
  const rb = g.summary();
  return {
    input,
    count: s.count,
    mean: estimate(s.mean, s.meanSE),
    variance: estimate(s.variance, s.varianceSE),
    skewness: estimate(s.skewness, s.skewnessSE),
    excessKurtosis: estimate(s.excessKurtosis, s.excessKurtosisSE),
    raoBlackwell: {
      variance: estimate(rb.variance, rb.varianceSE),
      excessKurtosis: estimate(rb.excessKurtosis, rb.excessKurtosisSE),
    },
    nonFinite,
  };
}

/** The fewest finite outputs each sample moment's standard error needs. */
const NEEDS = { variance: 2, 'excess kurtosis': 4 } as const;

/**
 * One warning per input whose moments (or their SEs) are null, saying why: too few finite
 * outputs, outputs that are all equal (variance 0: shape undefined), or float64 overflow.
 */
export function nullMomentWarnings(outputs: OutputStats[]): string[] {
  const warnings: string[] = [];
  for (const o of outputs) {
    const fields: [string, Estimate][] = [
      ['mean', o.mean],
      ['variance', o.variance],
      ['skewness', o.skewness],
      ['excess kurtosis', o.excessKurtosis],
      ['Rao-Blackwell variance', o.raoBlackwell.variance],
      ['Rao-Blackwell excess kurtosis', o.raoBlackwell.excessKurtosis],
    ];
    const missing = fields.filter(([, e]) => e.value === null).map(([name]) => name);
    const noSE = fields.filter(([, e]) => e.value !== null && e.se === null).map(([name]) => name);
    if (missing.length === 0 && noSE.length === 0) continue;
    const where = outputs.length > 1 ? `input ${o.input}: ` : '';
    const gave = `${o.count} network${o.count === 1 ? '' : 's'} gave a finite output`;
    let why: string;
    if (o.count < NEEDS['excess kurtosis']) {
      why =
        o.nonFinite > 0
          ? `only ${gave}, the other ${o.nonFinite} overflowed`
          : `only ${gave} (a standard error needs ${NEEDS.variance}, skewness and kurtosis ${NEEDS['excess kurtosis']}; raise --networks)`;
    } else if (o.variance.value === 0) {
      why = `all ${o.count} outputs are equal (variance 0), so their shape is undefined: a degenerate ensemble`;
    } else {
      why = 'the outputs are too large for float64 moments (C_W and depth beyond what float64 can hold)';
    }
    const what = [
      missing.length > 0 ? `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} null` : '',
      noSE.length > 0
        ? `${noSE.join(', ')} ${noSE.length === 1 ? 'has' : 'have'} no standard error (null)`
        : '',
    ].filter((t) => t !== '');
    warnings.push(`${where}${what.join('; ')}: ${why}`);
  }
  return warnings;
}

/** The overflow warning: networks left out of the moments because their output is not finite. */
export function overflowWarning(outputs: OutputStats[], networks: number): string | null {
  const worst = Math.max(...outputs.map((o) => o.nonFinite));
  if (worst === 0) return null;
  return (
    `${worst} of ${networks} networks overflowed (Infinity/NaN) and are left out of the moments: ` +
    'C_W and depth are beyond what float64 can hold'
  );
}

/** The theory of the output as the command line prints it; an overflowed value is null and warned about. */
export function outputTheory(theory: TheoryReport): {
  values: {
    K: number | null;
    kurtosisLeading: number | null;
    kurtosisExact: number | null;
    varianceExact: number | null;
  };
  warning: string | null;
} {
  const raw = theory.output;
  const fields = ['K', 'kurtosisLeading', 'kurtosisExact', 'varianceExact'] as const;
  const overflowed = fields.filter((f) => raw[f] !== null && !Number.isFinite(raw[f]));
  const values = {
    K: finiteOrNull(raw.K),
    kurtosisLeading: raw.kurtosisLeading === null ? null : finiteOrNull(raw.kurtosisLeading),
    kurtosisExact: raw.kurtosisExact === null ? null : finiteOrNull(raw.kurtosisExact),
    varianceExact: raw.varianceExact === null ? null : finiteOrNull(raw.varianceExact),
  };
  const warning =
    overflowed.length > 0
      ? `theory ${overflowed.join(', ')} ${overflowed.length === 1 ? 'is' : 'are'} null: beyond float64 at this C_W and depth`
      : null;
  return { values, warning };
}

/** Networks x work per network beyond which we say that the run will take a long time. */
const SLOW_WORK = 5e11;

/** A note (or null) that a run of this size will take long. */
export function slowRunNote(spec: RunSpec, kind: 'exact' | 'explicit'): string | null {
  const m = spec.model;
  const widths = [m.inputDim, ...m.hiddenWidths, 1];
  let perNetwork = 0;
  for (let l = 1; l < widths.length; l++)
    perNetwork += kind === 'explicit' ? widths[l] * widths[l - 1] : widths[l];
  const work = perNetwork * m.inputGram.length * spec.networks;
  if (work <= SLOW_WORK) return null;
  return (
    `about ${work.toExponential(1)} ${kind === 'explicit' ? 'weight draws' : 'unit draws'}; ` +
    'this will take a long time (Ctrl-C cancels)'
  );
}

function openSamples(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (e) {
    const reason = e instanceof Error && 'code' in e ? String((e as NodeJS.ErrnoException).code) : String(e);
    throw new UsageError(`cannot write --samples file '${path}' (${reason})`);
  }
}

/** One line per network, its k outputs separated by tabs, each in shortest round-trip form. */
function writeSamples(fd: number, outputs: Float64Array, count: number, k: number): void {
  const lines: string[] = new Array(count);
  for (let net = 0; net < count; net++) {
    let line = String(outputs[net * k]);
    for (let a = 1; a < k; a++) line += `\t${outputs[net * k + a]}`;
    lines[net] = line;
  }
  writeSync(fd, `${lines.join('\n')}\n`);
}
