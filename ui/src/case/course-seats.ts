import type { DefinitionDocument, LinkedCase } from '../api/types.js';

/** A place limit of a sub-process, as its definition's `capacity` guard declares it. */
export interface SeatRule {
  /** The sub-process (e.g. `elterntraining-anmeldung`). */
  definition: string;
  /** States in which a sub-case holds a place. */
  states: string[];
  /** Number of places, read from the parent's data or given as a number. */
  seats: number;
}

interface Guard {
  type?: unknown;
  params?: { states?: unknown; max?: unknown; scope?: unknown; guards?: unknown; guard?: unknown };
}

const PARENT_DATA = 'case.parent.data.';

/** Every guard of a machine config (transitions of `on`, `after`, `always`, in every nested state). */
function guardsOf(node: unknown, out: Guard[] = []): Guard[] {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((n) => guardsOf(n, out));
    return out;
  }
  const obj = node as Record<string, unknown>;
  if (obj.guard && typeof obj.guard === 'object') collect(obj.guard as Guard, out);
  for (const [k, v] of Object.entries(obj)) if (k !== 'guard' && k !== 'meta') guardsOf(v, out);
  return out;
}

function collect(guard: Guard, out: Guard[]): void {
  out.push(guard);
  const inner = guard.params?.guards;
  if (Array.isArray(inner)) inner.forEach((g) => g && typeof g === 'object' && collect(g as Guard, out));
  if (guard.params?.guard && typeof guard.params.guard === 'object') collect(guard.params.guard as Guard, out);
}

/** The value at a dotted path of `data` (`kurs.max_tn`). */
function at(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);
}

/**
 * The place limit of `child` under a parent with `parentData`: the first
 * `capacity` guard among its siblings (`scope` absent or `siblings`) with a
 * `max` that is a number or `{ "var": "case.parent.data.<form>.<field>" }`
 * the reader can see. Null where the definition declares none or the parent's
 * figure is hidden or not yet filled in.
 */
export function seatRule(child: DefinitionDocument, parentData: Record<string, unknown>): SeatRule | null {
  for (const g of guardsOf(child.machine)) {
    const p = g.params;
    if (g.type !== 'capacity' || !p || (p.scope !== undefined && p.scope !== 'siblings')) continue;
    if (!Array.isArray(p.states) || p.max === undefined) continue;
    let seats: unknown = p.max;
    if (seats && typeof seats === 'object' && 'var' in seats) {
      const path = (seats as { var: unknown }).var;
      seats = typeof path === 'string' && path.startsWith(PARENT_DATA) ? at(parentData, path.slice(PARENT_DATA.length)) : undefined;
    }
    if (typeof seats !== 'number' || !Number.isFinite(seats)) continue;
    return { definition: child.key, states: p.states.filter((s): s is string => typeof s === 'string'), seats };
  }
  return null;
}

/** The state paths of a state value: `"a"` -> `["a"]`, `{ a: { b: "c" } }` -> `["a", "a.b", "a.b.c"]`. */
export function statePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [prefix + k, ...statePaths(v, `${prefix}${k}.`)]);
}

/** How many of `children` hold a place under `rule` (sub-cases of its process in one of its states). */
export function occupiedSeats(rule: SeatRule, children: LinkedCase[]): number {
  return children.filter((c) => c.definition.key === rule.definition && statePaths(c.state).some((p) => rule.states.includes(p))).length;
}
