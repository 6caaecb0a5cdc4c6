import type { Knex } from 'knex';
import type { CompiledDefinition } from '../definition/index.js';
import { daysBetween, mergeCounts, statisticsOfStep, type CaseFacts, type StatisticsCount, type StepStatistics } from '../monitoring/index.js';
import { applyEvent, createCase, statePathsOf, type CaseRecord, type CatalogueValues, type EventRecord } from '../runtime/index.js';
import { KnexStatisticsStore, KnexStoreTx } from '../store/index.js';
import type { DefinitionRegistry } from './definition-registry.js';

/** Replay accepts every catalogue value, as `replayCase` does: the log is the truth. */
const ANY_CATALOGUE_VALUE: CatalogueValues = new Proxy({}, { get: () => ({ has: () => true }) }) as CatalogueValues;

/** Cases read per page while rebuilding. */
const PAGE = 500;

/**
 * The statistics of each step of a case, from its event log: the log is
 * replayed step by step as the engine ran it (so the result equals what live
 * counting wrote); a log that no longer replays (its form data was purged)
 * is read from the states each event logged, without the groups its data gave.
 */
export function statisticsOfLog(compiled: CompiledDefinition, tenantId: string, parentId: string | null, events: EventRecord[]): StepStatistics[] {
  const def = compiled.definition;
  const [first, ...rest] = events;
  if (!first) return [];
  const actorOf = (e: EventRecord) => ({ id: e.actorId, username: e.actorName, roles: [], tenantId, system: true });
  const out: StepStatistics[] = [];
  const created = createCase(compiled, { id: first.caseId, tenantId, parentId, data: (first.data ?? undefined) as Record<string, unknown> | undefined }, {
    actor: actorOf(first), now: new Date(first.at), external: first.context, catalogues: ANY_CATALOGUE_VALUE,
  });
  if (created.ok) {
    let record: CaseRecord = created.value.case;
    out.push(statisticsOfStep(def, null, record, first.at, first));
    let ok = true;
    for (const e of rest) {
      const step = applyEvent(compiled, record, { type: e.type, data: e.data ?? undefined }, { actor: actorOf(e), now: new Date(e.at), external: e.context, catalogues: ANY_CATALOGUE_VALUE });
      if (!step.ok) {
        ok = false;
        break;
      }
      out.push(statisticsOfStep(def, record, step.value.case, e.at, e));
      record = step.value.case;
    }
    if (ok) return out;
  }
  // States, dates and event types only: what a purged case still holds.
  const facts = (e: EventRecord): CaseFacts => ({ data: {}, statePaths: statePathsOf(e.toState), createdAt: first.at });
  return events.map((e, i) => statisticsOfStep(def, i === 0 ? null : facts(events[i - 1]), facts(e), e.at, e));
}

/**
 * Plays a case's step statistics as the store does: marks kept until their
 * end, durations counted from them; a distinct occurrence counted when its
 * mark moves to a new period (the last period's mark stays, as live).
 */
export function settleSteps(steps: StepStatistics[]): { counts: StatisticsCount[]; marks: Array<{ indicator: string; at: string }> } {
  const marks = new Map<string, string>();
  const counts: StatisticsCount[] = [];
  for (const s of steps) {
    counts.push(...s.counts);
    for (const m of s.marks) if (!marks.has(m.indicator)) marks.set(m.indicator, m.at);
    for (const o of s.seen) {
      if (marks.get(o.indicator) === o.since) continue;
      marks.set(o.indicator, o.since);
      counts.push({ indicator: o.indicator, day: o.day, dims: o.dims, n: 1, total: 0 });
    }
    for (const c of s.closes) {
      const from = marks.get(c.indicator);
      if (from === undefined) continue;
      marks.delete(c.indicator);
      counts.push({ indicator: c.indicator, day: c.day, dims: { ...c.dims, _days: daysBetween(from, c.at) }, n: 1, total: 0 });
    }
  }
  return { counts, marks: [...marks.entries()].map(([indicator, at]) => ({ indicator, at })) };
}

/**
 * `agora statistics rebuild`: empties a tenant's statistics and counts every
 * case again from its event log, in one transaction. Used once when the
 * statistics are introduced (cases from before have none) or after a
 * definition's statistics were corrected. Cases whose data was already
 * purged are counted without their groups.
 */
export async function rebuildStatistics(knex: Knex, registry: DefinitionRegistry, tenantId: string, onProgress: (cases: number) => void = () => undefined): Promise<{ cases: number }> {
  return knex.transaction(async (trx) => {
    const store = new KnexStatisticsStore(trx);
    const tx = new KnexStoreTx(trx);
    await store.clear(tenantId);
    const byDefinition = new Map<string, StatisticsCount[]>();
    let done = 0;
    let after: { created_at: Date; id: string } | null = null;
    for (;;) {
      const q = trx('cases').where({ tenant_id: tenantId }).orderBy([{ column: 'created_at' }, { column: 'id' }]).limit(PAGE)
        .select('id', 'created_at', 'definition_key', 'definition_version', 'parent_id', 'stat_subject');
      if (after) q.whereRaw('(created_at, id) > (?, ?)', [after.created_at, after.id]);
      const rows: any[] = await q;
      if (!rows.length) break;
      for (const r of rows) {
        const compiled = await registry.compiled(trx, tenantId, r.definition_key, r.definition_version);
        if (!compiled.definition.statistics) continue;
        const events = await tx.loadEvents(tenantId, r.id);
        const settled = settleSteps(statisticsOfLog(compiled, tenantId, r.parent_id, events));
        const list = byDefinition.get(r.definition_key) ?? [];
        list.push(...settled.counts);
        byDefinition.set(r.definition_key, list.length > 5000 ? mergeCounts(list) : list);
        if (r.stat_subject) await store.addMarks(tenantId, r.stat_subject, settled.marks);
      }
      done += rows.length;
      onProgress(done);
      after = rows[rows.length - 1];
    }
    for (const [key, counts] of byDefinition) await store.addCounts(tenantId, key, mergeCounts(counts));
    return { cases: done };
  });
}
