import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite boots a WebAssembly PostgreSQL per suite; two cores run two files at a time well.
    maxWorkers: 2,
    pool: 'forks',
  },
});
