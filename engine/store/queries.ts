import type { Knex } from 'knex';
import type { EventRecord } from '../runtime/index.js';
import type { CaseQuery, CaseRow, DueTimer, GrantedScope, InboxRow, ImportRow } from '../service/index.js';
import { caseReference, iso, isoOrNull, KnexStoreTx, toCaseRow } from './case-store.js';
import { searchWords } from '../definition/index.js';

const SORT_COLUMNS = { updatedAt: 'updated_at', createdAt: 'created_at', dueAt: 'due_at' } as const;
/** Grouping sorts (process, step, status): the group, then the most recently changed first within it. */
const GROUP_SORTS = {
  definition: 'definition_key',
  status: 'status',
  // the deepest active state path: cases in the same step sort together
  state: 'state_paths[array_length(state_paths, 1)]',
} as const;

/** The SQL condition "a grant of this case names the reader" for a case table alias. */
const GRANTED = (alias: string) => `EXISTS (SELECT 1 FROM case_access AS a WHERE a.case_id = ${alias}.id AND a.grant_key = ANY(?::text[]))`;

/**
 * Restricts a case query to what a reader may open: definitions read whole,
 * and cases of the `granted` definitions whose grants name the reader. The
 * granted cases are found from `case_access` (`case_access_by_grant`), so a
 * member of one of 200 organisations reads a few index entries, not every
 * case of the process. Where every readable definition is read through
 * grants this is a plain semi-join; otherwise the set is hashed once.
 */
export function whereReadable(query: Knex.QueryBuilder, alias: string, tenantId: string, definitions: string[] | undefined, granted: GrantedScope | undefined): Knex.QueryBuilder {
  if (definitions) query.whereIn(`${alias}.definition_key`, definitions);
  if (!granted?.definitions.length) return query;
  const inGrants = `${alias}.id IN (SELECT a.case_id FROM case_access AS a WHERE a.tenant_id = ? AND a.grant_key = ANY(?::text[]))`;
  const whole = (definitions ?? []).filter((d) => !granted.definitions.includes(d));
  if (definitions && whole.length === 0) return query.whereRaw(inGrants, [tenantId, granted.keys]);
  return query.where((w) => w.whereNotIn(`${alias}.definition_key`, granted.definitions).orWhereRaw(inGrants, [tenantId, granted.keys]));
}

/** A matched grant of a case: its key and the forms it sees (`null`: all). */
export interface MatchedGrant {
  grant_key: string;
  forms: string[] | null;
}

/** A listed case with the grants of the reader that matched it (absent for tenant-wide readers). */
export type ListedCase = CaseRow & { matched?: MatchedGrant[] };
const toListed = (r: any): ListedCase => ({ ...toCaseRow(r), ...(r.matched !== undefined ? { matched: r.matched ?? [] } : {}) });

/** Read-side queries: lists, inbox, board, history, drafts, timers, imports. */
export class KnexQueries {
  constructor(private readonly knex: Knex) {}

