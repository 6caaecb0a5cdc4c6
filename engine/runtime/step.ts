import type { AnyMachineSnapshot, StateValue } from 'xstate';
import { delayMs, evalRule, metaOf, type CompiledDefinition, type EvalContext } from '../definition/index.js';
import type { CaseRecord, Effect, Envelope, Reminder, TaskRecord, Timer } from './types.js';

/** Lists every active state path, ancestors included: `{ a: 'b' }` -> `['a', 'a.b']`. */
export function statePathsOf(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  const out: string[] = [];
  for (const [key, sub] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push(path);
    if (sub !== undefined) out.push(...statePathsOf(sub as StateValue, path));
  }
  return out;
}

/**
 * Restores an XState snapshot from the persisted envelope, with its history
 * value (which states a history state returns to), as XState persists it:
 * `{ "<history node id>": [{ "id": "<state node id>" }] }`.
 */
export function restoreSnapshot(compiled: CompiledDefinition, envelope: Envelope): AnyMachineSnapshot {
  const persisted = envelope.xstate as { value: StateValue; historyValue?: Record<string, Array<{ id: string }>> };
  const historyValue: Record<string, unknown[]> = {};
  for (const [key, nodes] of Object.entries(persisted.historyValue ?? {})) {
    if (!Array.isArray(nodes)) continue;
    // A state removed by a migration is dropped: the history state then falls back to its default.
    const resolved = nodes.map((n) => compiled.stateNodesById.get(n?.id)).filter((n) => n !== undefined);
    if (resolved.length) historyValue[key] = resolved;
  }
  return compiled.machine.resolveState({ value: persisted.value, context: {}, historyValue } as any) as AnyMachineSnapshot;
}

interface ActionObject {
  type: string;
  params?: any;
}

/**
 * Turns the actions XState reports for a step into the engine's bookkeeping:
 * delayed raises become timers, cancels drop them, catalogue actions become
 * effects and reminders.
 */
export function interpretActions(
  actions: readonly ActionObject[],
  previousTimers: Timer[],
  ctx: EvalContext,
  compiled: CompiledDefinition,
  newId: () => string,
  activePaths: string[],
): { timers: Timer[]; effects: Effect[]; reminders: Reminder[] } {
  let timers = [...previousTimers];
  const effects: Effect[] = [];
  const reminders: Reminder[] = [];
  const now = new Date(ctx.now);
  const leaf = activePaths[activePaths.length - 1] ?? '';
  for (const action of actions) {
    const p = action.params ?? {};
    switch (action.type) {
      case 'xstate.raise': {
        if (typeof p.delay !== 'number') break;
        timers = timers.filter((t) => t.id !== p.id);
        if (Number.isFinite(p.delay)) {
          timers.push({ id: String(p.id), eventType: String(p.event?.type), dueAt: new Date(now.getTime() + p.delay).toISOString() });
        }
        break;
      }
      case 'xstate.cancel':
        timers = timers.filter((t) => t.id !== p.sendId);
        break;
      case 'startChild': {
        const data: Record<string, unknown> = {};
        for (const [form, fields] of Object.entries((p.data ?? {}) as Record<string, Record<string, unknown>>)) {
          data[form] = Object.fromEntries(
            Object.entries(fields).map(([field, rule]) => [field, evalRuleOrValue(rule, ctx)]),
          );
        }
        effects.push({ type: 'startChild', definition: p.definition, data });
        break;
      }
      case 'notifyParent':
        effects.push({ type: 'notifyParent', event: p.event });
        break;
      case 'notifyChildren':
        effects.push({ type: 'notifyChildren', event: p.event, definition: p.definition, state: p.state, pick: p.pick ?? 'all' });
        break;
      case 'remind': {
        const ms = typeof p.due === 'string' ? delayMs(compiled.definition, p.due, ctx) : null;
        reminders.push({
          id: newId(),
          // compile tags each remind action with the state that declares it
          statePath: typeof p.statePath === 'string' ? p.statePath : leaf,
          title: p.title,
          roles: p.roles,
          dueAt: ms === null ? null : new Date(now.getTime() + ms).toISOString(),
          createdAt: ctx.now,
        });
        break;
      }
      default:
        break;
    }
  }
  return { timers, effects, reminders };
}

