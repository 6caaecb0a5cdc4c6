import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AgoraError } from './errors.js';
import { DEFAULT_TENANT } from './boot-constants.js';
import { CATALOGUE_OF_KIND, type Services } from './service/index.js';
import { nameDemoUsers } from './auth/index.js';

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
  await seedInstitutions(services);
}

/**
 * The institutions of the shipped catalogues (Kitas, schools, B-Punkte,
 * companies, venues, partners) become organisations with the same keys, so
 * cases can belong to them and people work for them. A key already taken
 * keeps its organisation (B-Punkte are also course venues).
 */
export async function seedInstitutions(services: Services): Promise<void> {
  const existing = new Set((await services.organisations.list(DEFAULT_TENANT, { includeDisabled: true })).map((o) => o.key));
  for (const [kind, cat] of Object.entries(CATALOGUE_OF_KIND)) {
    const entries = (await services.catalogues.entries(services.knex, DEFAULT_TENANT, [cat.key]))[cat.key] ?? [];
    for (const e of entries) {
      if (existing.has(e.value)) continue;
      await services.organisations.create(DEFAULT_TENANT, { key: e.value, title: e.label, kind });
      existing.add(e.value);
    }
  }
}

/** Roles of the demo accounts besides `admin`: every role the published definitions name. */
export async function demoRoles(services: Services): Promise<string[]> {
  const rows = await services.definitions.list(DEFAULT_TENANT, 'published');
  return [...new Set(rows.flatMap((r) => r.body.roles))].sort();
}

/** Organisations only the demo has: a Träger of two Kitas, the education office, the employment agency. */
const DEMO_ORGANISATIONS = [
  { key: 'traeger-kita-eigenbetrieb', title: { de: 'Eigenbetrieb Kindertagesstätten', en: 'Municipal day-care operator' }, kind: 'traeger', children: ['kita-sonnenschein', 'kita-regenbogen'] },
  { key: 'bildungsbuero', title: { de: 'Bildungsbüro', en: 'Education office' }, kind: 'amt', children: [] },
  { key: 'agentur-fuer-arbeit', title: { de: 'Agentur für Arbeit, Berufsberatung', en: 'Employment agency, careers guidance' }, kind: 'amt', children: [] },
];

/**
 * The organisation each demo account works for, by role, so a new user sees
 * the separation at once; a second account of some roles works for another
 * organisation of the same kind (README, "Demo accounts").
 */
export const DEMO_MEMBERSHIPS: Record<string, string[]> = {
  kita: ['kita-sonnenschein'],
  schule: ['gs-zoberberg'],
  hort: ['hort-zoberberg'],
  koordination: ['bildungsbuero'],
  bo_lehrkraft: ['sks-schillerpark'],
  berufsberatung: ['agentur-fuer-arbeit'],
  betrieb: ['autohaus-muldeblick'],
  beratung: ['bpunkt-innenstadt'],
  kursleitung: ['fz-zoberberg'],
  vhs: ['vhs'],
  partner: ['hs-anhalt'],
};

/** Second accounts: another Kita, company and B-Punkt than the first. */
export const DEMO_SECOND_ACCOUNTS: Array<{ username: string; role: string; organisation: string }> = [
  { username: 'kita2', role: 'kita', organisation: 'kita-regenbogen' },
  { username: 'betrieb2', role: 'betrieb', organisation: 'baeckerei-kuehnau' },
  { username: 'beratung2', role: 'beratung', organisation: 'bpunkt-rosslau' },
];

async function seedDemoOrganisations(services: Services): Promise<Set<string>> {
  const have = new Set((await services.organisations.list(DEFAULT_TENANT, { includeDisabled: true })).map((o) => o.key));
  for (const o of DEMO_ORGANISATIONS) {
    if (!have.has(o.key)) await services.organisations.create(DEFAULT_TENANT, { key: o.key, title: o.title, kind: o.kind });
    have.add(o.key);
    for (const child of o.children) if (have.has(child)) await services.organisations.update(DEFAULT_TENANT, child, { parent: o.key });
  }
  return have;
}

/**
 * Creates `admin` (admin, coordinator), `datenschutz`, one account per
 * process role (with its demo organisation) and a second account of some
 * roles, if there are no users yet.
 */
export async function seedDemoUsers(services: Services, password: string): Promise<string[]> {
  if ((await services.auth.countUsers()) > 0) return [];
  const orgs = await seedDemoOrganisations(services);
  const known = (keys: string[] | undefined) => (keys ?? []).filter((k) => orgs.has(k));
  await services.auth.createUser(DEFAULT_TENANT, 'admin', password, ['admin', 'coordinator'], { demo: true });
  await services.auth.createUser(DEFAULT_TENANT, 'datenschutz', password, ['datenschutz'], { demo: true });
  const roles = await demoRoles(services);
  for (const role of roles) {
    if (role === 'datenschutz') continue;
    await services.auth.createUser(DEFAULT_TENANT, role, password, [role], { demo: true, organisations: known(DEMO_MEMBERSHIPS[role]) });
  }
  const extra = DEMO_SECOND_ACCOUNTS.filter((a) => roles.includes(a.role) && orgs.has(a.organisation));
  for (const a of extra) await services.auth.createUser(DEFAULT_TENANT, a.username, password, [a.role], { demo: true, organisations: [a.organisation] });
  await nameDemoUsers(services.knex, DEFAULT_TENANT);
  return ['admin', 'datenschutz', ...roles.filter((r) => r !== 'datenschutz'), ...extra.map((a) => a.username)];
}
