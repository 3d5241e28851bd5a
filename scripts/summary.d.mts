// Types for scripts/summary.mjs (plain JavaScript so `npm test` needs no TypeScript loader).
export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  brokenFiles: string[];
  failedTests: string[];
  skippedTests: string[];
}
export function summarize(report: unknown): Summary;
export function finalLine(counts: { passed: number; failed: number; skipped: number }): string;