// Plain values map as they are; objects are JSON Logic rules over the parent's context.
function evalRuleOrValue(rule: unknown, ctx: EvalContext): unknown {
  return rule && typeof rule === 'object' && !Array.isArray(rule) ? evalRule(rule, ctx) : rule;
}

/**
 * Derives the open tasks from the active states' `meta.task` and the live
 * reminders; due dates are counted in the calendar of `timeZone`.
 */
export function deriveTasks(compiled: CompiledDefinition, record: CaseRecord, timeZone?: string): TaskRecord[] {
  if (record.status === 'closed') return [];
  const tasks: TaskRecord[] = [];
  const active = new Set(record.statePaths);
  for (const path of record.statePaths) {
    const meta = metaOf(compiled, path);
    if (!meta?.task) continue;
    const entered = record.envelope.entered[path] ?? record.updatedAt;
    let dueAt: string | null = null;
    if (meta.task.due) {
      const ms = delayMs(compiled.definition, meta.task.due, {
        data: record.data,
        event: { type: '' },
        case: { id: record.id, createdAt: record.createdAt },
        now: entered,
        timeZone,
        counts: {},
      });
      dueAt = ms === null ? null : new Date(new Date(entered).getTime() + ms).toISOString();
    }
    tasks.push({
      caseId: record.id,
      statePath: path,
      kind: 'task',
      title: meta.task.title ?? meta.title ?? { de: path },
      roles: [...meta.task.roles],
      form: meta.task.form ?? null,
      dueAt,
    });
  }
  for (const r of record.envelope.reminders) {
    if (!active.has(r.statePath)) continue;
    tasks.push({ caseId: record.id, statePath: r.statePath, kind: 'reminder', title: r.title, roles: r.roles, form: null, dueAt: r.dueAt });
  }
  return tasks;
}

/** What XState's `getTransitionData` tells about a transition that is taken. */
export interface TakenTransition {
  source: { path: string[] };
  target?: ReadonlyArray<{ path: string[] }>;
  reenter?: boolean;
}

const isWithin = (path: string, ancestor: string) => ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`);

/**
 * The states a taken transition exits and enters again lie below its domain:
 * the nearest common ancestor of source and targets, or its parent when the
 * transition leaves and re-enters that ancestor itself (`reenter`, or a
 * target outside the source). Returns those domains as paths ('' = root).
 */
export function transitionDomains(transitions: readonly TakenTransition[]): string[] {
  const domains: string[] = [];
  for (const t of transitions) {
    if (!t.target?.length) continue;
    const src = t.source.path;
    const targets = t.target.map((n) => n.path);
    let common = src.length;
    for (const tp of targets) {
      let i = 0;
      while (i < common && i < tp.length && tp[i] === src[i]) i++;
      common = i;
    }
    const internal = !t.reenter && targets.every((tp) => tp.length >= src.length) && common === src.length;
    // Leaving the common ancestor itself (a self-transition with reenter, or a target that is an ancestor) goes one level up.
    const touchesCommon = targets.some((tp) => tp.length === common) || src.length === common;
    const depth = internal ? src.length : touchesCommon ? Math.max(common - 1, 0) : common;
    domains.push(src.slice(0, depth).join('.'));
  }
  return domains;
}

/**
 * When each active state was entered: kept for states that stayed active,
 * `now` for states entered by this step, including those re-entered below a
 * transition's domain. Other parallel regions keep their times.
 */
export function enteredMap(previous: Record<string, string>, before: string[], after: string[], now: string, domains: string[]): Record<string, string> {
  const was = new Set(before);
  const out: Record<string, string> = {};
  for (const p of after) {
    const reentered = domains.some((d) => isWithin(p, d) && p !== d);
    out[p] = was.has(p) && !reentered ? (previous[p] ?? now) : now;
  }
  return out;
}

/** The earliest due date of open tasks: stored on the case for lists, sorting and overdue counts. */
export function firstDue(tasks: TaskRecord[]): string | null {
  return tasks.map((t) => t.dueAt).filter((d): d is string => d !== null).sort()[0] ?? null;
}
