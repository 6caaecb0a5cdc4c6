import type { Knex } from 'knex';
import { capacityKey, caseTitleForms, fillCaseTitle, initialStatePaths, metaOf, parentDataPaths, pickPaths, searchWords, type CompiledDefinition } from '../definition/index.js';
import { applyEvent, createCase, deriveTasks, firstDue, type Actor, type CatalogueValues, type Command, type ExternalContext, type Step } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { statisticsOfStep } from '../monitoring/index.js';
import { caseGrants, effectiveRoles, isTenantWide, sameGrants, type Grant } from '../access/index.js';
import { DirectCaseStore, KnexAttachmentStore, KnexStoreTx } from '../store/index.js';
import type { CaseRow, SaveOptions, StoreTx } from './ports.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { CatalogueService } from './catalogue-service.js';
import { phaseDone, timingPhases } from '../phases.js';

/** Effects may trigger effects (child ends -> parent moves -> sibling moves up); this bounds the chain. */
const MAX_EFFECT_DEPTH = 8;

/** How many case rows a server process remembers after commanding them ({@link RecentCases}). */
const RECENT_CASES = 2000;

/**
 * The last row this process wrote of each recently commanded case, in
 * least-recently-used order. A remembered row is only a guess: the write
 * that follows from it carries the version check, and a guess that fails is
 * decided again on the stored row. It is taken out when used, so two
 * commands on one case never both start from it.
 */
class RecentCases {
  private readonly rows = new Map<string, CaseRow>();
  constructor(private readonly max: number) {}

  take(tenantId: string, id: string): CaseRow | undefined {
    const key = `${tenantId}/${id}`;
    const row = this.rows.get(key);
    if (row) this.rows.delete(key);
    return row;
  }

  put(row: CaseRow): void {
    const key = `${row.tenantId}/${row.id}`;
    this.rows.delete(key);
    this.rows.set(key, row);
    if (this.rows.size > this.max) this.rows.delete(this.rows.keys().next().value!);
  }
}

/** Cases a bulk start creates per transaction. */
export const START_MANY_CHUNK = 100;

/** The engine's own actor for timers and linked-case events. */
export function systemActor(tenantId: string): Actor {
  return { id: 'system', username: 'system', roles: [], tenantId, system: true };
}

/** Clock, id generator and calendar: injected so tests control time. */
export interface Runtime {
  now: () => Date;
  newId: () => string;
  /**
   * The IANA time zone of a tenant's calendar (deadlines, durations, "today"):
   * `AGORA_TIME_ZONE`, default `Europe/Berlin`.
   */
  timeZone: (tenantId: string) => string;
}

/** The case's title after a step, with new search words only when it changed. */
export function titleOf(compiled: CompiledDefinition, before: string | null, data: Record<string, unknown>) {
  const value = fillCaseTitle(compiled.definition.caseTitle, data);
  return { value, words: value === before ? null : value ? searchWords(value) : [], forms: caseTitleForms(compiled.definition.caseTitle) };
}

const parentReadsCache = new WeakMap<CompiledDefinition, string[]>();
/** The parent data paths a definition's rules read, computed once per compiled version. */
function parentReads(compiled: CompiledDefinition): string[] {
  let paths = parentReadsCache.get(compiled);
  if (!paths) parentReadsCache.set(compiled, (paths = parentDataPaths(compiled.definition)));
  return paths;
}

/** The grants of a case as it stands (pure; the stored `case_access` rows are the same). */
export function grantsOf(compiled: CompiledDefinition, row: Pick<CaseRow, 'data' | 'status' | 'organisation' | 'statePaths'>): Grant[] {
  return caseGrants(compiled.definition, row);
}

/**
 * The actor as it may act on one case: only the roles a grant of the case
 * covers. Null when the actor may not see the case at all.
 */
export function actorOnCase(actor: Actor, grants: Grant[]): Actor | null {
  if (isTenantWide(actor)) return actor;
  const roles = effectiveRoles(actor, grants);
  return roles.length ? { ...actor, roles } : null;
}

