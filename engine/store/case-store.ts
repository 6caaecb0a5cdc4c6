import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { firstDue, type CaseRecord, type EventRecord, type Step, type TaskRecord } from '../runtime/index.js';
import type { CaseRow, StoreTx } from '../service/index.js';
import { grantKey, type Grant } from '../access/index.js';
import type { SaveOptions } from '../service/index.js';
import { NO_STATISTICS, type StepStatistics } from '../monitoring/index.js';

/** ISO string of a timestamp column (pg gives Date, PGlite gives Date too). */
export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/**
 * The short reference people quote on the phone: the initials of the
 * process key and the case number (`kita-grundschule`, 42 -> `KG-42`).
 */
export function caseReference(definitionKey: string, number: number): string {
  const initials = definitionKey.split('-').map((p) => p[0]?.toUpperCase() ?? '').join('');
  return `${initials}-${number}`;
}

/** Maps a `cases` row to the core shape. */
export function toCaseRow(r: any): CaseRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    number: Number(r.ref_number),
    reference: caseReference(r.definition_key, Number(r.ref_number)),
    title: r.title ?? null,
    definition: { key: r.definition_key, version: r.definition_version },
    state: r.state,
    statePaths: r.state_paths,
    status: r.status,
    data: r.data,
    version: r.version,
    envelope: r.envelope,
    parentId: r.parent_id,
    organisation: r.organisation ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    dueAt: isoOrNull(r.due_at),
    purgedAt: isoOrNull(r.purged_at),
  };
}

function toEvent(r: any): EventRecord {
  return {
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    form: r.form,
    data: r.data,
    actorId: r.actor_id,
    actorName: r.actor_name,
    at: iso(r.at),
    fromState: r.from_state,
    toState: r.to_state,
    context: r.context,
  };
}


const json = (v: unknown) => JSON.stringify(v);

function caseColumns(c: CaseRecord, tasks: TaskRecord[]) {
  return {
    state: json(c.state),
    state_paths: c.statePaths,
    status: c.status,
    data: json(c.data),
    envelope: json(c.envelope),
    version: c.version,
    due_at: firstDue(tasks),
    updated_at: c.updatedAt,
    closed_at: c.status === 'closed' ? c.updatedAt : null,
  };
}

