import path from 'node:path';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { CompiledDefinition } from '../engine/definition/index.js';
import { applyEvent, createCase, firstDue, type Step } from '../engine/runtime/index.js';
import { taskRows } from '../engine/store/case-store.js';
import { configuredPoolMax } from '../engine/store/database.js';
import { createBenchDatabase } from './lib/databases.js';
import { HttpClient } from './lib/http.js';
import { runLoad } from './lib/load.js';
import { figure, note } from './lib/progress.js';
import { seedCases } from './lib/seed.js';
import { startServer, type PhaseTimes } from './lib/server.js';
import { BENCH_DATA, prepareDatabase, signIn } from './lib/setup.js';
import { round, type Summary } from './lib/stats.js';
import { caseTemplates } from './lib/templates.js';

/** One concurrency level: engine over HTTP, raw SQL, their ratio. */
export interface TransitionLevel {
  connections: number;
  engine: Summary & { errors: number; timeline: number[] };
  raw: Summary & { errors: number; timeline: number[] };
  ratio: number;
  /** With `--profile`: mean ms per phase of a command on the server (warm-up included). */
  phases?: PhaseTimes;
}

/** Settings of a run. */
export interface TransitionOptions {
  levels: number[];
  seconds: number;
  warmup: number;
  cases: number;
  definitionsDir: string;
  cpuProfileDir?: string;
}

const KEY = 'kita-mini';
/** kita-mini has no access rules: every role is tenant-wide and the grants never change, so only its task rows carry them. */
const KITA_MINI_GRANTS = ['kita', 'schule', 'koordination'].map((role) => ({ role, organisation: '*', forms: null }));

/** The three events a kita-mini case takes in the benchmark, with who sends them. */
const SCRIPT = [
  { user: 'kita', type: 'NOTIZ', data: { text: 'Erstgespräch mit den Eltern geführt' } },
  { user: 'kita', type: 'SUBMIT', data: { vorname: 'Mia', geburtsdatum: '2020-04-01', einwilligung: true } },
  { user: 'schule', type: 'SUBMIT', data: undefined },
] as const;

/** The rows one transition writes, per script step, computed once by the real runtime. */
export function rawSteps(compiled: CompiledDefinition): Step[] {
  const now = new Date();
  const actor = (roles: string[]) => ({ id: 'u', username: roles[0], roles, tenantId: 'default' });
  const created = createCase(compiled, { id: '00000000-0000-4000-8000-000000000001', tenantId: 'default' }, { actor: actor(['kita']), now });
  if (!created.ok) throw created.error;
  const steps: Step[] = [];
  let record = created.value.case;
  for (const s of SCRIPT) {
    const r = applyEvent(compiled, record, { type: s.type, data: s.data }, { actor: actor([s.user]), now });
    if (!r.ok) throw r.error;
    steps.push(r.value);
    record = r.value.case;
  }
  return steps;
}

/** Hands out seeded cases one at a time; each goes through the script once. */
export class CaseQueue {
  private next = 0;
  constructor(private readonly ids: string[]) {}
  take(): string | undefined {
    return this.ids[this.next++];
  }
  get used(): number {
    return this.next;
  }
}

/** Where one connection stands: its case, the version it expects, the next step of the script. */
interface Walk {
  id: string;
  version: number;
  stage: number;
}

/**
 * One load operation per connection: walk a case through the script, then
 * take the next case from the queue; `send` performs the current stage. A
 * failed step abandons its case (the next call takes a fresh one).
 */
function scriptedOperation(queue: CaseQueue, concurrency: number, send: (walk: Walk) => Promise<void>) {
  const state = Array.from({ length: concurrency }, (): Walk => ({ id: '', version: 0, stage: SCRIPT.length }));
  return async (w: number) => {
    const s = state[w];
    if (s.stage >= SCRIPT.length) {
      const id = queue.take();
      if (!id) return false;
      Object.assign(s, { id, version: 1, stage: 0 });
    }
    try {
      await send(s);
    } catch (error) {
      s.stage = SCRIPT.length;
      throw error;
    }
    s.version++;
    s.stage++;
    return true;
  };
}

function engineOperation(http: HttpClient, cookies: Record<string, string>, queue: CaseQueue, concurrency: number) {
  return scriptedOperation(queue, concurrency, async (s) => {
    const step = SCRIPT[s.stage]!;
    const res = await http.request('POST', `/api/cases/${s.id}/events`, {
      body: { type: step.type, expectedVersion: s.version, ...(step.data ? { data: step.data } : {}) },
      headers: { cookie: cookies[step.user] },
    });
    if (res.status !== 200) throw new Error(`${step.type} on ${s.id}: ${res.status} ${res.body.slice(0, 200)}`);
  });
}

