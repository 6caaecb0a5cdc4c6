import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lintDefinition } from './definition/index.js';
import { DEFAULT_TENANT } from './boot-constants.js';
import { startAgora, type StartOptions } from './boot.js';
import { AgoraError } from './errors.js';
import { parentsFirst } from './seed.js';
import { rebuildStatistics } from './service/index.js';

const HELP = `agora — workflow and forms engine for municipal education management

Usage:
  agora serve                         start the server (PORT, HOST, DATABASE_URL, AGORA_DATA_DIR)
  agora migrate                       run pending database migrations
  agora validate <files...>           lint definition files; exit 1 with every problem
  agora import <files...> [--publish] import definitions as drafts (and publish them)
  agora export <key> [--version n]    print a definition (latest published by default)
  agora user add <name> --roles a,b [--organisations x,y]
                                     create a user; the password is read from stdin
  agora user password <name>          set a user's password, read from stdin (ends the user's sessions)
  agora user disable|enable <name>    disable or enable a user
  agora token create <user> [--scope read|full] [--days n]
                                      print a new API token for a user (full, no expiry unless --days)
  agora statistics rebuild            count the monitoring's statistics again from every case's event log
`;

function dbOptions(): StartOptions {
  return {
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.AGORA_DATA_DIR || './data',
    seedDefinitions: false,
    scheduler: false,
    jobs: false,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AgoraError('BAD_REQUEST', { reason: `${file}: ${(e as Error).message}` });
  }
}

/** What `agora serve` starts with, from the environment: demo accounts only on an empty embedded database outside production. */
export function serveOptions(env: NodeJS.ProcessEnv): StartOptions {
  const production = env.NODE_ENV === 'production';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.AGORA_DATA_DIR || './data',
    seedDefinitions: true,
    scheduler: true,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    uiDir: path.resolve(path.dirname(new URL(import.meta.url).pathname), '../ui/dist'),
    seedDemo: production ? false : 'if-embedded',
    demoPassword: env.AGORA_DEMO_PASSWORD || 'demo',
    logger: true,
  };
}

