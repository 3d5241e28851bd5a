// Types for device-pack/vitest-shim.mjs: the runner's side (the tests see Vitest's own types).
export interface ShimReport {
  passed: number;
  failed: number;
  skipped: number;
  files: { file: string; seconds: number }[];
  failures: { test: string; message: string }[];
  log: (line: string) => void;
}
type Body = () => unknown;
interface Describe {
  (name: string, fn: Body): void;
  skip(name: string, fn: Body): void;
  skipIf(condition: unknown): (name: string, fn: Body) => void;
  runIf(condition: unknown): (name: string, fn: Body) => void;
}
interface It {
  (name: string, fn: Body, options?: number | { timeout?: number }): void;
  skip(name: string, fn: Body, options?: number | { timeout?: number }): void;
  skipIf(condition: unknown): (name: string, fn: Body, options?: number | { timeout?: number }) => void;
  runIf(condition: unknown): (name: string, fn: Body, options?: number | { timeout?: number }) => void;
  todo(name: string): void;
}
export const describe: Describe;
export const it: It;
export const test: It;
export const expect: typeof import('vitest').expect;
export function beforeAll(fn: Body): void;
export function afterAll(fn: Body): void;
export function beforeEach(fn: Body): void;
export function afterEach(fn: Body): void;
export function runFile(name: string, load: () => Promise<unknown>, report: ShimReport): Promise<void>;
