import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAgora } from '../../engine/boot.js';
import type { CompiledDefinition } from '../../engine/definition/index.js';
import { definitionFiles } from '../../engine/seed.js';
import { shippedCatalogues } from '../../tests/helpers/definitions.js';
import { HttpClient } from './http.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Scratch space of the benchmarks (ignored by git). */
export const BENCH_DATA = path.join(ROOT, '.bench-data');
/** The password of the demo accounts the benchmark servers create. */
export const PASSWORD = 'bench-password';

/**
 * A definitions folder for the benchmark servers: the fixture `kita-mini`
 * (transitions) and `peer-mini` (the process compared with bpmn-engine), and,
 * for `full`, the shipped definitions and catalogues (the scale benchmark).
 * Importing a definition lints and compiles it, so the command benchmarks
 * start from the small folder.
 */
export function benchDefinitionsDir(kind: 'minimal' | 'full' = 'full'): string {
  const dir = path.join(BENCH_DATA, `definitions-${kind}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'bench'), { recursive: true });
  const shipped = path.join(ROOT, 'definitions');
  if (kind === 'full' && existsSync(shipped)) cpSync(shipped, dir, { recursive: true });
  if (!definitionFiles(dir).some((f) => f.endsWith('/kita-mini.json'))) cpSync(path.join(ROOT, 'tests/fixtures/kita-mini.json'), path.join(dir, 'bench/kita-mini.json'));
  cpSync(path.join(ROOT, 'bench/fixtures/peer-mini.json'), path.join(dir, 'bench/peer-mini.json'));
  return dir;
}

/** Migrates and seeds definitions and demo accounts in-process, then runs `work` on the open services. */
export async function prepareDatabase<T>(
  target: { databaseUrl?: string; dataDir?: string },
  definitionsDir: string,
  work: (ctx: { knex: import('knex').Knex; compiled: (key: string) => Promise<CompiledDefinition>; all: () => Promise<CompiledDefinition[]> }) => Promise<T>,
): Promise<T> {
  const agora = await startAgora({ ...target, definitionsDir, seedDemo: true, demoPassword: PASSWORD, scheduler: false });
  try {
    const { services } = agora;
    const compiled = (key: string) => services.registry.runnable(services.knex, 'default', key);
    const all = async () => {
      const rows = await services.definitions.list('default', 'published');
      const latest = new Map(rows.map((r) => [r.key, r]));
      return Promise.all([...latest.values()].map((r) => services.registry.compiled(services.knex, 'default', r.key, r.version)));
    };
    return await work({ knex: services.knex, compiled, all });
  } finally {
    await agora.close();
  }
}

/** Signs in over HTTP; returns the cookie header. */
export async function signIn(http: HttpClient, username: string): Promise<string> {
  const res = await http.request('POST', '/api/session', { body: { username, password: PASSWORD } });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${res.body}`);
  const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('agora_session='));
  if (!cookie) throw new Error(`sign-in of ${username} set no session cookie`);
  return cookie;
}

/** The district values (`stadtteile` catalogue). */
export function districts(): string[] {
  const doc = shippedCatalogues().docs.find((d) => d.key === 'stadtteile');
  return doc ? doc.entries.map((e: { value: string }) => e.value) : Array.from({ length: 20 }, (_, i) => `bezirk-${i + 1}`);
}
