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