async function serve(): Promise<void> {
  const production = process.env.NODE_ENV === 'production';
  const agora = await startAgora(serveOptions(process.env));
  if ((await agora.services.auth.countUsers()) === 0) {
    const user = process.env.AGORA_ADMIN_USER;
    const password = process.env.AGORA_ADMIN_PASSWORD;
    if (user && password) await agora.services.auth.createUser(DEFAULT_TENANT, user, password, ['admin', 'coordinator']);
    else if (production) {
      await agora.close();
      throw new Error('NODE_ENV=production and no users exist: set AGORA_ADMIN_USER and AGORA_ADMIN_PASSWORD for the first administrator');
    } else {
      console.warn('No users exist (demo accounts are only made on the embedded database): set AGORA_ADMIN_USER and AGORA_ADMIN_PASSWORD, or run `agora user add <name> --roles admin,coordinator`.');
    }
  }
  console.log(`Agora runs on ${agora.url} (${agora.db.kind === 'pglite' ? 'embedded PGlite database' : 'PostgreSQL'})`);
  const stop = async () => {
    await agora.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Checks a catalogue seed file: key, German title, entries with unique values and German labels. */
function lintCatalogue(doc: Record<string, unknown>): { ok: true } | { ok: false; problems: Array<{ path: string; message: string }> } {
  const problems: Array<{ path: string; message: string }> = [];
  if (typeof doc.key !== 'string' || !/^[a-z][a-z0-9_-]{0,62}$/.test(doc.key)) problems.push({ path: '/key', message: 'a catalogue key is lower-case letters, digits, - and _' });
  if (typeof (doc.title as any)?.de !== 'string') problems.push({ path: '/title/de', message: 'a catalogue needs a German title' });
  const seen = new Set<string>();
  (doc.entries as any[]).forEach((e, i) => {
    if (typeof e?.value !== 'string' || e.value === '') problems.push({ path: `/entries/${i}/value`, message: 'an entry needs a value' });
    else if (seen.has(e.value)) problems.push({ path: `/entries/${i}/value`, message: `duplicate value "${e.value}"` });
    else seen.add(e.value);
    if (typeof e?.label?.de !== 'string') problems.push({ path: `/entries/${i}/label/de`, message: 'an entry needs a German label' });
  });
  return problems.length ? { ok: false, problems } : { ok: true };
}

/** Runs the `agora` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { publish: { type: 'boolean' }, version: { type: 'string' }, roles: { type: 'string' }, organisations: { type: 'string' }, scope: { type: 'string' }, days: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    process.stdout.write(HELP);
    return values.help ? 0 : 1;
  }
  if (command === 'serve') {
    await serve();
    return -1;
  }
  if (command === 'validate') {
    let failed = 0;
    for (const file of rest) {
      const doc = readJson(file) as Record<string, unknown>;
      // Catalogue seed files (definitions/catalogues/) sit beside the processes; check them as catalogues.
      const result = doc && Array.isArray(doc.entries) && !('machine' in doc) ? lintCatalogue(doc) : lintDefinition(doc);
      if (result.ok) console.log(`${file}: ok`);
      if ('warnings' in result) for (const w of result.warnings as Array<{ path: string; message: string }>) console.log(`${file}: warning: ${w.path}: ${w.message}`);
      if (!result.ok) {
        failed++;
        for (const p of result.problems) console.log(`${file}: ${p.path}: ${p.message}`);
      }
      for (const w of 'warnings' in result ? (result.warnings as { path: string; message: string }[]) : []) console.log(`${file}: warning: ${w.path}: ${w.message}`);
    }
    return failed ? 1 : 0;
  }
  const agora = await startAgora(dbOptions());
  try {
    const { services } = agora;
    switch (command) {
      case 'migrate':
        console.log('database is up to date');
        return 0;
      case 'import': {
        const docs = parentsFirst(rest.map((f) => readJson(f) as { key: string; version: number; parent?: { definition?: unknown } }));
        for (const doc of docs) {
          const row = await services.definitions.import(DEFAULT_TENANT, doc);
          if (values.publish) await services.definitions.publish(DEFAULT_TENANT, row.key, row.version);
          console.log(`${row.key} v${row.version}: ${values.publish ? 'published' : 'draft'}`);
        }
        return 0;
      }
      case 'export': {
        const [key] = rest;
        const rows = (await services.definitions.list(DEFAULT_TENANT)).filter((r) => r.key === key);
        const row = values.version ? rows.find((r) => r.version === Number(values.version)) : rows.find((r) => r.status === 'published');
        if (!row) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version: values.version ?? 'latest' });
        process.stdout.write(`${JSON.stringify(row.body, null, 2)}\n`);
        return 0;
      }
      case 'user': {
        const [sub, name] = rest;
        if (name && (sub === 'password' || sub === 'disable' || sub === 'enable')) {
          if (sub === 'password') await services.auth.resetPassword(DEFAULT_TENANT, name, await readStdin());
          else await services.auth.updateUser(DEFAULT_TENANT, name, { disabled: sub === 'disable' });
          console.log(`user ${name}: ${sub === 'password' ? 'password set' : `${sub}d`}`);
          return 0;
        }
        if (sub !== 'add' || !name) break;
        const list = (v: string | undefined) => (v ?? '').split(',').map((r) => r.trim()).filter(Boolean);
        const user = await services.auth.createUser(DEFAULT_TENANT, name, await readStdin(), list(values.roles), { organisations: list(values.organisations) });
        const orgs = user.organisations.length ? `, working for ${user.organisations.join(', ')}` : '';
        console.log(`user ${user.username} created with roles ${user.roles.join(', ') || '(none)'}${orgs}`);
        return 0;
      }
      case 'token': {
        const [sub, name] = rest;
        if (sub !== 'create' || !name) break;
        const scope = values.scope ?? 'full';
        if (scope !== 'read' && scope !== 'full') throw new AgoraError('BAD_REQUEST', { reason: '--scope is read or full' });
        const days = values.days === undefined ? null : Number(values.days);
        if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= 3660)) throw new AgoraError('BAD_REQUEST', { reason: '--days is a whole number of days from 1 to 3660' });
        const expiresAt = days === null ? null : new Date(services.rt.now().getTime() + days * 86_400_000);
        console.log(await services.auth.createToken(DEFAULT_TENANT, name, 'cli', { scope, expiresAt }));
        return 0;
      }
      case 'statistics': {
        if (rest[0] !== 'rebuild') break;
        const tenants: Array<{ id: string }> = await services.knex('tenants').select('id');
        for (const { id } of tenants) {
          const { cases } = await rebuildStatistics(services.knex, services.registry, id);
          console.log(`statistics of ${id} rebuilt from ${cases} case(s)`);
        }
        return 0;
      }
      default:
        break;
    }
    process.stderr.write(HELP);
    return 1;
  } finally {
    await agora.close();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]).replace(/\.(ts|js)$/, '') === path.resolve(new URL(import.meta.url).pathname).replace(/\.(ts|js)$/, '');
if (invokedDirectly || process.env.AGORA_CLI === '1') {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (e) => {
      if (e instanceof AgoraError) {
        console.error(`${e.code}: ${e.message}`);
        for (const d of e.details ?? []) console.error(`  ${d.path}: ${d.message}`);
      } else console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