/**
 * The SQL work of one transition, without the engine: case update with the
 * version check, the event, task and timer rows replaced, as separate plain
 * statements (the engine sends the same writes as one statement).
 */
function rawStatements(step: Step, caseId: string, expected: number): Array<[string, unknown[]]> {
  const c = step.case;
  const e = step.event;
  const due = firstDue(step.tasks);
  const out: Array<[string, unknown[]]> = [
    [
      `UPDATE cases SET state = $1, state_paths = $2, status = $3, data = $4, envelope = $5, version = $6, due_at = $7, updated_at = $8, closed_at = $9
       WHERE tenant_id = 'default' AND id = $10 AND version = $11`,
      [JSON.stringify(c.state), c.statePaths, c.status, JSON.stringify(c.data), JSON.stringify(c.envelope), expected + 1, due, c.updatedAt, c.status === 'closed' ? c.updatedAt : null, caseId, expected],
    ],
    [
      `INSERT INTO events (tenant_id, case_id, seq, type, form, data, actor_id, actor_name, at, from_state, to_state, context)
       VALUES ('default', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [caseId, expected + 1, e.type, e.form, JSON.stringify(e.data), e.actorId, e.actorName, e.at, JSON.stringify(e.fromState), JSON.stringify(e.toState), JSON.stringify(e.context)],
    ],
    ['DELETE FROM tasks WHERE case_id = $1', [caseId]],
  ];
  for (const t of taskRows(step.tasks, KITA_MINI_GRANTS)) {
    out.push([
      `INSERT INTO tasks (tenant_id, case_id, role, grant_key, grants, state_path, kind, title, roles, form, due_at, definition_key, field_of_action)
       VALUES ('default', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '${KEY}', 'uebergang-kita-grundschule')`,
      [caseId, t.role, t.grant_key, t.grants, t.state_path, t.kind, JSON.stringify(t.title), t.roles, t.form, t.due_at],
    ]);
  }
  out.push(['DELETE FROM timers WHERE case_id = $1', [caseId]]);
  for (const t of step.timers) {
    out.push(["INSERT INTO timers (tenant_id, case_id, timer_id, event_type, due_at) VALUES ('default', $1, $2, $3, $4)", [caseId, t.id, t.eventType, t.dueAt]]);
  }
  return out;
}

type Exec = (statements: Array<[string, unknown[]]>) => Promise<void>;

export function rawOperation(exec: Exec, steps: Step[], queue: CaseQueue, concurrency: number) {
  return scriptedOperation(queue, concurrency, (s) => exec(rawStatements(steps[s.stage], s.id, s.version)));
}

export function pgExec(pool: pg.Pool): Exec {
  return async (statements) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const [first, ...rest] = statements;
      const updated = await client.query(first[0], first[1]);
      if (updated.rowCount !== 1) throw new Error('raw update lost the version check');
      for (const [sql, params] of rest) await client.query(sql, params);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
}

function pgliteExec(db: PGlite): Exec {
  return (statements) =>
    db.transaction(async (tx) => {
      const [first, ...rest] = statements;
      const updated = await tx.query(first[0], first[1]);
      if (updated.affectedRows !== 1) throw new Error('raw update lost the version check');
      for (const [sql, params] of rest) await tx.query(sql, params);
    });
}

export async function seededIds(knex: import('knex').Knex): Promise<string[]> {
  const rows = await knex('cases').where({ definition_key: KEY, version: 1 }).orderBy('number').select('id');
  return rows.map((r: { id: string }) => r.id);
}

/** The order a command goes through its phases on the server (engine/phases.ts). */
const PHASES = ['session', 'parse', 'begin', 'load', 'runtime', 'save', 'effects', 'commit', 'view', 'serialise', 'write'];

function reportPhases(kind: string, connections: number, phases: PhaseTimes): void {
  const known = PHASES.filter((p) => phases[p]);
  const total = known.reduce((sum, p) => sum + phases[p].meanMs, 0);
  figure(
    `  ${kind} ${connections} conn, mean ms per command on the server (${phases.session?.n ?? 0} commands): ` +
      known.map((p) => `${p} ${round(phases[p].meanMs)}`).join(', ') + ` = ${round(total)}`,
  );
}

function report(db: string, level: TransitionLevel, warmup: number): void {
  const e = level.engine;
  figure(
    `  ${db} ${String(level.connections).padStart(2)} conn: engine ${round(e.perSecond)} transitions/s (p50 ${round(e.p50)} ms, p99 ${round(e.p99)} ms)` +
      ` | raw ${round(level.raw.perSecond)}/s (p50 ${round(level.raw.p50)} ms, p99 ${round(level.raw.p99)} ms) | ratio ${round(level.ratio)}`,
  );
  // The whole seconds from the start of the load, the last (cut short) left out: the warm-up is meant to cover the climb.
  const perSecond = (timeline: number[]) => timeline.slice(0, -1).join(' ');
  note(`    per second from the start (the first ${warmup} s not counted): engine ${perSecond(e.timeline)} | raw ${perSecond(level.raw.timeline)}`);
}

/**
 * Benchmark 1: transitions over HTTP against a server process, and the same
 * SQL issued directly, at each concurrency level; on PostgreSQL or PGlite.
 */
export async function benchTransitions(kind: 'postgres' | 'pglite', o: TransitionOptions): Promise<TransitionLevel[]> {
  const pgDb = kind === 'postgres' ? await createBenchDatabase('tx') : null;
  const dataDir = kind === 'pglite' ? path.join(BENCH_DATA, `pglite-tx-${process.pid}`) : undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  const target = { databaseUrl: pgDb?.url, dataDir };
  try {
    // Two disjoint halves of seeded cases: the engine's and the raw baseline's.
    const { ids, steps } = await prepareDatabase(target, o.definitionsDir, async ({ knex, compiled }) => {
      const def = await compiled(KEY);
      const templates = caseTemplates([def], {}, { walks: 1, maxSteps: 0, seed: 1 });
      await seedCases(knex, { templates, count: o.cases * 2, activeShare: 1, districts: [], tag: `tx-${kind}`, now: new Date(), activeDays: 2, label: `  seeding ${KEY} (${kind})` });
      return { ids: await seededIds(knex), steps: rawSteps(def) };
    });
    const half = Math.floor(ids.length / 2);
    const engineQueue = new CaseQueue(ids.slice(0, half));
    const rawQueue = new CaseQueue(ids.slice(half));
    const levels: Array<Omit<TransitionLevel, 'raw' | 'ratio'>> = [];
    const phasesFile = o.cpuProfileDir ? path.join(o.cpuProfileDir, `phases-${kind}-${process.pid}.jsonl`) : undefined;
    const server = await startServer({ ...target, definitionsDir: o.definitionsDir, cpuProfileDir: o.cpuProfileDir, phasesFile });
    const http = new HttpClient(server.url, Math.max(...o.levels));
    try {
      const cookies = { kita: await signIn(http, 'kita'), schule: await signIn(http, 'schule') };
      for (const c of o.levels) {
        if (phasesFile) await server.phases(); // sign-in and earlier levels are not counted
        const engine = await runLoad(c, o.seconds, engineOperation(http, cookies, engineQueue, c), o.warmup);
        const phases = phasesFile ? await server.phases() : undefined;
        if (phases) reportPhases(kind, c, phases);
        levels.push({ connections: c, engine, phases });
      }
    } finally {
      http.close();
      await server.stop();
    }
    const out: TransitionLevel[] = [];
    if (kind === 'postgres') {
      for (const level of levels) {
        // As many connections as the server under test may open (its default pool), so both sides queue alike.
        const pool = new pg.Pool({ connectionString: pgDb!.url, max: Math.min(level.connections, configuredPoolMax()) });
        // An idle client cut off when the database is dropped must not take the run down.
        pool.on('error', () => undefined);
        let raw;
        try {
          raw = await runLoad(level.connections, o.seconds, rawOperation(pgExec(pool), steps, rawQueue, level.connections), o.warmup);
        } finally {
          await pool.end();
        }
        out.push({ ...level, raw, ratio: level.engine.perSecond / raw.perSecond });
        report('PostgreSQL', out[out.length - 1], o.warmup);
      }
    } else {
      const db = await PGlite.create(dataDir!);
      for (const level of levels) {
        const raw = await runLoad(level.connections, o.seconds, rawOperation(pgliteExec(db), steps, rawQueue, level.connections), o.warmup);
        out.push({ ...level, raw, ratio: level.engine.perSecond / raw.perSecond });
        report('PGlite    ', out[out.length - 1], o.warmup);
      }
      await db.close();
    }
    if (engineQueue.used >= half || rawQueue.used >= ids.length - half) note('  (seeded cases ran out before the end of a run; raise --cases)');
    return out;
  } finally {
    await pgDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
