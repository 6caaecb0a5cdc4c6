import { capacityKey, parentDataPaths, pickPaths, takenTransitions, type CompiledDefinition, type EvalContext } from '../definition/index.js';
import { applyEvent, createCase, type Actor, type CaseRecord, type CatalogueValues, type Command, type EventRecord, type ExternalContext, type Result, type Step } from '../runtime/index.js';
import { AgoraError } from '../errors.js';

/** Effects may trigger effects; the case service bounds the chain at the same depth. */
const MAX_EFFECT_DEPTH = 8;
/** Rejections a linked case answers by ignoring the event, as the case service does. */
const IGNORED = new Set(['EVENT_NOT_POSSIBLE', 'GUARD_REJECTED', 'EVENT_UNKNOWN']);

/** The definitions and catalogues a simulated office runs on. */
export interface SimWorld {
  /** Runnable definitions by key (the version new cases start on). */
  definitions: ReadonlyMap<string, CompiledDefinition>;
  catalogues: CatalogueValues;
  tenantId: string;
}

/** One case of a simulated office. */
export interface SimCase {
  key: string;
  record: CaseRecord;
}

/** A simulated office: its cases in creation order and its clock. Immutable: moves return a new one. */
export interface OfficeState {
  cases: readonly SimCase[];
  now: string;
}

/**
 * A command on an office. Cases are named by their creation index, so a
 * sequence of moves can be replayed anywhere (the real services give other ids).
 */
export type Move =
  | { kind: 'start'; definition: string; parent?: number; data?: Record<string, unknown> }
  | { kind: 'send'; case: number; type: string; data?: unknown }
  /** Moves the clock to `to` and fires every timer due by then, earliest first, as the scheduler does. */
  | { kind: 'advance'; to: string };

/** Transitions one step of one case took, by {@link TransitionRef} id. */
export interface Taken {
  definition: string;
  transitions: string[];
}

/** A move's result: the new office and every transition taken, linked cases included. */
export interface Outcome {
  state: OfficeState;
  taken: Taken[];
}

/** The empty office at a time. */
export function emptyOffice(now: Date): OfficeState {
  return { cases: [], now: now.toISOString() };
}

const parentReadsCache = new WeakMap<CompiledDefinition, string[]>();
function parentReads(compiled: CompiledDefinition): string[] {
  let paths = parentReadsCache.get(compiled);
  if (!paths) parentReadsCache.set(compiled, (paths = parentDataPaths(compiled.definition)));
  return paths;
}

const systemActor = (tenantId: string): Actor => ({ id: 'system', username: 'system', roles: [], tenantId, system: true });

/** What guards saw in a step, rebuilt from the step itself (the event row carries the outside context). */
export function contextOfStep(step: Step): EvalContext {
  return {
    data: step.case.data,
    event: { type: step.event.type, data: step.event.data },
    case: { id: step.case.id, createdAt: step.case.createdAt, parent: step.event.context.parent ?? null },
    now: step.event.at,
    counts: step.event.context.counts ?? {},
  };
}

/** Mutable working copy of one move; thrown away when the move fails, as a rolled-back transaction. */
class Run {
  cases: SimCase[];
  readonly taken: Taken[] = [];
  constructor(
    readonly world: SimWorld,
    state: OfficeState,
    readonly now: Date,
  ) {
    this.cases = [...state.cases];
  }

  private index(id: string): number {
    return this.cases.findIndex((c) => c.record.id === id);
  }

