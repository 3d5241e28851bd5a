// Types for scripts/device-pack.mjs (plain JavaScript: it runs before anything is bundled).
export const ROOT: string;
export const PACK_DIR: string;
export const CARRY_LIMIT_BYTES: number;
export const LOADER_PACKAGES: string[];
export const ENTRIES: Record<string, string>;
export const PACK_FILES: string[];
export const EXPECTED_REWRITES: string[];
export interface Budget {
  treeBytes: number;
  packBytes: number;
  total: number;
  limit: number;
  margin: number;
  ok: boolean;
}
export function sizeBudget(treeBytes: number, items: [string, number][], limit?: number): Budget;
export function rewriteSource(
  text: string,
  file: string,
  options: { root: string; outdir: string; counts: Record<string, number> },
): string;
export function bundle(
  root: string,
  out: string,
): Promise<{ counts: Record<string, number>; testFiles: string[]; inputs: number }>;
