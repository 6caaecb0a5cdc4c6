import { createScratchDatabase } from '../../tests/helpers/databases.js';

/**
 * The PostgreSQL server the benchmarks use (a maintenance database on it;
 * benchmark tables always go into a fresh database of their own).
 */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Creates an empty database; returns its URL and a function that drops it. */
export function createBenchDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  return createScratchDatabase(BENCH_ADMIN_URL, `agora_bench_${label}`);
}
