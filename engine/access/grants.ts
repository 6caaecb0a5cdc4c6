import jsonLogic from 'json-logic-js';
import { evalRule, type AccessRule, type Definition } from '../definition/index.js';

/** The organisation of a grant that applies to every member of the tenant holding the role. */
export const TENANT_WIDE = '*';

/** Roles that read every case of their tenant whatever a definition's access rules say. */
export const TENANT_ROLES = ['admin', 'coordinator'] as const;

/**
 * One grant of a case: members of `organisation` (or everyone, `*`) holding
 * `role` may read the case and act in that role; `forms` are the forms whose
 * data they see (`null`: all). Stored as rows of `case_access`.
 */
export interface Grant {
  role: string;
  organisation: string;
  forms: string[] | null;
}

/** What the rules read of a case. */
export interface AccessSubject {
  data: Record<string, unknown>;
  status: string;
  organisation: string | null;
  statePaths?: string[];
}

/** The key a grant is stored and matched under: `role@organisation`. */
export const grantKey = (role: string, organisation: string): string => `${role}@${organisation}`;

/** Resolves a JSON pointer (`/stammdaten/grundschule`) in case data. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (!pointer.startsWith('/')) return undefined;
  let v: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Organisation keys named by a pointer's value: a key or a list of keys; anything else names none. */
function organisationsAt(data: unknown, pointer: string): string[] {
  const v = valueAt(data, pointer);
  if (typeof v === 'string' && v) return [v];
  if (Array.isArray(v)) return [...new Set(v.filter((x): x is string => typeof x === 'string' && x.length > 0))];
  return [];
}

/** The rule of a role: absent means tenant-wide with every form. */
export function ruleOf(definition: Pick<Definition, 'access'>, role: string): AccessRule {
  return definition.access?.[role] ?? {};
}

/**
 * The grants that follow from a definition's access rules and a case's data,
 * status and owner. Pure: the service writes them in the command's own
 * transaction whenever they change, and every read path filters by them.
 */
export function caseGrants(definition: Pick<Definition, 'roles' | 'access'>, subject: AccessSubject): Grant[] {
  const grants: Grant[] = [];
  const ctx = { data: subject.data, case: { status: subject.status, organisation: subject.organisation, states: subject.statePaths ?? [] } };
  for (const role of definition.roles) {
    const rule = ruleOf(definition, role);
    if (rule.when !== undefined && !jsonLogic.truthy(evalRule(rule.when, ctx))) continue;
    const forms = rule.forms ? [...rule.forms] : null;
    const organisations =
      rule.organisation === undefined
        ? [TENANT_WIDE]
        : rule.organisation === 'owner'
          ? subject.organisation ? [subject.organisation] : []
          : organisationsAt(subject.data, rule.organisation);
    for (const organisation of organisations) grants.push({ role, organisation, forms });
  }
  return grants;
}

/** Whether two grant lists are the same (order-insensitive). */
export function sameGrants(a: Grant[], b: Grant[]): boolean {
  const key = (g: Grant) => `${grantKey(g.role, g.organisation)}:${g.forms?.join(',') ?? '*'}`;
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.length === y.length && x.every((k, i) => k === y[i]);
}
