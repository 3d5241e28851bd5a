// Reads Vitest's JSON report (Jest-compatible shape) into the plain counts that CI reads.
//
// A test file that fails before any test runs (a syntax error, a failed import, a throwing
// beforeAll) has no failed test in it, only a failed file: it counts as one failure, so a
// broken file can never turn into a green line. Vitest reports a test that never finished (its
// worker died, e.g. a native crash in the GPU driver) as 'pending': that is a failure too.
// Only 'skipped' and 'todo' count as skipped.

/**
 * @param {any} report parsed JSON written by `vitest --reporter=json` (shape owned by Vitest)
 * @returns {{passed: number, failed: number, skipped: number, brokenFiles: string[], failedTests: string[], skippedTests: string[]}}
 */
export function summarize(report) {
  const brokenFiles = [];
  const failedTests = [];
  const skippedTests = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults ?? []) {
    let failedHere = 0;
    for (const t of file.assertionResults ?? []) {
      const name = `${file.name}: ${t.fullName ?? t.title}`;
      if (t.status === 'passed') passed++;
      else if (t.status === 'skipped' || t.status === 'todo' || t.status === 'disabled') {
        skipped++;
        skippedTests.push(name);
      } else {
        // 'failed', or 'pending': started or queued but never finished
        failed++;
        failedHere++;
        failedTests.push(t.status === 'failed' ? name : `${name} (did not finish: ${t.status})`);
      }
    }
    if (file.status === 'failed' && failedHere === 0) {
      failed++;
      brokenFiles.push(`${file.name}: ${String(file.message ?? '').split('\n')[0]}`);
    }
  }
  return { passed, failed, skipped, brokenFiles, failedTests, skippedTests };
}

/** The plain final line: `N passed, N failed` and `, N skipped` when any were skipped. */
export function finalLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}
