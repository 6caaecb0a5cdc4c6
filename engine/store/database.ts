import { mkdirSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import { lockDataFolder } from './folder-lock.js';

// Timestamps come back as Date and bigints as strings by default; the engine wants ISO strings and numbers.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** Where the data lives: PostgreSQL by URL, PGlite in a folder, or PGlite in memory (tests). */
export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  /** Pool size for PostgreSQL (PGlite has exactly one connection); {@link configuredPoolMax} without it. */
  poolMax?: number;
}

/**
 * How many connections the PostgreSQL pool opens at most: `AGORA_DB_POOL_MAX`,
 * else twice this machine's cores plus one, PostgreSQL's own rule of thumb for
 * a database on the same host (a database server with more cores can take
 * more: set it). More connections than that only make the database's
 * processes take turns on the cores, and a command waiting for its turn there
 * waits longer than one queued for a connection: on 2 cores, 16 concurrent
 * commands had p99 47–61 ms with 10 connections and 40–46 ms with 5, at a
 * higher rate (docs/performance.md).
 * @throws Error for anything but a whole number from 1 to 1000, so a typo stops the start.
 */
export function configuredPoolMax(value: string | undefined = process.env.AGORA_DB_POOL_MAX, cores: number = availableParallelism()): number {
  const text = value?.trim();
  if (!text) return 2 * cores + 1;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1000) throw new Error(`AGORA_DB_POOL_MAX: "${text}" is not a number of connections (a whole number from 1 to 1000)`);
  return n;
}

/** An open database: the Knex instance and what kind it is. */
export interface Database {
  knex: Knex;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Knex migration source over `migrations/*.ts`, imported as modules, so the
 * same files run under tsx, vitest and the CLI without Knex's file loader.
 */
class ModuleMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{14}_.+\.ts$/.test(f)).sort();
  }
  getMigrationName(name: string): string {
    return name.replace(/\.ts$/, '');
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    return import(pathToFileURL(path.join(MIGRATIONS_DIR, name)).href);
  }
}

/** Opens the database named by the options; PostgreSQL wins when a URL is given. */
export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) {
    const knex = knexFactory({
      client: 'pg',
      connection: options.databaseUrl,
      pool: { min: 0, max: options.poolMax ?? configuredPoolMax() },
    });
    return { knex, kind: 'postgres', close: () => knex.destroy() };
  }
  let connection: Record<string, unknown> = {};
  let release = () => undefined as void;
  if (!options.memory) {
    const dir = path.resolve(options.dataDir ?? './data');
    mkdirSync(dir, { recursive: true });
    release = lockDataFolder(dir);
    connection = { filename: dir };
  }
  const knex = knexFactory({ client: ClientPgLite as unknown as typeof Knex.Client, dialect: 'postgres', connection });
  return {
    knex,
    kind: 'pglite',
    close: async () => {
      await knex.destroy();
      release();
    },
  };
}

/** Runs every pending migration; returns the names it ran. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, names] = await knex.migrate.latest({ migrationSource: new ModuleMigrationSource() });
  return names as string[];
}
