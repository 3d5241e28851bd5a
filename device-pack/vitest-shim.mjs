// The part of Vitest's API that tests/gpu uses, small enough to bundle (scripts/device-pack.mjs
// aliases `vitest` to this file). Vitest itself needs Vite and Rolldown's native binary (over
// 25 MB with their dependencies), which would not fit the device machine's carry limit beside a
// Node binary. The assertions are Vitest's own: `expect` is @vitest/expect on chai, set up the
// way vitest/dist sets it up, so toEqual, toMatchObject, toThrow, expect.any... behave as in
// `npm test`. What is ours is only the collection and the sequential run.
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  chai,
  setState,
} from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

/** Vitest's expect, without the per-test bookkeeping (assertion counts, soft, poll). */
export const expect = (value, message) => chai.expect(value, message);
Object.assign(expect, chai.expect);
Object.assign(expect, globalThis[ASYMMETRIC_MATCHERS_OBJECT]);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    currentTestName: '',
  },
  expect,
);
expect.extend = (matchers) => chai.expect.extend(expect, matchers);

/** Timeouts as in vitest.config.ts. */
const TEST_TIMEOUT_MS = 120_000;
const HOOK_TIMEOUT_MS = 300_000;

const newSuite = (name, parent, skip) => ({
  name,
  parent,
  skip,
  items: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});

let current = newSuite('', null, false);

function suite(name, fn, skip) {
  const s = newSuite(name, current, skip || current.skip);
  current.items.push({ suite: s });
  const parent = current;
  current = s;
  try {
    const r = fn?.();
    if (r && typeof r.then === 'function') throw new Error(`describe('${name}') must not be async`);
  } finally {
    current = parent;
  }
}

function test(name, fn, options, skip) {
  const timeout = typeof options === 'number' ? options : (options?.timeout ?? TEST_TIMEOUT_MS);
  current.items.push({ test: { name, fn, timeout, skip: skip || current.skip || !fn } });
}

export function describe(name, fn) {
  suite(name, fn, false);
}
describe.skip = (name, fn) => suite(name, fn, true);
describe.skipIf = (condition) => (name, fn) => suite(name, fn, !!condition);
describe.runIf = (condition) => (name, fn) => suite(name, fn, !condition);

export function it(name, fn, options) {
  test(name, fn, options, false);
}
it.skip = (name, fn, options) => test(name, fn, options, true);
it.skipIf = (condition) => (name, fn, options) => test(name, fn, options, !!condition);
it.runIf = (condition) => (name, fn, options) => test(name, fn, options, !condition);
it.todo = (name) => test(name, undefined, undefined, true);
export { it as test };

export const beforeAll = (fn) => current.beforeAll.push(fn);
export const afterAll = (fn) => current.afterAll.push(fn);
export const beforeEach = (fn) => current.beforeEach.push(fn);
export const afterEach = (fn) => current.afterEach.push(fn);

function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const hasRunnable = (s) => s.items.some((i) => (i.test ? !i.test.skip : hasRunnable(i.suite)));

const errorText = (e) => (e instanceof Error ? `${e.message}` : String(e));

const hooks = (s, key) => {
  const chain = [];
  for (let x = s; x; x = x.parent) chain.unshift(...x[key]);
  return key === 'afterEach' ? chain.reverse() : chain;
};

async function runSuite(s, path, report) {
  if (!hasRunnable(s)) {
    const count = (x) => x.items.reduce((n, i) => n + (i.test ? 1 : count(i.suite)), 0);
    report.skipped += count(s);
    return;
  }
  const fail = (name, e) => {
    report.failed++;
    report.failures.push({ test: name, message: errorText(e) });
    report.log(`  FAIL ${name}: ${errorText(e)}`);
  };
  try {
    for (const h of s.beforeAll) await withTimeout(Promise.resolve().then(h), HOOK_TIMEOUT_MS, 'beforeAll');
  } catch (e) {
    fail(`${path} (beforeAll)`, e);
    return;
  }
  for (const item of s.items) {
    if (item.suite) {
      await runSuite(item.suite, `${path} > ${item.suite.name}`, report);
      continue;
    }
    const t = item.test;
    const name = `${path} > ${t.name}`;
    if (t.skip) {
      report.skipped++;
      report.log(`  skip ${name}`);
      continue;
    }
    const started = Date.now();
    try {
      for (const h of hooks(s, 'beforeEach')) await h();
      await withTimeout(
        Promise.resolve().then(() => t.fn({ expect })),
        t.timeout,
        'test',
      );
      for (const h of hooks(s, 'afterEach')) await h();
      report.passed++;
      report.log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      fail(name, e);
    }
  }
  try {
    for (const h of s.afterAll) await withTimeout(Promise.resolve().then(h), HOOK_TIMEOUT_MS, 'afterAll');
  } catch (e) {
    fail(`${path} (afterAll)`, e);
  }
}

/**
 * Collect one test file (its module's top level runs inside `load`) and run its tests in
 * order. A file that fails to load counts as one failure, as in scripts/summary.mjs.
 */
export async function runFile(name, load, report) {
  current = newSuite(name, null, false);
  const file = current;
  const started = Date.now();
  report.log(`${name}`);
  try {
    await load();
  } catch (e) {
    report.failed++;
    report.failures.push({ test: `${name} (failed to load)`, message: errorText(e) });
    report.log(`  FAIL ${name} failed to load: ${errorText(e)}`);
    return;
  }
  await runSuite(file, name, report);
  report.files.push({ file: name, seconds: (Date.now() - started) / 1000 });
}
