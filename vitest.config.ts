import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default leaves a core for itself, which on a two-core CI machine means one test
    // file at a time; the files spend much of their time loading TypeScript and ESLint, so two
    // at a time still pays (test/fixtures: 80 s -> 61 s on two cores).
    maxWorkers: Math.max(2, os.availableParallelism()),
  },
});
