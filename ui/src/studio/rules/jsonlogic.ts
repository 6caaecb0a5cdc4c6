/**
 * Between a guard's JSON Logic rule and react-querybuilder's query. A rule is
 * edited in the builder only when the builder gives back exactly the same
 * JSON Logic (`isBuilderRule`); anything richer (`reduce`, `if`, `!==`) stays
 * as written, shown read-only, so the studio never changes a rule by opening it.
 */
import { formatQuery } from 'react-querybuilder/formatQuery';
import { parseJsonLogic } from 'react-querybuilder/parseJsonLogic';
import type { RuleGroupType } from 'react-querybuilder';
import type { RuleField } from './fields.js';

/** A JSON Logic rule. */
export type JsonLogic = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Values of yes/no and number fields come from inputs as text; the rule must compare real booleans and numbers. */
function coerce(rule: JsonLogic, kinds: Map<string, RuleField['kind']>): JsonLogic {
  if (Array.isArray(rule)) return rule.map((r) => coerce(r, kinds));
  if (!isObject(rule)) return rule;
  const [op] = Object.keys(rule);
  const args = rule[op];
  if (COMPARE.has(op) && Array.isArray(args) && isObject(args[0]) && typeof args[0].var === 'string') {
    const kind = kinds.get(args[0].var);
    const fix = (v: unknown) => {
      if (kind === 'boolean' && (v === 'true' || v === 'false')) return v === 'true';
      if (kind === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      return v;
    };
    return { [op]: args.map((a, i) => (i === 0 ? a : fix(a))) };
  }
  return Object.fromEntries(Object.entries(rule).map(([k, v]) => [k, coerce(v, kinds)]));
}

/** `{ and: [x] }` -> `x`, also below: the builder wraps a single condition in a group. */
function unwrap(rule: JsonLogic): JsonLogic {
  if (Array.isArray(rule)) return rule.map(unwrap);
  if (!isObject(rule)) return rule;
  const keys = Object.keys(rule);
  if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or') && Array.isArray(rule[keys[0]]) && (rule[keys[0]] as unknown[]).length === 1) {
    return unwrap((rule[keys[0]] as unknown[])[0]);
  }
  return Object.fromEntries(Object.entries(rule).map(([k, v]) => [k, unwrap(v)]));
}

/** The JSON Logic of a builder query; `undefined` when it holds no condition. */
export function queryToRule(query: RuleGroupType, fields: RuleField[] = []): JsonLogic | undefined {
  const out = formatQuery(query, 'jsonlogic');
  if (out === false || out === null) return undefined;
  return coerce(unwrap(out), new Map(fields.map((f) => [f.name, f.kind])));
}

/** The builder query of a rule, or `null` when the builder cannot show it without changing it. */
export function ruleToQuery(rule: JsonLogic, fields: RuleField[] = []): RuleGroupType | null {
  if (rule === undefined) return { combinator: 'and', rules: [] };
  let query: RuleGroupType;
  try {
    query = parseJsonLogic(rule as Parameters<typeof parseJsonLogic>[0]);
  } catch {
    return null;
  }
  if (!query.rules.length) return null;
  return sameJson(queryToRule(query, fields), rule) ? query : null;
}

/** Whether the builder can edit this rule as it is. */
export function isBuilderRule(rule: JsonLogic, fields: RuleField[] = []): boolean {
  return ruleToQuery(rule, fields) !== null;
}

/** The variables a rule reads (`data.f.x`), for offering fields the forms do not list (`case.parent.state`). */
export function varsOf(rule: JsonLogic): string[] {
  const out = new Set<string>();
  const walk = (r: unknown) => {
    if (Array.isArray(r)) r.forEach(walk);
    else if (isObject(r)) {
      if (typeof r.var === 'string') out.add(r.var);
      Object.values(r).forEach(walk);
    }
  };
  walk(rule);
  return [...out];
}
