/**
 * The experiments the shell shows, in the nav's order, and which one a hash asks for: its
 * `view` field names one; a hash without it (the lab's first links) or with an unknown one
 * opens the first, the Gaussian limit.
 */
import { hashView } from '../lab/url-fields.ts';

export const EXPERIMENTS = [
  { view: 'gaussian', label: 'The Gaussian limit' },
  { view: 'depth', label: 'Depth & criticality' },
  { view: 'two-inputs', label: 'Two inputs: order and chaos' },
] as const;

export type ViewName = (typeof EXPERIMENTS)[number]['view'];

export function viewOf(hash: string): ViewName {
  const v = hashView(hash);
  return EXPERIMENTS.find((e) => e.view === v)?.view ?? 'gaussian';
}