  private caseFilter(tenantId: string, q: Omit<CaseQuery, 'sort' | 'order' | 'limit' | 'offset'>) {
    const query = whereReadable(this.knex('cases').where({ tenant_id: tenantId }), 'cases', tenantId, q.definitions, q.granted);
    if (q.definition) query.where({ definition_key: q.definition });
    if (q.status) query.where({ status: q.status });
    if (q.state) query.whereRaw('state_paths @> ARRAY[?]::text[]', [q.state]);
    if (q.overdue) query.where({ status: 'active' }).where('due_at', '<', q.now.toISOString());
    if (q.q !== undefined) {
      // Every word must begin a word of the reference or of the title; title words only for readers who see the title's forms.
      const words = searchWords(q.q);
      if (!words.length) query.whereRaw('false');
      const seen = q.granted
        ? ' AND (s.forms IS NULL OR EXISTS (SELECT 1 FROM case_access AS a WHERE a.case_id = s.case_id AND a.grant_key = ANY(?::text[]) AND (a.forms IS NULL OR a.forms @> s.forms)))'
        : '';
      for (const w of words) {
        query.whereRaw(`cases.id IN (SELECT s.case_id FROM case_search AS s WHERE s.tenant_id = ? AND s.word LIKE ? ESCAPE '\\'${seen})`, [
          tenantId, `${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, ...(q.granted ? [q.granted.keys] : []),
        ]);
      }
    }
    return query;
  }

  /**
   * The sort clause. Only `due_at` can be null; the NOT NULL columns sort
   * without a NULLS clause so the order matches their indexes (`DESC NULLS
   * LAST` on an index built `DESC` would make PostgreSQL sort every match).
   */
  private orderOf(q: Pick<CaseQuery, 'sort' | 'order'>): string {
    const order = q.order === 'asc' ? 'asc' : 'desc';
    if (q.sort in GROUP_SORTS) return `${GROUP_SORTS[q.sort as keyof typeof GROUP_SORTS]} ${order}, updated_at desc, id desc`;
    const col = SORT_COLUMNS[q.sort as keyof typeof SORT_COLUMNS];
    return col === 'due_at' ? `due_at ${order} NULLS LAST, id ${order}` : `${col} ${order}, id ${order}`;
  }

  /**
   * The number of matching cases. Filters by definition, status and state are
   * read from `case_counts` (a few rows, whatever the number of cases); only
   * `overdue` and `q` count rows.
   */
  private async countCases(tenantId: string, q: Omit<CaseQuery, 'sort' | 'order' | 'limit' | 'offset'>): Promise<number> {
    const grantedHere = q.granted?.definitions.some((d) => (q.definition ? d === q.definition : !q.definitions || q.definitions.includes(d)));
    if (q.overdue || q.q || grantedHere) {
      const [{ count }] = await this.caseFilter(tenantId, q).count({ count: '*' });
      return Number(count);
    }
    const query = this.knex('case_counts').where({ tenant_id: tenantId, path: q.state || '' });
    if (q.definitions) query.whereIn('definition_key', q.definitions);
    if (q.definition) query.where({ definition_key: q.definition });
    if (q.status) query.where({ status: q.status });
    const [{ total }] = await query.sum({ total: 'n' });
    return Number(total ?? 0);
  }

  /** The columns of a listed case, with the reader's matched grants when it reads through grants. */
  private listColumns(q: Pick<CaseQuery, 'granted'>) {
    if (!q.granted) return ['cases.*'];
    return ['cases.*', this.knex.raw(`(SELECT json_agg(json_build_object('grant_key', a.grant_key, 'forms', a.forms)) FROM case_access AS a
      WHERE a.case_id = cases.id AND a.grant_key = ANY(?::text[])) AS matched`, [q.granted.keys])];
  }

  async listCases(tenantId: string, q: CaseQuery): Promise<{ items: ListedCase[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.caseFilter(tenantId, q).select(this.listColumns(q)).orderByRaw(this.orderOf(q)).limit(q.limit).offset(q.offset),
      this.countCases(tenantId, q),
    ]);
    return { items: rows.map(toListed), total };
  }

  /** Every matching case, in pages, for the CSV export (no paging limit, bounded memory). */
  async *allCases(tenantId: string, q: Omit<CaseQuery, 'limit' | 'offset'>): AsyncGenerator<ListedCase[]> {
    for (let offset = 0; ; offset += 1000) {
      const rows = await this.caseFilter(tenantId, q).select(this.listColumns(q)).orderByRaw(this.orderOf(q)).limit(1000).offset(offset);
      if (rows.length) yield rows.map(toListed);
      if (rows.length < 1000) return;
    }
  }

  async loadCase(tenantId: string, id: string): Promise<CaseRow | null> {
    return new KnexStoreTx(this.knex).loadCase(tenantId, id);
  }

  /**
   * A case only if the reader may open it: `keys` null reads every case of
   * the tenant; otherwise a grant of the case must carry one of the keys.
   * Returns the grants that matched, for the roles and forms they allow.
   */
  async loadReadable(tenantId: string, id: string, keys: string[] | null): Promise<{ row: CaseRow; matched: MatchedGrant[] } | null> {
    if (keys === null) {
      const row = await this.loadCase(tenantId, id);
      return row ? { row, matched: [] } : null;
    }
    const { rows } = await this.knex.raw(
      `SELECT c.*, m.matched FROM cases AS c
       CROSS JOIN LATERAL (SELECT json_agg(json_build_object('grant_key', a.grant_key, 'forms', a.forms)) AS matched
         FROM case_access AS a WHERE a.case_id = c.id AND a.grant_key = ANY(?::text[])) AS m
       WHERE c.tenant_id = ? AND c.id = ? AND m.matched IS NOT NULL`,
      [keys, tenantId, id],
    );
    return rows[0] ? { row: toCaseRow(rows[0]), matched: rows[0].matched } : null;
  }

  /** The children of a case that the reader may open (`keys` null: all). */
  async readableChildren(tenantId: string, parentId: string, keys: string[] | null): Promise<ListedCase[]> {
    const q = this.knex('cases').where({ 'cases.tenant_id': tenantId, 'cases.parent_id': parentId }).orderBy([{ column: 'cases.created_at' }, { column: 'cases.number' }]);
    if (keys !== null) q.whereRaw(GRANTED('cases'), [keys]);
    return (await q.select(this.listColumns(keys === null ? {} : { granted: { definitions: [], keys } }))).map(toListed);
  }

  /** Records that a person read cases' data: who, when, which forms; never the content. */
  async recordReads(tenantId: string, reads: Array<{ caseId: string; forms: string[] | null }>, who: { id: string; username: string }, kind: string, at: Date): Promise<void> {
    if (!reads.length) return;
    await this.knex('case_reads').insert(
      reads.map((r) => ({ tenant_id: tenantId, case_id: r.caseId, user_id: /^[0-9a-f-]{36}$/i.test(who.id) ? who.id : null, username: who.username, at: at.toISOString(), kind, forms: r.forms })),
    );
  }

  /** The read log of a case, newest first. */
  async caseReads(tenantId: string, caseId: string, limit: number, offset: number): Promise<{ items: Array<{ username: string; at: string; kind: string; forms: string[] | null }>; total: number }> {
    const base = this.knex('case_reads').where({ tenant_id: tenantId, case_id: caseId });
    const [rows, [{ count }]] = await Promise.all([
      base.clone().orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit).offset(offset).select('username', 'at', 'kind', 'forms'),
      base.clone().count({ count: '*' }),
    ]);
    return { items: rows.map((r: any) => ({ username: r.username, at: iso(r.at), kind: r.kind, forms: r.forms })), total: Number(count) };
  }

  async loadEvents(tenantId: string, caseId: string): Promise<EventRecord[]> {
    return new KnexStoreTx(this.knex).loadEvents(tenantId, caseId);
  }

  async children(tenantId: string, parentId: string): Promise<CaseRow[]> {
    return new KnexStoreTx(this.knex).childCases(tenantId, parentId, {});
  }

  /**
   * One grant key's open tasks in due order, at most `take`. A task has a row
   * per grant it reaches; only the first of its rows whose key the reader
   * holds counts, so each task appears once.
   */
  private inboxBranch(tenantId: string, keys: string[], key: string, f: { definition?: string; fieldOfAction?: string }, take: number) {
    const query = this.knex('tasks as t').where('t.tenant_id', tenantId).where('t.grant_key', key);
    if (keys.length > 1) query.whereRaw('NOT (t.grants[1:array_position(t.grants, t.grant_key) - 1] && ?::text[])', [keys]);
    if (f.definition) query.where('t.definition_key', f.definition);
    if (f.fieldOfAction) query.where('t.field_of_action', f.fieldOfAction);
    return query.select('t.*').orderByRaw('t.due_at ASC NULLS LAST, t.id ASC').limit(take);
  }

  /**
   * The inbox: the rows of each grant key the reader holds (its roles,
   * tenant-wide and in each of its organisations) are read in index order
   * (`tasks_inbox`) and merged, so a page costs the same at any number of
   * tasks; the total comes from `task_counts`.
   */
  async inbox(tenantId: string, keys: string[], f: { definition?: string; fieldOfAction?: string; limit: number; offset: number }): Promise<{ items: InboxRow[]; total: number }> {
    const unique = [...new Set(keys)];
    if (!unique.length) return { items: [], total: 0 };
    const branches = unique.map((key) => this.inboxBranch(tenantId, unique, key, f, f.offset + f.limit).toSQL());
    const counts = this.knex('task_counts').where({ tenant_id: tenantId }).whereRaw('grants && ?::text[]', [unique]);
    if (f.definition) counts.where({ definition_key: f.definition });
    if (f.fieldOfAction) counts.where({ field_of_action: f.fieldOfAction });
    const [result, [{ total }]] = await Promise.all([
      this.knex.raw(
        `SELECT u.*, c.ref_number, c.definition_version, c.title AS case_title, a.forms AS grant_forms FROM (${branches.map((b) => `(${b.sql})`).join(' UNION ALL ')}) AS u
         JOIN cases AS c ON c.id = u.case_id LEFT JOIN case_access AS a ON a.case_id = u.case_id AND a.grant_key = u.grant_key
         ORDER BY u.due_at ASC NULLS LAST, u.id ASC LIMIT ? OFFSET ?`,
        [...branches.flatMap((b) => b.bindings), f.limit, f.offset],
      ),
      counts.sum({ total: 'n' }),
    ]);
    return {
      total: Number(total ?? 0),
      items: result.rows.map((r: any) => ({
        caseId: r.case_id,
        statePath: r.state_path,
        kind: r.kind,
        title: r.title,
        roles: r.roles,
        form: r.form,
        dueAt: isoOrNull(r.due_at),
        reference: caseReference(r.definition_key, Number(r.ref_number)),
        caseTitle: r.case_title ?? null,
        grantForms: r.grant_forms ?? null,
        definitionKey: r.definition_key,
        definitionVersion: r.definition_version,
        fieldOfAction: r.field_of_action,
      })),
    };
  }


  /** Open cases per definition and state path, closed counts, overdue counts. */
  async board(tenantId: string, now: Date, definitions?: string[], granted?: GrantedScope): Promise<{
    states: Array<{ key: string; path: string; count: number }>;
    totals: Array<{ key: string; status: string; count: number }>;
    overdue: Array<{ key: string; count: number }>;
  }> {
    // Definitions read only through grants are counted row by row below; the others from the counters.
    const viaGrants = granted?.definitions.filter((d) => !definitions || definitions.includes(d)) ?? [];
    const counted = definitions?.filter((d) => !viaGrants.includes(d));
    const scope = (q: Knex.QueryBuilder) => (counted ? q.whereIn('definition_key', counted) : viaGrants.length ? q.whereNotIn('definition_key', viaGrants) : q);
    // Open cases per state and cases per status from the counters; overdue depends on `now`, so it is counted.
    const [states, totals, overdue]: any[][] = await Promise.all([
      scope(this.knex('case_counts').where({ tenant_id: tenantId, status: 'active' }).whereNot({ path: '' }))
        .select('definition_key', 'path')
        .sum({ count: 'n' })
        .groupBy('definition_key', 'path'),
      scope(this.knex('case_counts').where({ tenant_id: tenantId, path: '' })).select('definition_key', 'status').sum({ count: 'n' }).groupBy('definition_key', 'status'),
      // One index-only range per definition (cases_overdue_by_definition) instead of grouping all overdue cases.
      this.knex
        .select('d.definition_key', this.knex.raw(`(SELECT count(*) FROM cases AS c WHERE c.tenant_id = d.tenant_id AND c.definition_key = d.definition_key
          AND c.status = 'active' AND c.due_at < ?) AS count`, [now.toISOString()]))
        .from(scope(this.knex('case_counts').distinct('tenant_id', 'definition_key').where({ tenant_id: tenantId, path: '', status: 'active' })).as('d'))
        .then((rows: any[]) => rows.filter((r) => Number(r.count) > 0)),
    ]);
    if (viaGrants.length) {
      const mine = () => whereReadable(this.knex('cases as c').where('c.tenant_id', tenantId), 'c', tenantId, viaGrants, granted);
      const [s2, t2, o2] = await Promise.all([
        mine().where('c.status', 'active').crossJoin(this.knex.raw('unnest(c.state_paths) AS p(path)')).groupBy('c.definition_key', 'p.path').select('c.definition_key', 'p.path').count({ count: '*' }),
        mine().groupBy('c.definition_key', 'c.status').select('c.definition_key', 'c.status').count({ count: '*' }),
        mine().where('c.status', 'active').where('c.due_at', '<', now.toISOString()).groupBy('c.definition_key').select('c.definition_key').count({ count: '*' }),
      ]);
      states.push(...s2);
      totals.push(...t2);
      overdue.push(...o2);
    }
    return {
      states: states.map((r: any) => ({ key: r.definition_key as string, path: r.path as string, count: Number(r.count) })).filter((r) => r.count > 0),
      totals: totals.map((r: any) => ({ key: r.definition_key as string, status: r.status as string, count: Number(r.count) })).filter((r) => r.count > 0),
      overdue: overdue.map((r: any) => ({ key: r.definition_key as string, count: Number(r.count) })),
    };
  }

  async getDraft(caseId: string, userId: string): Promise<{ form: string; data: unknown; updatedAt: string } | null> {
    const row = await this.knex('drafts').where({ case_id: caseId, user_id: userId }).first();
    return row ? { form: row.form, data: row.data, updatedAt: iso(row.updated_at) } : null;
  }

  async putDraft(tenantId: string, caseId: string, userId: string, form: string, data: unknown, now: Date): Promise<{ form: string; data: unknown; updatedAt: string }> {
    await this.knex('drafts')
      .insert({ tenant_id: tenantId, case_id: caseId, user_id: userId, form, data: JSON.stringify(data), updated_at: now.toISOString() })
      .onConflict(['case_id', 'user_id'])
      .merge();
    return { form, data, updatedAt: now.toISOString() };
  }

  async deleteDraft(caseId: string, userId: string): Promise<void> {
    await this.knex('drafts').where({ case_id: caseId, user_id: userId }).delete();
  }

  /**
   * Claims due timers inside the caller's transaction. `SKIP LOCKED` lets
   * several server processes share the work without firing a timer twice.
   */
  async claimDueTimers(trx: Knex.Transaction, now: Date, limit: number): Promise<DueTimer[]> {
    const rows = await trx('timers')
      .where('due_at', '<=', now.toISOString())
      .orderBy('due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .select('id', 'tenant_id', 'case_id', 'event_type', 'due_at');
    return rows.map((r: any) => ({ id: Number(r.id), tenantId: r.tenant_id, caseId: r.case_id, eventType: r.event_type, dueAt: iso(r.due_at) }));
  }

  async getImport(tenantId: string, id: string): Promise<ImportRow | null> {
    const r = await this.knex('imports').where({ tenant_id: tenantId, id }).first();
    if (!r) return null;
    return {
      id: r.id,
      tenantId: r.tenant_id,
      userId: r.user_id,
      definitionKey: r.definition_key,
      definitionVersion: r.definition_version,
      status: r.status,
      total: r.total,
      processed: r.processed,
      created: r.created,
      rejected: r.rejected,
    };
  }
}
