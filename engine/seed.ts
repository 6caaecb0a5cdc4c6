import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AgoraError } from './errors.js';
import { DEFAULT_TENANT } from './boot-constants.js';
import type { Services } from './service/index.js';

/** The folder of shipped definitions. */
export const DEFINITIONS_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../definitions');

/** Lists the JSON files below a folder, sorted, skipping `catalogues/`. */
export function definitionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'catalogues') out.push(...definitionFiles(full));
    } else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Orders definitions so that a parent is published before the children that name it. */
export function parentsFirst<T extends { key?: unknown; parent?: { definition?: unknown } }>(docs: T[]): T[] {
  const keys = new Set(docs.map((d) => d.key));
  return [...docs].sort((a, b) => Number(Boolean(a.parent && keys.has(a.parent.definition))) - Number(Boolean(b.parent && keys.has(b.parent.definition))));
}

/**
 * Imports and publishes the shipped definitions and catalogues that the
 * database does not have yet. A published version that differs from the file
 * is left alone (published versions are immutable) and reported.
 */
export async function seedDefinitions(services: Services, dir = DEFINITIONS_DIR, log: (msg: string) => void = () => undefined): Promise<void> {
  const fileOf = new Map<object, string>();
  const docs = definitionFiles(dir).map((f) => {
    const doc = JSON.parse(readFileSync(f, 'utf8'));
    fileOf.set(doc, f);
    return doc;
  });
  const existing = await services.definitions.list(DEFAULT_TENANT);
  for (const doc of parentsFirst(docs)) {
    if (existing.some((r) => r.key === doc.key && r.version === doc.version && r.status === 'published')) continue;
    try {
      await services.definitions.import(DEFAULT_TENANT, doc);
      await services.definitions.publish(DEFAULT_TENANT, doc.key, doc.version);
    } catch (e) {
      if (!(e instanceof AgoraError)) throw e;
      log(`definition ${path.relative(dir, fileOf.get(doc) ?? '')} not loaded: ${e.message} ${JSON.stringify(e.details ?? [])}`);
    }
  }
  const catalogueDir = path.join(dir, 'catalogues');
  let files: string[] = [];
  try {
    files = readdirSync(catalogueDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return;
  }
  const have = new Set((await services.catalogues.list(DEFAULT_TENANT)).map((c) => c.key));
  for (const f of files) {
    const cat = JSON.parse(readFileSync(path.join(catalogueDir, f), 'utf8'));
    if (!have.has(cat.key)) await services.catalogues.put(DEFAULT_TENANT, cat.key, cat.title, cat.entries, services.rt.now());
  }
}

/** Roles of the demo accounts besides `admin`: every role the published definitions name. */
export async function demoRoles(services: Services): Promise<string[]> {
  const rows = await services.definitions.list(DEFAULT_TENANT, 'published');
  return [...new Set(rows.flatMap((r) => r.body.roles))].sort();
}

/** Creates `admin` (admin, coordinator) and one account per process role, if there are no users yet. */
export async function seedDemoUsers(services: Services, password: string): Promise<string[]> {
  if ((await services.auth.countUsers()) > 0) return [];
  await services.auth.createUser(DEFAULT_TENANT, 'admin', password, ['admin', 'coordinator'], { demo: true });
  const roles = await demoRoles(services);
  for (const role of roles) await services.auth.createUser(DEFAULT_TENANT, role, password, [role], { demo: true });
  return ['admin', ...roles];
}
