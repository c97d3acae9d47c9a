import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that start processes, nginx or Chromium share 2 cores; keep parallelism modest.
    maxWorkers: 2,
  },
});
