import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use (CI sets it), or undefined. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** True when CI demands the PostgreSQL suites (`REQUIRE_PG=1`): a missing server is then a failure, not a skip. */
export const REQUIRE_PG = process.env.REQUIRE_PG === '1';


/** Which databases a shared suite runs against. */
export function databaseKinds(): Array<'pglite' | 'postgres'> {
  if (REQUIRE_PG && !TEST_DATABASE_URL) throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
  if (!TEST_DATABASE_URL) {
    console.warn('TEST_DATABASE_URL is not set: the PostgreSQL suites are skipped (set it, or REQUIRE_PG=1 to make this an error).');
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

/** Creates an empty database on the server of `adminUrl`; returns its URL, name and a function that drops it. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Creates an empty database on the test server; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  return createScratchDatabase(TEST_DATABASE_URL, 'agora_test');
}
