import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, REQUIRE_PG, TEST_DATABASE_URL } from '../helpers/databases.js';
import { FIXTURES_DIR } from '../helpers/definitions.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVER = path.join(ROOT, 'tests/robustness/crash-server.ts');
const WORKERS = 8;
const CASES = 32;

if (REQUIRE_PG && !TEST_DATABASE_URL) throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
if (!TEST_DATABASE_URL) console.warn('crash test skipped: it kills a server process on PostgreSQL; set TEST_DATABASE_URL to run it');

/** A server child in its own process group, so SIGKILL takes npx, tsx and node at once. */
async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn('npx', ['tsx', SERVER], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, DATABASE_URL: url, PORT: '0', AGORA_DEFINITIONS: FIXTURES_DIR },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).url);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, base };
}

function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGKILL');
  });
}

interface Ack {
  caseId: string;
  version: number;
  text: string;
}

describe.skipIf(!TEST_DATABASE_URL)('crash: SIGKILL in the middle of a load', () => {
  let db: { url: string; drop: () => Promise<void> };
  let knex: Knex;
  let server: { child: ChildProcess; base: string } | null = null;

  beforeAll(async () => {
    db = await createTestDatabase();
    knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  });
  afterAll(async () => {
    if (server) await killGroup(server.child);
    await knex?.destroy();
    await db?.drop();
  });

  const signIn = async (base: string) => {
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'kita', password: 'demo' }) });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('agora_session='))!;
  };

  /** Workers each own their cases (no conflicts): NOTIZ after NOTIZ, every 200 recorded, until `stop()` or a failure. */
  const load = (base: string, cookie: string, ids: string[], versions: Map<string, number>, acks: Ack[], until: () => boolean) =>
    Promise.all(
      Array.from({ length: WORKERS }, async (_, w) => {
        const mine = ids.filter((_, i) => i % WORKERS === w);
        for (let n = 0; !until(); n++) {
          const caseId = mine[n % mine.length];
          const version = versions.get(caseId)!;
          const text = `w${w}-n${n}-${Math.random().toString(36).slice(2)}`;
          let res: Response;
          try {
            res = await fetch(`${base}/api/cases/${caseId}/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', cookie },
              body: JSON.stringify({ type: 'NOTIZ', data: { text }, expectedVersion: version }),
            });
          } catch {
            return; // the server died under this request: its outcome is unknown, and allowed to be either
          }
          if (res.status !== 200) throw new Error(`NOTIZ on ${caseId}: ${res.status} ${await res.text()}`);
          const body = await res.json();
          expect(body.version).toBe(version + 1);
          versions.set(caseId, version + 1);
          acks.push({ caseId, version: version + 1, text });
        }
      }),
    );

  it('keeps every answered transition, writes no half case, and resumes', async () => {
    server = await startServer(db.url);
    let cookie = await signIn(server.base);
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const res = await fetch(`${server.base}/api/cases`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ definition: 'kita-mini' }) });
      expect(res.status).toBe(201);
      ids.push((await res.json()).id);
    }
    const versions = new Map(ids.map((id) => [id, 1]));
    const acks: Ack[] = [];
    let killed = false;
    const running = load(server.base, cookie, ids, versions, acks, () => killed);
    // Kill once the load is well under way, while requests are in flight.
    const started = Date.now();
    while (acks.length < 150 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
    await killGroup(server.child);
    killed = true;
    await running;
    expect(acks.length).toBeGreaterThanOrEqual(150);

    server = await startServer(db.url);
    // Every transition answered 200 is there, with its data.
    const events = await knex('events').whereIn('case_id', ids).select('case_id', 'seq', 'data');
    const stored = new Map(events.map((e: any) => [`${e.case_id}:${e.seq}`, e.data?.text]));
    for (const a of acks) expect(stored.get(`${a.caseId}:${a.version}`), `${a.caseId} v${a.version}`).toBe(a.text);
    // No case is half-written: version = number of events = last seq, and the task and timer rows of its state exist.
    const rows = await knex.raw(`SELECT c.id, c.version, c.data, count(e.id)::int AS n, max(e.seq) AS top,
      (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.id) AS tasks, (SELECT count(*)::int FROM timers t WHERE t.case_id = c.id) AS timers
      FROM cases c JOIN events e ON e.case_id = c.id WHERE c.id = ANY(?) GROUP BY c.id`, [ids]);
    expect(rows.rows).toHaveLength(CASES);
    for (const r of rows.rows) {
      expect([r.version, r.top]).toEqual([r.n, r.n]);
      expect((r.data.notiz ?? []).length).toBe(r.version - 1);
      expect([r.tasks, r.timers]).toEqual([1, 1]);
      expect(r.version).toBeGreaterThanOrEqual(versions.get(r.id)!);
      versions.set(r.id, r.version);
    }

    // The load resumes on the restarted server, from the versions the database has.
    cookie = await signIn(server.base);
    const more: Ack[] = [];
    const until = Date.now() + 1500;
    await load(server.base, cookie, ids, versions, more, () => Date.now() > until || more.length >= 100);
    expect(more.length).toBeGreaterThan(10);
    const [{ n }] = await knex('events').whereIn('case_id', ids).count({ n: '*' });
    expect(Number(n)).toBe([...versions.values()].reduce((a, b) => a + b, 0));
  });
});