const LOAD_CASE = 'SELECT * FROM cases WHERE tenant_id = ? AND id = ?';
const LOAD_CASE_FOR_UPDATE = `${LOAD_CASE} FOR UPDATE`;
const INSERT_EVENT = `INSERT INTO events (tenant_id, case_id, seq, type, form, data, actor_id, actor_name, at, from_state, to_state, context)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const TASK_RECORD = 'r(role text, grant_key text, grants text[], state_path text, kind text, title jsonb, roles text[], form text, due_at timestamptz)';
const REPLACE_TASKS = `WITH gone AS (DELETE FROM tasks WHERE case_id = ?)
  INSERT INTO tasks (tenant_id, case_id, role, grant_key, grants, state_path, kind, title, roles, form, due_at, definition_key, field_of_action)
  SELECT ?, ?, r.role, r.grant_key, r.grants, r.state_path, r.kind, r.title, r.roles, r.form, r.due_at, ?, ?
  FROM jsonb_to_recordset(?::jsonb) AS ${TASK_RECORD}`;
/** Grants are upserted by their key and only those no longer held deleted, for the reason given at {@link UPSERT_TIMER}. */
const UPSERT_GRANT = 'ON CONFLICT (case_id, grant_key) DO UPDATE SET forms = excluded.forms';
const REPLACE_ACCESS = `WITH gone AS (DELETE FROM case_access WHERE case_id = ? AND grant_key NOT IN (SELECT jsonb_array_elements(?::jsonb)->>'grant_key'))
  INSERT INTO case_access (tenant_id, case_id, grant_key, forms)
  SELECT ?, ?, r.grant_key, r.forms FROM jsonb_to_recordset(?::jsonb) AS r(grant_key text, forms text[])
  ${UPSERT_GRANT}`;
/**
 * Sibling CTEs of one statement see the same snapshot, so a DELETE beside an
 * INSERT does not make room for a row with the same key: a re-entered state's
 * timer (same `timer_id`) would collide with its old row. Timers are therefore
 * upserted by (case_id, timer_id) and only the timers no longer pending are
 * deleted; the two touch disjoint rows.
 */
const UPSERT_TIMER = `ON CONFLICT (case_id, timer_id) DO UPDATE SET event_type = excluded.event_type, due_at = excluded.due_at`;
const REPLACE_TIMERS = `WITH gone AS (DELETE FROM timers WHERE case_id = ? AND timer_id NOT IN (SELECT jsonb_array_elements(?::jsonb)->>'timer_id'))
  INSERT INTO timers (tenant_id, case_id, timer_id, event_type, due_at)
  SELECT ?, ?, r.timer_id, r.event_type, r.due_at FROM jsonb_to_recordset(?::jsonb) AS r(timer_id text, event_type text, due_at timestamptz)
  ${UPSERT_TIMER}`;

/**
 * The anonymous statistics of a step (#14), as CTEs after the case's row
 * `source` (which returns `tenant_id` and `stat_subject`): a duration's
 * start is marked under the case's pseudonym; a duration's end takes its
 * mark (and deletes it) and counts the whole days between; the counts are
 * added to the day's cell of each indicator. A `distinct` occurrence
 * upserts the case's mark of that indicator to the period's start and is
 * counted only when the mark changed (a new case or a new period), so a case
 * counts once per period however often it occurs. Two parts of one step
 * never touch the same row (a step marks or ends a duration, not both; a
 * distinct mark has an indicator of its own), so the sibling CTEs do not
 * collide.
 */
export function statisticsCtes(source: string): string {
  return `, stat_mark AS (
    INSERT INTO statistics_marks (tenant_id, subject, indicator, at)
    SELECT s.tenant_id, s.stat_subject, r.indicator, r.at FROM ${source} s, jsonb_to_recordset(?::jsonb) AS r(indicator text, at timestamptz)
    ON CONFLICT (subject, indicator) DO NOTHING
  ), stat_used AS (
    DELETE FROM statistics_marks m USING ${source} s, jsonb_to_recordset(?::jsonb) AS r(indicator text)
    WHERE m.subject = s.stat_subject AND m.indicator = r.indicator RETURNING m.indicator, m.at
  ), stat_seen AS (
    INSERT INTO statistics_marks (tenant_id, subject, indicator, at)
    SELECT s.tenant_id, s.stat_subject, r.indicator, r.since FROM ${source} s, jsonb_to_recordset(?::jsonb) AS r(indicator text, since timestamptz)
    ON CONFLICT (subject, indicator) DO UPDATE SET at = excluded.at WHERE statistics_marks.at <> excluded.at
    RETURNING indicator
  ), stat_rows AS (
    SELECT r.indicator, r.day, r.dims, r.n, r.total FROM jsonb_to_recordset(?::jsonb) AS r(indicator text, day date, dims jsonb, n bigint, total numeric)
    UNION ALL
    SELECT r.indicator, r.day, r.dims || jsonb_build_object('_days', floor(extract(epoch FROM r.at - u.at) / 86400)::int), 1, 0
    FROM stat_used u JOIN jsonb_to_recordset(?::jsonb) AS r(indicator text, day date, dims jsonb, at timestamptz) ON r.indicator = u.indicator
    UNION ALL
    SELECT r.indicator, r.day, r.dims, 1, 0 FROM stat_seen u JOIN jsonb_to_recordset(?::jsonb) AS r(indicator text, day date, dims jsonb) ON r.indicator = u.indicator
  ), stat_ins AS (
    INSERT INTO statistics_counts (tenant_id, definition_key, indicator, day, dims, n, total)
    SELECT s.tenant_id, ?, x.indicator, x.day, x.dims, x.n, x.total FROM ${source} s, stat_rows x
    ON CONFLICT (tenant_id, indicator, day, dims) DO UPDATE SET n = statistics_counts.n + excluded.n, total = statistics_counts.total + excluded.total
  ), stat_month AS (
    ${monthlyUpsert(`SELECT s.tenant_id, x.* FROM ${source} s, stat_rows x`)}
  )`;
}

/**
 * Adds count rows (`tenant_id, indicator, day, dims, n, total` from `rows`)
 * to the monthly cells of each single dimension and of the whole
 * (dim ''); a value not recorded is ''. Durations stay in the day cells
 * only (their days and groups are read together).
 */
export function monthlyUpsert(rows: string): string {
  return `INSERT INTO statistics_monthly (tenant_id, indicator, dim, month, value, n, total)
    SELECT x.tenant_id, x.indicator, d.key, date_trunc('month', x.day)::date, d.value, sum(x.n), sum(x.total)
    FROM (${rows}) x, LATERAL (SELECT e.key, coalesce(e.value, '') AS value FROM jsonb_each_text(x.dims) e UNION ALL SELECT '', '') d
    WHERE NOT jsonb_exists(x.dims, '_days')
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, indicator, dim, month, value) DO UPDATE SET n = statistics_monthly.n + excluded.n, total = statistics_monthly.total + excluded.total`;
}

/** The bindings of {@link statisticsCtes}, in order. */
export const statisticsBindings = (definitionKey: string, s: StepStatistics) => [json(s.marks), json(s.closes), json(s.seen), json(s.counts), json(s.closes), json(s.seen), definitionKey];

/** Which parts a step writes beside the case update and its event; the rest is left out of its statement. */
interface SaveParts {
  tasks: boolean;
  grants: boolean;
  timers: boolean;
  search: boolean;
  draft: boolean;
  statistics: boolean;
}

/**
 * One step of a command in one statement: the case update with the version
 * check, the event, and only the parts the step changes — task, grant and
 * timer rows, search words, the actor's draft, statistics — each
 * conditional on the update having matched. A part a step does not change
 * is not in its statement at all: every data-modifying CTE runs even when a
 * condition turns it off, and the unused ones were most of the database's
 * work for a plain step (docs/performance.md). Each combination of parts is
 * its own statement text (at most 64), prepared once per connection.
 */
function saveStepSql(p: SaveParts): string {
  const parts = [
    `WITH upd AS (
    UPDATE cases SET state = ?, state_paths = ?, status = ?, data = ?, envelope = ?, version = ?, due_at = ?, updated_at = ?, closed_at = ?, title = ?, definition_version = ?
    WHERE tenant_id = ? AND id = ? AND version = ? RETURNING id, tenant_id, stat_subject
  ), ev AS (
    INSERT INTO events (tenant_id, case_id, seq, type, form, data, actor_id, actor_name, at, from_state, to_state, context)
    SELECT upd.tenant_id, upd.id, ?, ?, ?, ?::jsonb, ?, ?, ?::timestamptz, ?::jsonb, ?::jsonb, ?::jsonb FROM upd RETURNING 1
  )`,
  ];
  if (p.tasks) {
    parts.push(`, task_del AS (
    DELETE FROM tasks WHERE case_id IN (SELECT id FROM upd)
  ), task_ins AS (
    INSERT INTO tasks (tenant_id, case_id, role, grant_key, grants, state_path, kind, title, roles, form, due_at, definition_key, field_of_action)
    SELECT upd.tenant_id, upd.id, r.role, r.grant_key, r.grants, r.state_path, r.kind, r.title, r.roles, r.form, r.due_at, ?, ?
    FROM upd, jsonb_to_recordset(?::jsonb) AS ${TASK_RECORD}
  )`);
  }
  if (p.grants) {
    parts.push(`, access_del AS (
    DELETE FROM case_access WHERE case_id IN (SELECT id FROM upd) AND grant_key NOT IN (SELECT jsonb_array_elements(?::jsonb)->>'grant_key')
  ), access_ins AS (
    INSERT INTO case_access (tenant_id, case_id, grant_key, forms)
    SELECT upd.tenant_id, upd.id, r.grant_key, r.forms FROM upd, jsonb_to_recordset(?::jsonb) AS r(grant_key text, forms text[])
    ${UPSERT_GRANT}
  )`);
  }
  if (p.timers) {
    parts.push(`, timer_del AS (
    DELETE FROM timers WHERE case_id IN (SELECT id FROM upd) AND timer_id NOT IN (SELECT jsonb_array_elements(?::jsonb)->>'timer_id')
  ), timer_ins AS (
    INSERT INTO timers (tenant_id, case_id, timer_id, event_type, due_at)
    SELECT upd.tenant_id, upd.id, r.timer_id, r.event_type, r.due_at
    FROM upd, jsonb_to_recordset(?::jsonb) AS r(timer_id text, event_type text, due_at timestamptz)
    ${UPSERT_TIMER}
  )`);
  }
  if (p.search) {
    parts.push(`, search_del AS (
    DELETE FROM case_search WHERE case_id IN (SELECT id FROM upd) AND forms IS NOT NULL
  ), search_ins AS (
    INSERT INTO case_search (tenant_id, case_id, word, forms)
    SELECT upd.tenant_id, upd.id, w.word, ?::text[] FROM upd, jsonb_array_elements_text(?::jsonb) AS w(word)
  )`);
  }
  if (p.draft) {
    parts.push(`, draft_del AS (
    DELETE FROM drafts WHERE case_id IN (SELECT id FROM upd) AND user_id = ?::uuid
  )`);
  }
  if (p.statistics) parts.push(statisticsCtes('upd'));
  parts.push('\n  SELECT count(*)::int AS n FROM upd');
  return parts.join('');
}

/** The statement texts of {@link saveStepSql} by their parts (the same text object each time, so prepared statements are found by it). */
const saveStepTexts = new Map<string, string>();

function saveStepText(p: SaveParts): string {
  const key = `${+p.tasks}${+p.grants}${+p.timers}${+p.search}${+p.draft}${+p.statistics}`;
  let text = saveStepTexts.get(key);
  if (text === undefined) {
    text = saveStepSql(p);
    saveStepTexts.set(key, text);
  }
  return text;
}

/**
 * Task rows: one per grant of the case that covers one of the task's roles,
 * so the task reaches exactly the members of the organisations granted. A
 * task no grant covers has no rows (nobody could open its case).
 */
export function taskRows(tasks: TaskRecord[], grants: Grant[]) {
  return tasks.flatMap((t) => {
    const pairs = [...new Set(t.roles)].flatMap((role) => grants.filter((g) => g.role === role).map((g) => ({ role, key: grantKey(role, g.organisation) })));
    const keys = [...new Set(pairs.map((p) => p.key))];
    return keys.map((key) => ({
      role: pairs.find((p) => p.key === key)!.role, grant_key: key, grants: keys, state_path: t.statePath, kind: t.kind, title: t.title, roles: t.roles, form: t.form, due_at: t.dueAt,
    }));
  });
}

/** `case_access` rows of a case's grants (one rule per role, so keys are unique). */
const accessRows = (grants: Grant[]) => [...new Map(grants.map((g) => [grantKey(g.role, g.organisation), g.forms])).entries()].map(([grant_key, forms]) => ({ grant_key, forms }));

const timerRows = (timers: Step['timers']) => timers.map((t) => ({ timer_id: t.id, event_type: t.eventType, due_at: t.dueAt }));

/** The Knex adapter of {@link StoreTx}: one instance per transaction. */
export class KnexStoreTx implements StoreTx {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  // The command path (load, update, event, tasks, timers, draft) is written as plain SQL: building these
  // statements with the query builder cost more CPU than anything else a command does (docs/performance.md).

  /** Runs one statement of the command path (`?` placeholders); {@link DirectCaseStore} sends it without Knex. */
  protected async run(sql: string, params: unknown[]): Promise<{ rows: any[] }> {
    return this.db.raw(sql, params as Knex.RawBinding[]);
  }

  async loadCase(tenantId: string, id: string, lock = false): Promise<CaseRow | null> {
    const { rows } = await this.run(lock ? LOAD_CASE_FOR_UPDATE : LOAD_CASE, [tenantId, id]);
    return rows[0] ? toCaseRow(rows[0]) : null;
  }

  async insertCase(step: Step, organisation: string | null, title: string | null, statistics: StepStatistics = NO_STATISTICS): Promise<CaseRow> {
    const c = step.case;
    const insert = this.db('cases')
      .insert({
        id: c.id,
        tenant_id: c.tenantId,
        definition_key: c.definition.key,
        definition_version: c.definition.version,
        parent_id: c.parentId,
        organisation,
        title,
        created_at: c.createdAt,
        ...caseColumns(c, step.tasks),
      })
      .returning('*')
      .toSQL();
    // The case and its statistics in one statement, as a step's are in SAVE_STEP.
    const { rows } = await this.db.raw(`WITH c AS (${insert.sql})${statisticsCtes('c')} SELECT * FROM c`, [...insert.bindings, ...statisticsBindings(c.definition.key, statistics)]);
    return toCaseRow(rows[0]);
  }

  async saveStep(step: Step, expected: number, o: SaveOptions): Promise<boolean> {
    const c = step.case;
    const v = caseColumns(c, step.tasks);
    const e = step.event;
    const statistics = o.statistics ?? NO_STATISTICS;
    const parts: SaveParts = {
      tasks: o.tasksChanged || o.grantsChanged,
      grants: o.grantsChanged,
      timers: o.timersChanged,
      search: o.title.words !== null,
      draft: o.draftUserId !== null,
      statistics: statistics.counts.length > 0 || statistics.marks.length > 0 || statistics.closes.length > 0 || statistics.seen.length > 0,
    };
    const params: unknown[] = [
      v.state, v.state_paths, v.status, v.data, v.envelope, v.version, v.due_at, v.updated_at, v.closed_at, o.title.value, c.definition.version, c.tenantId, c.id, expected,
      e.seq, e.type, e.form, json(e.data), e.actorId, e.actorName, e.at, e.fromState === null ? null : json(e.fromState), json(e.toState), json(e.context),
    ];
    if (parts.tasks) params.push(c.definition.key, o.fieldOfAction, json(taskRows(step.tasks, o.grants)));
    if (parts.grants) {
      const access = json(accessRows(o.grants));
      params.push(access, access);
    }
    if (parts.timers) params.push(json(timerRows(step.timers)), json(timerRows(step.timers)));
    if (parts.search) params.push(o.title.forms, json(o.title.words ?? []));
    if (parts.draft) params.push(o.draftUserId);
    if (parts.statistics) params.push(...statisticsBindings(c.definition.key, statistics));
    const { rows } = await this.run(saveStepText(parts), params);
    return Number(rows[0]?.n) === 1;
  }

  async appendEvent(tenantId: string, e: EventRecord): Promise<void> {
    await this.db.raw(INSERT_EVENT, [
      tenantId, e.caseId, e.seq, e.type, e.form, json(e.data), e.actorId, e.actorName, e.at,
      e.fromState === null ? null : json(e.fromState), json(e.toState), json(e.context),
    ]);
  }

  /** Deletes the case's task rows and inserts the new ones (one row per task and role) in one statement. */
  async replaceTasks(tenantId: string, c: CaseRecord, tasks: TaskRecord[], fieldOfAction: string | null, grants: Grant[]): Promise<void> {
    const rows = taskRows(tasks, grants);
    if (!rows.length) await this.db.raw('DELETE FROM tasks WHERE case_id = ?', [c.id]);
    else await this.db.raw(REPLACE_TASKS, [c.id, tenantId, c.id, c.definition.key, fieldOfAction, json(rows)]);
  }

  /** Writes the search words of a new case: its reference (for everyone) and its title (for those who see `titleForms`). */
  async insertSearchWords(tenantId: string, caseId: string, referenceWords: string[], titleWords: string[], titleForms: string[]): Promise<void> {
    const rows = [
      ...referenceWords.map((word) => ({ tenant_id: tenantId, case_id: caseId, word, forms: null })),
      ...titleWords.map((word) => ({ tenant_id: tenantId, case_id: caseId, word, forms: titleForms })),
    ];
    if (rows.length) await this.db('case_search').insert(rows);
  }

  /** Replaces the case's grants in one statement. */
  async replaceAccess(tenantId: string, caseId: string, grants: Grant[]): Promise<void> {
    const rows = json(accessRows(grants));
    await this.db.raw(REPLACE_ACCESS, [caseId, rows, tenantId, caseId, rows]);
  }

  /** Deletes the case's timer rows and inserts the new ones in one statement. */
  async replaceTimers(tenantId: string, caseId: string, timers: Step['timers']): Promise<void> {
    if (!timers.length) await this.db.raw('DELETE FROM timers WHERE case_id = ?', [caseId]);
    else await this.db.raw(REPLACE_TIMERS, [caseId, json(timerRows(timers)), tenantId, caseId, json(timerRows(timers))]);
  }

  async countLinked(tenantId: string, definitionKey: string, parentId: string | null, states: string[], excludeId: string): Promise<number> {
    const q = this.db('cases')
      .where({ tenant_id: tenantId, definition_key: definitionKey })
      .whereNot({ id: excludeId })
      .whereRaw('state_paths && ?::text[]', [states]);
    if (parentId === null) q.whereNull('parent_id');
    else q.where({ parent_id: parentId });
    const [{ count }] = await q.count({ count: '*' });
    return Number(count);
  }

  async childCases(tenantId: string, parentId: string, filter: { definition?: string; state?: string; status?: 'active' }): Promise<CaseRow[]> {
    const q = this.db('cases').where({ tenant_id: tenantId, parent_id: parentId }).orderBy([{ column: 'created_at' }, { column: 'number' }]);
    if (filter.definition) q.where({ definition_key: filter.definition });
    if (filter.status) q.where({ status: filter.status });
    if (filter.state) q.whereRaw('? = ANY(state_paths)', [filter.state]);
    return (await q).map(toCaseRow);
  }

  async lockDefinitionScope(tenantId: string, definitionKey: string): Promise<void> {
    // Serialises capacity checks of cases without a parent; released at commit.
    await this.db.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`${tenantId}:${definitionKey}`]);
  }

  /** Ids of the active cases of one definition version, by id from `after` on (for migrations in chunks). */
  async activeCaseIds(tenantId: string, key: string, version: number, after: string | null, limit: number | null): Promise<string[]> {
    const q = this.db('cases').where({ tenant_id: tenantId, definition_key: key, definition_version: version, status: 'active' }).orderBy('id').pluck('id');
    if (after) q.where('id', '>', after);
    if (limit !== null) q.limit(limit);
    return (await q).map(String);
  }

  async loadEvents(tenantId: string, caseId: string): Promise<EventRecord[]> {
    const rows = await this.db('events').where({ tenant_id: tenantId, case_id: caseId }).orderBy('seq');
    return rows.map(toEvent);
  }
}

/** `$n` text and a statement name per SQL text of the command path (names differ when the text does). */
const prepared = new Map<string, { text: string; name: string }>();

/**
 * The command path's own statements outside a transaction, each on a pooled
 * connection of its own for just that statement, sent to the driver directly:
 * on PostgreSQL as a named prepared statement (parsed once per connection),
 * on PGlite through its own query call. Knex's per-query work (binding
 * rewrite, query builder objects, result wrapping) is what the command
 * path's profile showed most of after the round trips (docs/performance.md).
 * Only single statements go this way: a `SAVE_STEP` is atomic on its own,
 * and anything that must share a transaction uses {@link KnexStoreTx} in one.
 */
export class DirectCaseStore extends KnexStoreTx {
  constructor(private readonly knex: Knex) {
    super(knex);
  }

  protected override async run(sql: string, params: unknown[]): Promise<{ rows: any[] }> {
    let statement = prepared.get(sql);
    if (!statement) {
      const text = this.knex.client.positionBindings(sql) as string;
      statement = { text, name: `agora_${createHash('sha1').update(text).digest('hex').slice(0, 16)}` };
      prepared.set(sql, statement);
    }
    const client = this.knex.client;
    const connection = await client.acquireConnection();
    try {
      if (connection instanceof pg.Client) return await connection.query({ name: statement.name, text: statement.text, values: params });
      return await connection.query(statement.text, params);
    } finally {
      await client.releaseConnection(connection);
    }
  }
}
