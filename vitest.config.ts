import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A browser page waited on by expect.poll may take more than the default second while two test
    // files run on two cores (a lookup still showing "Wird geladen …" failed organisations.test.ts once).
    expect: { poll: { timeout: 10_000 } },
    // PGlite boots a WebAssembly PostgreSQL per suite; two cores run two files at a time well.
    maxWorkers: 2,
    pool: 'forks',
  },
});
