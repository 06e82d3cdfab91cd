import { defineConfig } from 'vitest/config';

// One real PostgreSQL server and one real Temporal dev server per run (test/setup/globalSetup.ts);
// each test file starts its own worker on its own task queue and its own provider sandboxes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