  private compiled(key: string): CompiledDefinition {
    const c = this.world.definitions.get(key);
    if (!c) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version: 'latest' });
    return c;
  }

  private record(step: Step, compiled: CompiledDefinition, from: CaseRecord | null): void {
    this.taken.push({ definition: compiled.definition.key, transitions: takenTransitions(compiled, from?.state ?? null, contextOfStep(step)) });
  }

  /** The parent and the capacity counts, as the case service reads them from the database. */
  private external(compiled: CompiledDefinition, id: string, parentId: string | null): ExternalContext {
    const external: ExternalContext = {};
    const parent = parentId === null ? undefined : this.cases[this.index(parentId)]?.record;
    // Only what the child's rules read of the parent, as the service hands it.
    if (parent) external.parent = { id: parent.id, definition: parent.definition.key, state: parent.state, data: pickPaths(parent.data, parentReads(compiled)) };
    if (compiled.capacityKeys.length) {
      external.counts = {};
      for (const q of compiled.capacityKeys) {
        const children = q.scope === 'children';
        const key = children ? q.definition : compiled.definition.key;
        const under = children ? id : parentId;
        external.counts[capacityKey(q.states, q.scope, q.definition)] = this.cases.filter(
          (c) => c.record.id !== id && c.key === key && c.record.parentId === under && c.record.statePaths.some((p) => q.states.includes(p)),
        ).length;
      }
    }
    return external;
  }

  private input(actor: Actor, compiled: CompiledDefinition, id: string, parentId: string | null) {
    let n = 0;
    return { actor, now: this.now, external: this.external(compiled, id, parentId), catalogues: this.world.catalogues, newId: () => `${id}-r${++n}` };
  }

  start(actor: Actor, key: string, parentId: string | null, data: Record<string, unknown> | undefined, depth: number): CaseRecord {
    const compiled = this.compiled(key);
    const def = compiled.definition;
    if (def.parent?.required && !parentId) throw new AgoraError('PARENT_REQUIRED', { key: def.key, parent: def.parent.definition });
    if (parentId) {
      const parent = this.cases[this.index(parentId)];
      if (!parent || (def.parent && parent.key !== def.parent.definition)) throw new AgoraError('PARENT_INVALID', { id: parentId, parent: def.parent?.definition ?? '(any)' });
    }
    const id = `case-${this.cases.length + 1}`;
    const r = createCase(compiled, { id, tenantId: this.world.tenantId, parentId, data }, this.input(actor, compiled, id, parentId));
    if (!r.ok) throw r.error;
    this.cases.push({ key, record: r.value.case });
    this.record(r.value, compiled, null);
    this.effects(r.value.case, r.value, depth);
    return r.value.case;
  }

  send(actor: Actor, id: string, command: Command, depth: number): void {
    const i = this.index(id);
    if (i < 0) throw new AgoraError('CASE_NOT_FOUND', { id });
    const held = this.cases[i];
    const compiled = this.compiled(held.key);
    const r = applyEvent(compiled, held.record, command, this.input(actor, compiled, id, held.record.parentId));
    if (!r.ok) throw r.error;
    this.cases[i] = { key: held.key, record: r.value.case };
    this.record(r.value, compiled, held.record);
    this.effects(held.record, r.value, depth);
  }

  private notify(id: string, type: string, depth: number): void {
    const target = this.cases[this.index(id)];
    if (!target || target.record.status === 'closed') return;
    try {
      this.send(systemActor(this.world.tenantId), id, { type }, depth + 1);
    } catch (e) {
      if (e instanceof AgoraError && IGNORED.has(e.code)) return;
      throw e;
    }
  }

  private effects(origin: CaseRecord, step: Step, depth: number): void {
    if (!step.effects.length) return;
    if (depth >= MAX_EFFECT_DEPTH) throw new AgoraError('INTERNAL');
    for (const effect of step.effects) {
      if (effect.type === 'startChild') {
        this.start(systemActor(this.world.tenantId), effect.definition, origin.id, effect.data, depth + 1);
      } else if (effect.type === 'notifyParent') {
        if (origin.parentId) this.notify(origin.parentId, effect.event, depth);
      } else {
        const children = this.cases
          .filter((c) => c.record.parentId === origin.id && c.record.status === 'active')
          .filter((c) => !effect.definition || c.key === effect.definition)
          .filter((c) => !effect.state || c.record.statePaths.includes(effect.state));
        for (const child of effect.pick === 'oldest' ? children.slice(0, 1) : children) this.notify(child.record.id, effect.event, depth);
      }
    }
  }

  /** Fires every timer due by `now`, earliest first (ties in creation order), each on its own like the scheduler's savepoints. */
  fireDue(): void {
    const due = this.cases
      .flatMap((c, order) => (c.record.status === 'active' ? c.record.envelope.timers.map((t, i) => ({ id: c.record.id, t, order, i })) : []))
      .filter((x) => Date.parse(x.t.dueAt) <= this.now.getTime())
      .sort((a, b) => Date.parse(a.t.dueAt) - Date.parse(b.t.dueAt) || a.order - b.order || a.i - b.i);
    for (const { id, t } of due) {
      const saved = { cases: [...this.cases], taken: this.taken.length };
      const held = this.cases[this.index(id)];
      if (!held || !held.record.envelope.timers.some((x) => x.id === t.id && x.eventType === t.eventType)) continue;
      try {
        this.send(systemActor(this.world.tenantId), id, { type: t.eventType }, 0);
      } catch (e) {
        // The scheduler drops a timer whose transition no longer applies; a bug (5xx) still surfaces.
        if (!(e instanceof AgoraError) || e.status >= 500) throw e;
        this.cases = saved.cases;
        this.taken.length = saved.taken;
      }
    }
  }
}

