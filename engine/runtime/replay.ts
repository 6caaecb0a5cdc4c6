import type { CompiledDefinition } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import { applyEvent, createCase, CREATED } from './apply-event.js';
import { MIGRATED, migrateCase, type MigrationData } from './migrate-case.js';
import type { CaseRecord, CatalogueValues, EventRecord, Result } from './types.js';

/**
 * Replay accepts every catalogue value: an entry may have been removed from
 * its catalogue since the event was accepted, and the log is the truth.
 */
const ANY_CATALOGUE_VALUE: CatalogueValues = new Proxy({}, { get: () => ({ has: () => true }) }) as CatalogueValues;

/**
 * Rebuilds a case from its event log. Each event is applied as the engine
 * (role checks off, forms and guards on) with the time, author and outside
 * context it was logged with, so the result must equal the stored case.
 * `compiled` is the case's current version; a log with `MIGRATED` events
 * starts on the first one's `from` version and switches machines at each,
 * taking the earlier versions from `versions`. Deadlines are computed in
 * the office's calendar zone (`timeZone`, as the service ran it).
 */
export function replayCase(
  compiled: CompiledDefinition,
  tenantId: string,
  parentId: string | null,
  events: EventRecord[],
  versions: (version: number) => CompiledDefinition | undefined = () => undefined,
  timeZone?: string,
): Result<CaseRecord> {
  const [first, ...rest] = events;
  if (!first || first.type !== CREATED) return { ok: false, error: new AgoraError('INTERNAL') };
  const current = compiled;
  const at = (version: number) => (version === current.definition.version ? current : versions(version));
  const firstMigration = rest.find((e) => e.type === MIGRATED)?.data as MigrationData | undefined;
  const start = firstMigration ? at(firstMigration.from) : compiled;
  if (!start) return { ok: false, error: new AgoraError('INTERNAL') };
  compiled = start;
  const actorOf = (e: EventRecord) => ({ id: e.actorId, username: e.actorName, roles: [], tenantId, system: true });
  const created = createCase(
    compiled,
    { id: first.caseId, tenantId, parentId, data: (first.data ?? undefined) as Record<string, unknown> | undefined },
    { actor: actorOf(first), now: new Date(first.at), timeZone, external: first.context, catalogues: ANY_CATALOGUE_VALUE },
  );
  if (!created.ok) return created;
  let record = created.value.case;
  for (const e of rest) {
    if (e.type === MIGRATED) {
      const m = e.data as MigrationData;
      const to = at(m.to);
      if (!to) return { ok: false, error: new AgoraError('INTERNAL') };
      const moved = migrateCase(compiled, to, record, m.states, { actor: actorOf(e), now: new Date(e.at), timeZone });
      if (!moved.ok) return { ok: false, error: new AgoraError('INTERNAL') };
      record = moved.value.case;
      compiled = to;
      continue;
    }
    const step = applyEvent(compiled, record, { type: e.type, data: e.data ?? undefined }, { actor: actorOf(e), now: new Date(e.at), timeZone, external: e.context, catalogues: ANY_CATALOGUE_VALUE });
    if (!step.ok) return step;
    record = step.value.case;
  }
  return { ok: true, value: record };
}
