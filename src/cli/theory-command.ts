/** `widelab theory`: the infinite-width recursions and the 1/n corrections for a model, as JSON. */
import { resolveSpec, type SpecInput } from '../engine/spec.ts';
import { theoryReport } from '../theory/report.ts';
import { describeModel } from './config-json.ts';

export function runTheory(input: SpecInput) {
  const { model } = resolveSpec(input);
  return { command: 'theory', config: describeModel(model), ...theoryReport(model) };
}
