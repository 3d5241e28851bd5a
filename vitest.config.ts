import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores on CI machines: keep heavy statistical tests from starving each other.
    maxWorkers: 2,
    // Two projects so that the app is built only when an e2e file is selected: Vitest runs a
    // project's globalSetup only when that project has files to run.
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/unit/**/*.test.ts', 'tests/gpu/**/*.test.ts'] },
      },
      {
        extends: true,
        // global-setup.ts builds and serves the app once per run for all e2e files (harness.ts).
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