/**
 * The command use cases: start a case, send an event. Each runs in one
 * transaction: load, call the pure runtime, write case (with the version
 * check), event, tasks and timers, carry out effects; nothing is written
 * unless all of it is.
 */
export class CaseService {
  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly catalogues: CatalogueService,
    private readonly rt: Runtime,
  ) {}

  /** The rows of the cases this process changed last: the next command on one of them needs no read first. */
  private readonly recent = new RecentCases(RECENT_CASES);

  /** Starts a case of the latest published version (or the given one). */
  async start(actor: Actor, input: { definition: string; version?: number; parentId?: string | null; data?: Record<string, unknown>; organisation?: string }): Promise<CaseRow> {
    const row = await this.knex.transaction(async (trx) => {
      const compiled = await this.registry.runnable(trx, actor.tenantId, input.definition, input.version);
      if (!actor.system && !actor.roles.includes('admin') && !compiled.definition.roles.some((r) => actor.roles.includes(r))) {
        throw new AgoraError('AUTH_FORBIDDEN', { reason: `starting ${input.definition} needs one of the roles ${compiled.definition.roles.join(', ')}` });
      }
      const organisation = await this.ownerFor(trx, actor, compiled, input.organisation);
      return this.startIn(trx, new KnexStoreTx(trx), actor, compiled, input.parentId ?? null, input.data, 0, organisation);
    });
    // Committed: the first command on the new case can start from it.
    this.recent.put(row);
    return row;
  }

  /**
   * The owner of a new case: the organisation named (one of the starter's;
   * administrators any that exists), else the starter's only one. A process
   * whose rules never name the owner needs none.
   */
  private async ownerFor(trx: Knex.Transaction, actor: Actor, compiled: CompiledDefinition, requested: string | undefined): Promise<string | null> {
    const usesOwner = Object.values(compiled.definition.access ?? {}).some((r) => r.organisation === 'owner' || (Array.isArray(r.organisation) && r.organisation.includes('owner')));
    const mine = actor.organisations ?? [];
    if (requested !== undefined) {
      const known = await trx('organisations').where({ tenant_id: actor.tenantId, key: requested, disabled: false }).first('key');
      if (!known || (!actor.roles.includes('admin') && !mine.includes(requested))) throw new AgoraError('ORGANISATION_INVALID', { key: requested });
      return requested;
    }
    if (!usesOwner) return mine.length === 1 ? mine[0] : null;
    if (mine.length === 1) return mine[0];
    if (mine.length > 1) throw new AgoraError('ORGANISATION_REQUIRED', { choices: mine.join(', ') });
    return null;
  }

  /** Starts one case per data object (bulk start), in transactions of {@link START_MANY_CHUNK} cases, reporting each committed count; returns how many. */
  async startMany(actor: Actor, compiled: CompiledDefinition, rows: Array<Record<string, unknown>>, onProgress: (n: number) => void, organisation?: string, chunkSize = START_MANY_CHUNK): Promise<number> {
    const owner = await this.bulkOwner(actor, compiled, organisation);
    // One transaction per chunk, then a turn of the event loop: the embedded database has one
    // connection, and other requests waiting for it get it between chunks (#11).
    for (let from = 0; from < rows.length; from += chunkSize) {
      await this.knex.transaction((trx) => this.startChunkIn(trx, actor, compiled, rows.slice(from, from + chunkSize), owner));
      onProgress(Math.min(from + chunkSize, rows.length));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return rows.length;
  }

  /** The organisation every case of a bulk start belongs to, decided once before its first chunk. */
  async bulkOwner(actor: Actor, compiled: CompiledDefinition, organisation?: string): Promise<string | null> {
    return this.knex.transaction((trx) => this.ownerFor(trx, actor, compiled, organisation));
  }

  /**
   * Starts one case per data object inside the caller's transaction: a bulk
   * start's job commits a chunk of cases together with its progress.
   */
  async startChunkIn(trx: Knex.Transaction, actor: Actor, compiled: CompiledDefinition, rows: Array<Record<string, unknown>>, owner: string | null): Promise<void> {
    const tx = new KnexStoreTx(trx);
    for (const data of rows) await this.startIn(trx, tx, actor, compiled, null, data, 1, owner);
  }

  /**
   * Applies one command to a case; throws the runtime's typed error on rejection.
   *
   * The usual command is two statements on the pool, no transaction around
   * them: the case is read, the runtime decides, and `SAVE_STEP` writes case
   * (with the version check), event, tasks, grants, timers, search words and
   * draft in one statement, which is atomic by itself (all or nothing, a
   * moved version writes nothing). A step with effects (linked cases) or
   * attachments, and a process with capacity rules (whose counts need locks
   * held until commit), write in one transaction as before.
   */
  async send(actor: Actor, caseId: string, command: Command): Promise<CaseRow> {
    const direct = new DirectCaseStore(this.knex);
    const remembered = this.recent.take(actor.tenantId, caseId);
    if (remembered) {
      // Decided on the row this process wrote last. Whatever fails here wrote nothing (a moved version
      // matches no row, a transaction rolls back), so the command is decided again on the stored row:
      // a stale memory can cost a second decision, never a wrong answer.
      const done = await this.sendFrom(direct, actor, remembered, command, timingPhases ? performance.now() : 0).catch(() => null);
      if (done) return done;
    }
    const t = timingPhases ? performance.now() : 0;
    const row = await direct.loadCase(actor.tenantId, caseId);
    if (!row) throw new AgoraError('CASE_NOT_FOUND', { id: caseId });
    const done = await this.sendFrom(direct, actor, row, command, t);
    if (!done) await this.conflict(direct, actor, row, command);
    return done!;
  }

  /**
   * One command decided on `row` and written; null when the version moved on since `row` (nothing written).
   * `since`: when reading the case began, for the phase profile (its `load` includes the read, if any).
   */
  private async sendFrom(direct: DirectCaseStore, actor: Actor, row: CaseRow, command: Command, since: number): Promise<CaseRow | null> {
    let t = since;
    const compiled = await this.registry.compiled(this.knex, actor.tenantId, row.definition.key, row.definition.version);
    // A case outside the actor's grants answers like one that does not exist.
    const onCase = actorOnCase(actor, grantsOf(compiled, row));
    if (!onCase) throw new AgoraError('CASE_NOT_FOUND', { id: row.id });
    if (timingPhases) t = phaseDone('load', t);
    let after: CaseRow;
    if (compiled.capacityKeys.length > 0) {
      after = await this.knex.transaction((trx) => this.sendIn(trx, new KnexStoreTx(trx), onCase, row, compiled, command, 0));
    } else {
      const decided = await this.decide(this.knex, direct, onCase, row, compiled, command);
      if (timingPhases) t = phaseDone('runtime', t);
      if (decided.step.effects.length || decided.step.attachments.length) {
        after = await this.knex.transaction((trx) => this.persist(trx, new KnexStoreTx(trx), onCase, row, compiled, command, decided, 0));
      } else {
        const saved = await direct.saveStep(decided.step, row.version, decided.options);
        if (timingPhases) phaseDone('save', t);
        if (!saved) return null;
        after = this.rowAfter(row, compiled, decided.step);
      }
    }
    this.recent.put(after);
    return after;
  }

  /** Starts a case of the latest published version inside a caller's transaction (public registrations, with the system actor). */
  async startInTransaction(trx: Knex.Transaction, actor: Actor, input: { definition: string; parentId: string | null; data?: Record<string, unknown> }): Promise<CaseRow> {
    const compiled = await this.registry.runnable(trx, actor.tenantId, input.definition);
    return this.startIn(trx, new KnexStoreTx(trx), actor, compiled, input.parentId, input.data, 0, null);
  }

  /** Same as {@link send} inside a caller's transaction (scheduler). */
  async sendInTransaction(trx: Knex.Transaction, actor: Actor, caseId: string, command: Command): Promise<CaseRow | null> {
    const tx = new KnexStoreTx(trx);
    const row = await tx.loadCase(actor.tenantId, caseId);
    if (!row) return null;
    const compiled = await this.registry.compiled(trx, actor.tenantId, row.definition.key, row.definition.version);
    return this.sendIn(trx, tx, actor, row, compiled, command, 0);
  }

  private async external(tx: StoreTx, tenantId: string, compiled: CompiledDefinition, caseId: string, parentId: string | null): Promise<ExternalContext> {
    const external: ExternalContext = {};
    const siblings = compiled.capacityKeys.some((q) => q.scope === 'siblings');
    if (parentId) {
      const parent = await tx.loadCase(tenantId, parentId, siblings);
      // Only what the child's rules read of the parent: the child's event log keeps the context, and must not keep the parent's personal data.
      if (parent) external.parent = { id: parent.id, definition: parent.definition.key, state: parent.state, data: pickPaths(parent.data, parentReads(compiled)) };
    } else if (siblings) {
      await tx.lockDefinitionScope(tenantId, compiled.definition.key);
    }
    // Children lock this case (their parent) before they change, so locking it here keeps their count still.
    if (compiled.capacityKeys.some((q) => q.scope === 'children')) await tx.loadCase(tenantId, caseId, true);
    if (compiled.capacityKeys.length > 0) {
      // The locks are held until commit, so these counts cannot go stale.
      external.counts = {};
      for (const q of compiled.capacityKeys) {
        external.counts[capacityKey(q.states, q.scope, q.definition)] =
          q.scope === 'children'
            ? await tx.countLinked(tenantId, q.definition ?? '', caseId, q.states, caseId)
            : await tx.countLinked(tenantId, compiled.definition.key, parentId, q.states, caseId);
      }
    }
    return external;
  }

  private async catalogueValues(trx: Knex | Knex.Transaction, tenantId: string, compiled: CompiledDefinition): Promise<CatalogueValues> {
    const keys = new Set(Object.values(compiled.catalogueFields).flatMap((fields) => fields.map((f) => f.catalogue)));
    return keys.size ? this.catalogues.values(trx, tenantId, [...keys]) : {};
  }

  private async startIn(
    trx: Knex.Transaction,
    tx: StoreTx,
    actor: Actor,
    compiled: CompiledDefinition,
    parentId: string | null,
    data: Record<string, unknown> | undefined,
    depth: number,
    organisation: string | null,
  ): Promise<CaseRow> {
    const def = compiled.definition;
    if (def.parent?.required && !parentId) throw new AgoraError('PARENT_REQUIRED', { key: def.key, parent: def.parent.definition });
    let owner = organisation;
    if (parentId) {
      const parent = await tx.loadCase(actor.tenantId, parentId);
      // A parent the starter could not open is reported like one that does not exist.
      const visible = parent && (actor.system || actorOnCase(actor, grantsOf(await this.registry.compiled(trx, actor.tenantId, parent.definition.key, parent.definition.version), parent)));
      if (!parent || !visible || (def.parent && parent.definition.key !== def.parent.definition)) {
        throw new AgoraError('PARENT_INVALID', { id: parentId, parent: def.parent?.definition ?? '(any)' });
      }
      // A sub-process belongs to its parent's organisation unless the starter named one.
      owner ??= parent.organisation;
    }
    const id = this.rt.newId();
    const external = await this.external(tx, actor.tenantId, compiled, id, parentId);
    const result = createCase(compiled, { id, tenantId: actor.tenantId, parentId, data }, {
      actor,
      now: this.rt.now(),
      timeZone: this.rt.timeZone(actor.tenantId),
      external,
      catalogues: await this.catalogueValues(trx, actor.tenantId, compiled),
      newId: this.rt.newId,
    });
    if (!result.ok) throw result.error;
    const step = result.value;
    if (!actor.system) checkStartData(compiled, step, data);
    const grants = grantsOf(compiled, { ...step.case, organisation: owner });
    if (!actor.system && !actorOnCase(actor, grants)) {
      // The starter would lose sight of the case at once: it needs an organisation the rules name.
      throw new AgoraError('ORGANISATION_INVALID', { key: owner ?? '(keine)' });
    }
    const title = fillCaseTitle(def.caseTitle, step.case.data);
    const row = await tx.insertCase(step, owner, title, statisticsOfStep(def, null, step.case, step.event.at, step.event));
    await new KnexAttachmentStore(trx).insert(actor.tenantId, row.id, actor.username, step.event.at, step.attachments);
    await this.persistRest(tx, actor, step, compiled, grants);
    await tx.insertSearchWords(actor.tenantId, row.id, [...searchWords(row.reference), String(row.number)], title ? searchWords(title) : [], caseTitleForms(def.caseTitle));
    await this.runEffects(trx, tx, row, step, depth);
    // Only effects (a child notifying back) can have changed the new case since its insert.
    return depth === 0 && step.effects.length ? ((await tx.loadCase(actor.tenantId, id)) ?? row) : row;
  }

  private async sendIn(
    trx: Knex.Transaction,
    tx: StoreTx,
    actor: Actor,
    row: CaseRow,
    compiled: CompiledDefinition,
    command: Command,
    depth: number,
  ): Promise<CaseRow> {
    return this.persist(trx, tx, actor, row, compiled, command, await this.decide(trx, tx, actor, row, compiled, command), depth);
  }

  /** The runtime's step for a command, and what saving it writes besides; nothing is written. */
  private async decide(db: Knex | Knex.Transaction, tx: StoreTx, actor: Actor, row: CaseRow, compiled: CompiledDefinition, command: Command): Promise<{ step: Step; options: SaveOptions }> {
    const before = grantsOf(compiled, row);
    const result = applyEvent(compiled, row, command, {
      actor,
      now: this.rt.now(),
      timeZone: this.rt.timeZone(actor.tenantId),
      external: await this.external(tx, actor.tenantId, compiled, row.id, row.parentId),
      catalogues: await this.catalogueValues(db, actor.tenantId, compiled),
      newId: this.rt.newId,
    });
    if (!result.ok) throw result.error;
    const step = result.value;
    const grants = grantsOf(compiled, { ...step.case, organisation: row.organisation });
    return {
      step,
      options: {
        fieldOfAction: compiled.definition.fieldOfAction ?? null,
        grants,
        grantsChanged: !sameGrants(before, grants),
        title: titleOf(compiled, row.title, step.case.data),
        tasksChanged: JSON.stringify(deriveTasks(compiled, row, this.rt.timeZone(row.tenantId))) !== JSON.stringify(step.tasks),
        timersChanged: JSON.stringify(row.envelope.timers) !== JSON.stringify(step.timers),
        draftUserId: actor.system ? null : actor.id,
        statistics: statisticsOfStep(compiled.definition, row, step.case, step.event.at, step.event),
      },
    };
  }

  /** Writes a decided step inside a transaction: the step, its attachments, its effects on linked cases. */
  private async persist(
    trx: Knex.Transaction,
    tx: StoreTx,
    actor: Actor,
    row: CaseRow,
    compiled: CompiledDefinition,
    command: Command,
    { step, options }: { step: Step; options: SaveOptions },
    depth: number,
  ): Promise<CaseRow> {
    if (!(await tx.saveStep(step, row.version, options))) await this.conflict(tx, actor, row, command);
    await new KnexAttachmentStore(trx).insert(actor.tenantId, row.id, actor.username, step.event.at, step.attachments);
    await this.runEffects(trx, tx, row, step, depth);
    // Effects may have moved this case again (a child notifying back); otherwise the step is the new row.
    if (step.effects.length) return (await tx.loadCase(actor.tenantId, row.id))!;
    return this.rowAfter(row, compiled, step);
  }

  /** The case after a step without effects, from the row in hand. */
  private rowAfter(row: CaseRow, compiled: CompiledDefinition, step: Step): CaseRow {
    return { ...row, ...step.case, dueAt: firstDue(step.tasks), title: fillCaseTitle(compiled.definition.caseTitle, step.case.data) };
  }

  /** The version moved on since the case was read: nothing was written. */
  private async conflict(tx: StoreTx, actor: Actor, row: CaseRow, command: Command): Promise<never> {
    const current = await tx.loadCase(actor.tenantId, row.id);
    throw new AgoraError('VERSION_CONFLICT', { expected: command.expectedVersion ?? row.version, actual: current?.version ?? '?' });
  }

  /** The rows beside a new case: its first event, grants, tasks and timers. */
  private async persistRest(tx: StoreTx, actor: Actor, step: Step, compiled: CompiledDefinition, grants: Grant[]): Promise<void> {
    await tx.appendEvent(actor.tenantId, step.event);
    await tx.replaceAccess(actor.tenantId, step.case.id, grants);
    await tx.replaceTasks(actor.tenantId, step.case, step.tasks, compiled.definition.fieldOfAction ?? null, grants);
    await tx.replaceTimers(actor.tenantId, step.case.id, step.timers);
  }

  private async runEffects(trx: Knex.Transaction, tx: StoreTx, origin: Pick<CaseRow, 'id' | 'tenantId' | 'parentId'>, step: Step, depth: number): Promise<void> {
    if (!step.effects.length) return;
    if (depth >= MAX_EFFECT_DEPTH) throw new AgoraError('INTERNAL');
    const system = systemActor(origin.tenantId);
    for (const effect of step.effects) {
      if (effect.type === 'startChild') {
        const compiled = await this.registry.runnable(trx, origin.tenantId, effect.definition);
        await this.startIn(trx, tx, system, compiled, origin.id, effect.data, depth + 1, null);
      } else if (effect.type === 'notifyParent') {
        if (!origin.parentId) continue;
        await this.sendToCase(trx, tx, system, origin.parentId, effect.event, depth);
      } else {
        const children = await tx.childCases(origin.tenantId, origin.id, { definition: effect.definition, state: effect.state, status: 'active' });
        for (const child of effect.pick === 'oldest' ? children.slice(0, 1) : children) {
          await this.sendToCase(trx, tx, system, child.id, effect.event, depth);
        }
      }
    }
  }

  private async sendToCase(trx: Knex.Transaction, tx: StoreTx, system: Actor, caseId: string, type: string, depth: number): Promise<void> {
    const target = await tx.loadCase(system.tenantId, caseId, true);
    if (!target || target.status === 'closed') return;
    const compiled = await this.registry.compiled(trx, system.tenantId, target.definition.key, target.definition.version);
    try {
      await this.sendIn(trx, tx, system, target, compiled, { type }, depth + 1);
    } catch (e) {
      // A linked case that cannot take the event in its current state simply ignores it, as XState does.
      if (e instanceof AgoraError && ['EVENT_NOT_POSSIBLE', 'GUARD_REJECTED', 'EVENT_UNKNOWN'].includes(e.code)) return;
      throw e;
    }
  }
}

/**
 * A new case takes only the data of the forms its first tasks ask for, and
 * of forms no step asks for (intake data such as a bulk start's): a form a
 * later step (or another role) fills cannot be smuggled in at the start (issue 9).
 */
function checkStartData(compiled: CompiledDefinition, step: Step, data: Record<string, unknown> | undefined): void {
  if (!data) return;
  const first = new Set(step.tasks.map((t) => t.form).filter((f): f is string => f !== null));
  // The tasks of the states a case starts in count too, when an `always` transition leaves them because their data came along.
  for (const path of initialStatePaths(compiled.states)) {
    const form = metaOf(compiled, path)?.task?.form;
    if (form) first.add(form);
  }
  const later = new Set<string>();
  for (const node of compiled.states.values()) {
    const meta = metaOf(compiled, node.path);
    if (meta?.task?.form) later.add(meta.task.form);
    for (const e of Object.values(meta?.events ?? {})) if (e.form) later.add(e.form);
  }
  for (const form of Object.keys(data)) {
    if (later.has(form) && !first.has(form)) throw new AgoraError('START_DATA_NOT_ALLOWED', { form, forms: [...first].join(', ') || '–' });
  }
}
