import type { AnyMachineSnapshot, StateValue } from 'xstate';
import { delayMs, type CompiledDefinition, type EvalContext } from '../definition/index.js';
import { prepareForm } from './form-check.js';
import { deriveTasks, statePathsOf } from './step.js';
import type { CaseRecord, CatalogueValues, CollectionEntry, Reminder, Step, StepInput, Timer } from './types.js';

/** The type of the event that moves a case to another version of its definition. */
export const MIGRATED = 'MIGRATED';

/** What a `MIGRATED` event logs: both versions and the state mapping applied (old leaf path -> new path). */
export interface MigrationData {
  from: number;
  to: number;
  states: Record<string, string>;
}

/** Why a case cannot move: a state without counterpart, or data the new forms refuse. */
export interface MigrationProblem {
  path: string;
  message: string;
}

/**
 * A migration checks the data's shape only: catalogue entries removed since
 * were valid when given, as replay assumes too.
 */
const ANY_CATALOGUE_VALUE: CatalogueValues = new Proxy({}, { get: () => ({ has: () => true }) }) as CatalogueValues;

/** The innermost active states: `['a', 'a.b', 'c']` -> `['a.b', 'c']`. */
export function leafPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`)));
}

/**
 * The mapping a migration applies to a case's innermost states: the one
 * given, else the same path when the new version has it. Unmapped states are
 * left out (the caller reports them).
 */
export function resolveMapping(to: CompiledDefinition, leaves: readonly string[], states: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const leaf of leaves) {
    const target = states[leaf] ?? (to.states.has(leaf) ? leaf : undefined);
    if (target !== undefined) out[leaf] = target;
  }
  return out;
}

interface Tree {
  [key: string]: Tree;
}

/** Builds an XState state value from innermost paths: `['a.b', 'a.c']` -> `{ a: { b: {}, c: {} } }` collapsed to strings where single. */
function stateValueOf(paths: readonly string[]): StateValue | null {
  const tree: Tree = {};
  for (const p of paths) {
    let node = tree;
    for (const part of p.split('.')) node = node[part] ??= {};
  }
  const toValue = (t: Tree): StateValue => {
    const keys = Object.keys(t);
    if (keys.length === 1 && Object.keys(t[keys[0]]).length === 0) return keys[0];
    return Object.fromEntries(keys.map((k) => [k, Object.keys(t[k]).length ? toValue(t[k]) : {}])) as StateValue;
  };
  return Object.keys(tree).length ? toValue(tree) : null;
}

/** The delayed transitions (`after`) of the active states, as timers counted from when each state was entered. */
function rebuildTimers(to: CompiledDefinition, record: Pick<CaseRecord, 'id' | 'createdAt' | 'data'>, paths: string[], entered: Record<string, string>, timeZone?: string): Timer[] {
  const timers: Timer[] = [];
  const active = new Set(paths);
  for (const node of to.stateNodesById.values() as Iterable<any>) {
    const path = (node.path as string[]).join('.');
    if (!active.has(path)) continue;
    for (const t of (node.after ?? []) as Array<{ delay: string | number; eventType: string }>) {
      const since = entered[path];
      const ctx: EvalContext = { data: record.data, event: { type: '' }, case: { id: record.id, createdAt: record.createdAt }, now: since, timeZone, counts: {} };
      const ms = typeof t.delay === 'number' ? t.delay : delayMs(to.definition, t.delay, ctx);
      // A date-based delay that cannot be computed yet never fires, as in a normal step.
      if (ms === null || !Number.isFinite(ms)) continue;
      timers.push({ id: t.eventType, eventType: t.eventType, dueAt: new Date(new Date(since).getTime() + Math.max(ms, 1)).toISOString() });
    }
  }
  return timers;
}

/** Checks the case's data against the new version's forms (every entry of a collection form). */
export function dataProblems(to: CompiledDefinition, data: Record<string, unknown>): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  for (const [form, value] of Object.entries(data)) {
    if (!to.definition.forms[form]) {
      problems.push({ path: `/data/${form}`, message: `Das Formular „${form}“ gibt es in Version ${to.definition.version} nicht mehr.` });
      continue;
    }
    const entries = to.definition.forms[form].collection && Array.isArray(value)
      ? (value as CollectionEntry[]).map((e, i) => ({ prefix: `/data/${form}/${i}/value`, value: e?.value }))
      : [{ prefix: `/data/${form}`, value }];
    for (const entry of entries) {
      for (const p of prepareForm(to, form, entry.value, ANY_CATALOGUE_VALUE).problems) {
        problems.push({ path: `${entry.prefix}${p.path === '/' ? '' : p.path}`, message: p.message });
      }
    }
  }
  return problems;
}

/**
 * Moves a case to another version of its definition (DESIGN.md, "Changing a
 * running process"). Pure: the state is mapped (innermost paths, `states`
 * given or the same path), the data must fit the new forms, and tasks,
 * timers (counted from when each state was entered) and reminders follow the
 * new version. The step's event is `MIGRATED`, logging both versions and the
 * mapping applied, so replay switches machines at the same point. Returns
 * every problem when the case cannot move.
 */
export function migrateCase(
  from: CompiledDefinition,
  to: CompiledDefinition,
  record: CaseRecord,
  states: Record<string, string>,
  input: StepInput,
): { ok: true; value: Step } | { ok: false; problems: MigrationProblem[] } {
  const now = input.now.toISOString();
  const problems: MigrationProblem[] = [];
  const leaves = leafPaths(record.statePaths);
  const mapping = resolveMapping(to, leaves, states);
  for (const leaf of leaves) {
    const target = mapping[leaf];
    if (target === undefined) problems.push({ path: `/state/${leaf}`, message: `Der Zustand „${leaf}“ hat in Version ${to.definition.version} keine Entsprechung; ordnen Sie ihm einen Zustand zu.` });
    else if (!to.states.has(target)) problems.push({ path: `/state/${leaf}`, message: `Den Zielzustand „${target}“ gibt es in Version ${to.definition.version} nicht.` });
  }
  problems.push(...dataProblems(to, record.data));
  let snapshot: AnyMachineSnapshot | null = null;
  if (!problems.length) {
    const value = stateValueOf([...new Set(Object.values(mapping))]);
    try {
      snapshot = value === null ? null : (to.machine.resolveState({ value, context: {} } as any) as AnyMachineSnapshot);
    } catch (e) {
      problems.push({ path: '/state', message: `Die Zuordnung ergibt keinen gültigen Zustand: ${(e as Error).message}` });
    }
  }
  if (problems.length || !snapshot) return { ok: false, problems };

  const statePaths = statePathsOf(snapshot.value);
  // A state keeps the time it was entered when it is the image of a state that was active (due dates and deadlines run on).
  const origin = new Map<string, string>();
  for (const [oldPath, newPath] of Object.entries(mapping)) if (!origin.has(newPath)) origin.set(newPath, oldPath);
  const entered: Record<string, string> = {};
  for (const p of statePaths) {
    const old = origin.get(p) ?? (record.statePaths.includes(p) ? p : undefined);
    entered[p] = (old && record.envelope.entered[old]) || now;
  }
  const closed = [...to.stateNodesById.values()].some((n: any) => n.type === 'final' && n.path.length === 1 && statePaths.includes(n.path[0]));
  const renamed = (r: Reminder): Reminder | null => {
    const target = mapping[r.statePath] ?? (to.states.has(r.statePath) ? r.statePath : undefined);
    return target && statePaths.includes(target) ? { ...r, statePath: target } : null;
  };
  const timers = closed ? [] : rebuildTimers(to, record, statePaths, entered, input.timeZone);
  const next: CaseRecord = {
    ...record,
    definition: { key: to.definition.key, version: to.definition.version },
    state: snapshot.value,
    statePaths,
    status: closed ? 'closed' : 'active',
    version: record.version + 1,
    updatedAt: now,
    envelope: {
      xstate: to.machine.getPersistedSnapshot(snapshot),
      entered,
      timers,
      reminders: closed ? [] : record.envelope.reminders.map(renamed).filter((r): r is Reminder => r !== null),
    },
  };
  const data: MigrationData = { from: from.definition.version, to: to.definition.version, states: mapping };
  return {
    ok: true,
    value: {
      case: next,
      event: {
        caseId: record.id,
        seq: next.version,
        type: MIGRATED,
        form: null,
        data,
        actorId: input.actor.id,
        actorName: input.actor.username,
        at: now,
        fromState: record.state,
        toState: next.state,
        context: {},
      },
      tasks: deriveTasks(to, next, input.timeZone),
      timers,
      effects: [],
      attachments: [],
    },
  };
}
