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

/**
 * The values a JSON pointer (`/stammdaten/grundschule`) leads to in case
 * data. A list on the way is walked entry by entry, and an entry of a
 * collection form (`{ value, by, at }`) by its value, so
 * `/veranstaltung/partner` gathers the partner of every lecture.
 */
export function valuesAt(data: unknown, pointer: string): unknown[] {
  if (!pointer.startsWith('/')) return [];
  let current: unknown[] = [data];
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const next: unknown[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v !== null && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (key in o) next.push(o[key]);
        else if (o.value !== null && typeof o.value === 'object' && 'by' in o && 'at' in o) visit(o.value);
      }
    };
    current.forEach(visit);
    current = next;
  }
  return current;
}

/** Organisation keys named by a pointer's values: keys or lists of keys; anything else names none. */
function organisationsAt(data: unknown, pointer: string): string[] {
  const keys = valuesAt(data, pointer).flatMap((v) => (Array.isArray(v) ? v : [v]));
  return [...new Set(keys.filter((x): x is string => typeof x === 'string' && x.length > 0))];
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
    const sources = rule.organisation === undefined ? [] : Array.isArray(rule.organisation) ? rule.organisation : [rule.organisation];
    const organisations = rule.organisation === undefined
      ? [TENANT_WIDE]
      : [...new Set(sources.flatMap((src) => (src === 'owner' ? (subject.organisation ? [subject.organisation] : []) : organisationsAt(subject.data, src))))];
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