/**
 * Applies one move to a simulated office with the pure runtime and the
 * linked-case rules of the case service (children started, parents and
 * children notified, capacity counted over linked cases, timers fired in due
 * order). Pure: no clock, no ids, no I/O. A rejected move is a typed error and
 * leaves the office as it was.
 */
export function applyMove(world: SimWorld, state: OfficeState, move: Move, actor: Actor): Result<Outcome> {
  const now = new Date(move.kind === 'advance' ? move.to : state.now);
  const run = new Run(world, state, now);
  try {
    if (move.kind === 'start') {
      const parent = move.parent === undefined ? null : state.cases[move.parent]?.record.id ?? `missing-${move.parent}`;
      run.start(actor, move.definition, parent, move.data, 0);
    } else if (move.kind === 'send') {
      const target = state.cases[move.case];
      if (!target) return { ok: false, error: new AgoraError('CASE_NOT_FOUND', { id: `#${move.case}` }) };
      run.send(actor, target.record.id, { type: move.type, data: move.data, expectedVersion: target.record.version }, 0);
    } else {
      run.fireDue();
    }
  } catch (e) {
    if (e instanceof AgoraError) return { ok: false, error: e };
    throw e;
  }
  return { ok: true, value: { state: { cases: run.cases, now: now.toISOString() }, taken: run.taken } };
}

/**
 * The transitions a stored case took, rebuilt from its event log: each event
 * is applied again as the engine, with the time and outside context it was
 * logged with (as replay does), and traced. Lets a test measure coverage on
 * what the real services wrote.
 */
export function tracedLog(compiled: CompiledDefinition, tenantId: string, parentId: string | null, events: readonly EventRecord[]): Result<string[]> {
  const out: string[] = [];
  const [first, ...rest] = events;
  if (!first) return { ok: true, value: out };
  const anyValue: CatalogueValues = new Proxy({}, { get: () => ({ has: () => true }) }) as CatalogueValues;
  const actorOf = (e: EventRecord): Actor => ({ id: e.actorId, username: e.actorName, roles: [], tenantId, system: true });
  const created = createCase(compiled, { id: first.caseId, tenantId, parentId, data: (first.data ?? undefined) as Record<string, unknown> | undefined }, {
    actor: actorOf(first),
    now: new Date(first.at),
    external: first.context,
    catalogues: anyValue,
  });
  if (!created.ok) return created;
  out.push(...takenTransitions(compiled, null, contextOfStep(created.value)));
  let record = created.value.case;
  for (const e of rest) {
    const step = applyEvent(compiled, record, { type: e.type, data: e.data ?? undefined }, { actor: actorOf(e), now: new Date(e.at), external: e.context, catalogues: anyValue });
    if (!step.ok) return step;
    out.push(...takenTransitions(compiled, record.state, contextOfStep(step.value)));
    record = step.value.case;
  }
  return { ok: true, value: out };
}
