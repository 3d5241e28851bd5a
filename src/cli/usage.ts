/** What every command's parser shares: the user's-mistake error and how numbers are read. */

/** A user's mistake on the command line: printed as one line, exit status 2. */
export class UsageError extends Error {}

/** Progress lines on stderr: shown on a terminal ('auto'), always, or never. */
export type ProgressMode = 'auto' | 'always' | 'never';

/** Parse a number the way a user means it: '64', '1e4', '0.5'; anything else is a UsageError. */
export function parseNumber(option: string, text: string): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new UsageError(`--${option} must be a number, got '${text}'`);
  return value;
}

/** Parsed option values as node:util's parseArgs returns them. */
export type OptionValues = { [k: string]: string | boolean | undefined };

/** A whole-number option within [lo, hi], or `fallback` when it is not given. */
export function integerOption(
  v: OptionValues,
  name: string,
  fallback: number,
  lo: number,
  hi: number,
): number {
  const text = v[name];
  if (typeof text !== 'string') return fallback;
  const value = parseNumber(name, text);
  if (!Number.isInteger(value) || value < lo || value > hi)
    throw new UsageError(`--${name} must be a whole number from ${lo} to ${hi}, got '${text}'`);
  return value;
}

/** JSON has no NaN or Infinity: such a number is printed as null. */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Most CPU threads a command takes (--threads). */
export const MAX_THREADS = 256;
