import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the benchmarks use (a maintenance database on it;
 * benchmark tables always go into a fresh database of their own).
 */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Creates an empty database; returns its URL and a function that drops it. */
export async function createBenchDatabase(label: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `agora_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: BENCH_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
