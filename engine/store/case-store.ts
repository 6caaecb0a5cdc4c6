import type { Knex } from 'knex';
import { firstDue, type CaseRecord, type EventRecord, type Step, type TaskRecord } from '../runtime/index.js';
import type { CaseRow, StoreTx } from '../service/ports.js';

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
    number: Number(r.number),
    reference: caseReference(r.definition_key, Number(r.number)),
    definition: { key: r.definition_key, version: r.definition_version },
    state: r.state,
    statePaths: r.state_paths,
    status: r.status,
    data: r.data,
    version: r.version,
    envelope: r.envelope,
    parentId: r.parent_id,
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

/** The Knex adapter of {@link StoreTx}: one instance per transaction. */
export class KnexStoreTx implements StoreTx {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async loadCase(tenantId: string, id: string, lock = false): Promise<CaseRow | null> {
    const q = this.db('cases').where({ tenant_id: tenantId, id }).first();
    const row = lock ? await q.forUpdate() : await q;
    return row ? toCaseRow(row) : null;
  }

  async insertCase(step: Step): Promise<CaseRow> {
    const c = step.case;
    const [row] = await this.db('cases')
      .insert({
        id: c.id,
        tenant_id: c.tenantId,
        definition_key: c.definition.key,
        definition_version: c.definition.version,
        parent_id: c.parentId,
        created_at: c.createdAt,
        ...caseColumns(c, step.tasks),
      })
      .returning('*');
    return toCaseRow(row);
  }

  async updateCase(step: Step, expected: number): Promise<boolean> {
    const c = step.case;
    const n = await this.db('cases')
      .where({ tenant_id: c.tenantId, id: c.id, version: expected })
      .update(caseColumns(c, step.tasks));
    return n === 1;
  }

  async appendEvent(tenantId: string, e: EventRecord): Promise<void> {
    await this.db('events').insert({
      tenant_id: tenantId,
      case_id: e.caseId,
      seq: e.seq,
      type: e.type,
      form: e.form,
      data: json(e.data),
      actor_id: e.actorId,
      actor_name: e.actorName,
      at: e.at,
      from_state: e.fromState === null ? null : json(e.fromState),
      to_state: json(e.toState),
      context: json(e.context),
    });
  }

  async replaceTasks(tenantId: string, c: CaseRecord, tasks: TaskRecord[], fieldOfAction: string | null): Promise<void> {
    await this.db('tasks').where({ case_id: c.id }).delete();
    const rows = tasks.flatMap((t) =>
      [...new Set(t.roles)].map((role) => ({
        tenant_id: tenantId,
        case_id: c.id,
        role,
        state_path: t.statePath,
        kind: t.kind,
        title: json(t.title),
        roles: t.roles,
        form: t.form,
        due_at: t.dueAt,
        definition_key: c.definition.key,
        field_of_action: fieldOfAction,
      })),
    );
    if (rows.length) await this.db('tasks').insert(rows);
  }

  async replaceTimers(tenantId: string, caseId: string, timers: Step['timers']): Promise<void> {
    await this.db('timers').where({ case_id: caseId }).delete();
    if (timers.length) {
      await this.db('timers').insert(
        timers.map((t) => ({ tenant_id: tenantId, case_id: caseId, timer_id: t.id, event_type: t.eventType, due_at: t.dueAt })),
      );
    }
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

  async deleteDraft(caseId: string, userId: string): Promise<void> {
    await this.db('drafts').where({ case_id: caseId, user_id: userId }).delete();
  }

  async loadEvents(tenantId: string, caseId: string): Promise<EventRecord[]> {
    const rows = await this.db('events').where({ tenant_id: tenantId, case_id: caseId }).orderBy('seq');
    return rows.map(toEvent);
  }
}
