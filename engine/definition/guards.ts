import jsonLogic from 'json-logic-js';
import type { LocalizedText } from './definition-schema.js';

/** A catalogue guard as written in a definition. */
export interface GuardRef {
  type: string;
  params?: any;
  message?: LocalizedText;
}

/** What a guard reads: the evaluation context and which states are active right now. */
export interface GuardScope {
  ctx: {
    counts: Record<string, number>;
  } & Record<string, unknown>;
  /** Whether the state at a dot path is active in the snapshot the guard is checked against. */
  isActive: (path: string) => boolean;
}

/** Applies a JSON Logic rule; a rule that throws counts as `null`. */
export function evalRule(rule: unknown, ctx: unknown): unknown {
  try {
    return jsonLogic.apply(rule as jsonLogic.RulesLogic, ctx as Record<string, unknown>);
  } catch {
    return null;
  }
}

/**
 * Key under which the service reports a count: for siblings the sorted
 * states (`bestaetigt|aktiv`), for children prefixed with the definition.
 */
export function capacityKey(states: readonly string[], scope: 'siblings' | 'children' = 'siblings', definition?: string): string {
  const list = [...states].sort().join('|');
  return scope === 'children' ? `children:${definition ?? ''}:${list}` : list;
}

/** Evaluates a catalogue guard (recursively for all/any/not). */
export function checkGuard(guard: GuardRef, scope: GuardScope): boolean {
  const p = guard.params ?? {};
  const { ctx } = scope;
  switch (guard.type) {
    case 'formula':
      // JSON Logic's own truthiness: an empty list is false, as rules expect.
      return jsonLogic.truthy(evalRule(p.rule, ctx));
    case 'capacity': {
      const count = ctx.counts[capacityKey(p.states, p.scope ?? 'siblings', p.definition)] ?? 0;
      const bound = (v: unknown) => (v === undefined ? undefined : Number(typeof v === 'number' ? v : evalRule(v, ctx)));
      const max = bound(p.max);
      const min = bound(p.min);
      if (max !== undefined && !(Number.isFinite(max) && count < max)) return false;
      if (min !== undefined && !(Number.isFinite(min) && count >= min)) return false;
      return true;
    }
    case 'inState':
      return scope.isActive(p.state);
    case 'all':
      return (p.guards as GuardRef[]).every((g) => checkGuard(g, scope));
    case 'any':
      return (p.guards as GuardRef[]).some((g) => checkGuard(g, scope));
    case 'not':
      return !checkGuard(p.guard, scope);
    default:
      return false;
  }
}

/**
 * The person-facing reason a guard gives when it stays closed: its own
 * `message`, else the first message of the guards it combines.
 */
export function guardMessage(guard: GuardRef | undefined): LocalizedText | undefined {
  if (!guard || typeof guard !== 'object') return undefined;
  if (guard.message) return guard.message;
  const p = guard.params ?? {};
  for (const g of [...(Array.isArray(p.guards) ? p.guards : []), ...(guard.type === 'not' && p.guard ? [p.guard] : [])]) {
    const m = guardMessage(g);
    if (m) return m;
  }
  return undefined;
}

/**
 * Turns a catalogue guard into what XState calls with the snapshot: a
 * function carrying `check`, the shape of XState's built-in guards. The
 * snapshot lets `inState` see the states active at that microstep, so it
 * agrees with XState's own `stateIn` even inside `always` chains.
 */
export function toXStateGuard(guard: GuardRef, ctxOf: (event: unknown) => GuardScope['ctx']) {
  const fn = Object.assign(() => false, {
    check: (snapshot: { _nodes: Array<{ path: string[] }> }, args: { event: unknown }) =>
      checkGuard(guard, { ctx: ctxOf(args.event), isActive: (path) => snapshot._nodes.some((n) => n.path.join('.') === path) }),
    guardType: guard.type,
  });
  return fn;
}
