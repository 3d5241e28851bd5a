// The final line CI reads is computed from Vitest's JSON report: a broken file must count.
import { describe, expect, it } from 'vitest';
import { finalLine, summarize } from '../../../scripts/summary.mjs';

const report = {
  testResults: [
    {
      name: '/r/tests/unit/a.test.ts',
      status: 'failed',
      message: '',
      assertionResults: [
        { status: 'passed', fullName: 'a one' },
        { status: 'failed', fullName: 'a two' },
        { status: 'skipped', fullName: 'a three' },
        { status: 'todo', fullName: 'a four' },
      ],
    },
    {
      name: '/r/tests/unit/b.test.ts',
      status: 'passed',
      assertionResults: [{ status: 'passed', fullName: 'b' }],
    },
    // Its worker died mid-run: tests that never finished are failures, not skips.
    {
      name: '/r/tests/gpu/d.test.ts',
      status: 'passed',
      assertionResults: [{ status: 'pending', fullName: 'd one' }],
    },
    // Failed at import: no tests ran, and it must still count as a failure.
    {
      name: '/r/tests/unit/c.test.ts',
      status: 'failed',
      message: 'SyntaxError: x\nstack',
      assertionResults: [],
    },
  ],
};

describe('test summary', () => {
  it('counts passed, failed, skipped and files that failed to load', () => {
    const s = summarize(report);
    expect([s.passed, s.failed, s.skipped]).toEqual([2, 3, 2]);
    expect(s.brokenFiles).toEqual(['/r/tests/unit/c.test.ts: SyntaxError: x']);
    expect(s.failedTests).toEqual([
      '/r/tests/unit/a.test.ts: a two',
      '/r/tests/gpu/d.test.ts: d one (did not finish: pending)',
    ]);
  });

  it('prints the plain line, with skipped only when there are any', () => {
    expect(finalLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
    expect(finalLine({ passed: 3, failed: 1, skipped: 2 })).toBe('3 passed, 1 failed, 2 skipped');
  });
});
