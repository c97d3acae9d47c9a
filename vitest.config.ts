import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The only time limits in the suite: they turn a hang into a failure. Tests wait for events
    // (test/helpers/wait.ts), so a busy machine makes them slower, never red; these are set far
    // above what a loaded run needs (`npm run test:stress`).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Says what a test that timed out was still waiting for, and stops those waits.
    setupFiles: ['test/setup/pending-waits.ts'],
    // Tests that start processes, nginx or Chromium share 2 cores; keep parallelism modest.
    maxWorkers: 2,
    // In CI a JSON report too, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-output/vitest-results.json' }]] : ['default'],
  },
});
