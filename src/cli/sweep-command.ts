/**
 * `widelab sweep`: one ensemble per value of --width or --depth, on one engine, each summarized
 * as simulate summarizes its ensemble, one row per value beside the theory (K, the leading-order
 * and, where known, the exact kurtosis). JSON, or CSV with a header row.
 */
import { resolveSpec, type RunSpec } from '../engine/spec.ts';
import { createEngineAsync } from '../engine/index.ts';
import { theoryReport } from '../theory/report.ts';
import { CLI_DEFAULTS, type SweepArgs } from './args.ts';
import type { Io } from './io.ts';
import { describeConfig } from './config-json.ts';
import {
  nullMomentWarnings,
  outputTheory,
  overflowWarning,
  runEnsemble,
  slowRunNote,
  type Estimate,
} from './ensemble.ts';
import { progressReporter } from './progress.ts';
import { adapterOf } from './simulate-command.ts';

export interface SweepRow {
  width: number;
  depth: number;
  networks: number;
  /** Networks with a finite output (input 0), the ones the moments are over. */
  count: number;
  nonFinite: number;
  variance: Estimate;
  /** The sample excess kurtosis G2 of the outputs, as the lab's sweep charts plot it. */
  excessKurtosis: Estimate;
  theory: { K: number | null; kurtosisLeading: number | null; kurtosisExact: number | null };
  warnings: string[];
}

export async function runSweep(args: SweepArgs, io: Io) {
  // Check every value before the first ensemble runs: a typo in the last must not cost the others.
  const specs: RunSpec[] = args.values.map((value) => resolveSpec({ ...args.spec, [args.along]: value }));
  const started = performance.now();
  const engine = await createEngineAsync(args.engine, args.backend);
  const notes = specs.map((s) => slowRunNote(s, args.engine)).filter((n) => n !== null);
  if (notes.length > 0 && args.progress !== 'never') io.stderr(`widelab: note: ${notes[notes.length - 1]}\n`);

  const width = args.spec.width ?? CLI_DEFAULTS.width;
  const progress = progressReporter(args.progress, io);
  const rows: SweepRow[] = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const label = `${args.along} ${args.values[i]} (${i + 1} of ${specs.length}): `;
      const [o] = await runEnsemble(spec, engine, { threads: args.threads, progress, label });
      const theory = theoryReport(spec.model);
      const { values, warning } = outputTheory(theory);
      const warnings = [overflowWarning([o], spec.networks), ...nullMomentWarnings([o]), warning].filter(
        (w): w is string => w !== null,
      );
      rows.push({
        width: args.along === 'width' ? args.values[i] : width,
        depth: spec.model.hiddenWidths.length + 1,
        networks: spec.networks,
        count: o.count,
        nonFinite: o.nonFinite,
        variance: o.variance,
        excessKurtosis: o.excessKurtosis,
        theory: { K: values.K, kurtosisLeading: values.kurtosisLeading, kurtosisExact: values.kurtosisExact },
        warnings,
      });
    }
  } finally {
    progress.finish();
  }
  for (const row of rows) {
    for (const w of row.warnings) io.stderr(`widelab: warning: ${args.along} ${row[args.along]}: ${w}\n`);
  }

  // The swept option is the list of values; one hidden-widths array would describe one row only.
  const config = Object.fromEntries(
    Object.entries({
      ...describeConfig(specs[0]),
      width: args.along === 'width' ? args.values : width,
      depth: args.along === 'depth' ? args.values : specs[0].model.hiddenWidths.length + 1,
    }).filter(([key]) => key !== 'widths'),
  );
  const theoryNote = theoryReport(specs[0].model).warning;
  return {
    command: 'sweep',
    along: args.along,
    values: args.values,
    config,
    engine: { kind: engine.kind, description: engine.describe(specs[0]) },
    backend: engine.backend,
    adapter: adapterOf(engine, args.threads),
    ...(specs[0].model.inputGram.length > 1 ? { note: 'each row describes the output for input 0' } : {}),
    rows,
    warnings: theoryNote ? [theoryNote] : [],
    wallTimeSeconds: (performance.now() - started) / 1000,
  };
}

const CSV_COLUMNS = [
  'width',
  'depth',
  'networks',
  'count',
  'non_finite',
  'variance',
  'variance_se',
  'excess_kurtosis',
  'excess_kurtosis_se',
  'theory_K',
  'theory_kurtosis_leading',
  'theory_kurtosis_exact',
] as const;

/** CSV of a sweep: a header row, one row per value; a null is an empty field. */
export function sweepCsv(rows: SweepRow[]): string {
  const cell = (x: number | null) => (x === null ? '' : String(x));
  const lines = rows.map((r) =>
    [
      r.width,
      r.depth,
      r.networks,
      r.count,
      r.nonFinite,
      r.variance.value,
      r.variance.se,
      r.excessKurtosis.value,
      r.excessKurtosis.se,
      r.theory.K,
      r.theory.kurtosisLeading,
      r.theory.kurtosisExact,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
