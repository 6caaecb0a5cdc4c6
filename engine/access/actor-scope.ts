import type { Definition } from '../definition/index.js';
import type { Actor } from '../runtime/index.js';
import { grantKey, ruleOf, TENANT_ROLES, TENANT_WIDE, type Grant } from './grants.js';

/** Whether the actor reads every case of its tenant (administrators, coordinators, the engine itself). */
export function isTenantWide(actor: Actor): boolean {
  return Boolean(actor.system) || TENANT_ROLES.some((r) => actor.roles.includes(r));
}

/**
 * The grant keys an actor holds: each role tenant-wide and in each of its
 * organisations (with those below a Träger it belongs to). A case is readable
 * when one of its `case_access` rows has one of these keys.
 */
export function actorGrantKeys(actor: Actor): string[] {
  const orgs = [TENANT_WIDE, ...(actor.organisations ?? [])];
  return [...new Set(actor.roles.flatMap((role) => orgs.map((o) => grantKey(role, o))))];
}

/** The grants of a case that apply to this actor. */
export function matchingGrants(actor: Actor, grants: Grant[]): Grant[] {
  const orgs = new Set(actor.organisations ?? []);
  return grants.filter((g) => actor.roles.includes(g.role) && (g.organisation === TENANT_WIDE || orgs.has(g.organisation)));
}

/**
 * The roles in which the actor may act on a case: its roles that a grant of
 * the case covers. Tenant-wide readers keep all their roles.
 */
export function effectiveRoles(actor: Actor, grants: Grant[]): string[] {
  if (isTenantWide(actor)) return actor.roles;
  return [...new Set(matchingGrants(actor, grants).map((g) => g.role))];
}

/** The forms whose data the actor sees on a case; `null` means all of them. */
export function visibleForms(actor: Actor, grants: Grant[]): string[] | null {
  if (isTenantWide(actor)) return null;
  const matching = matchingGrants(actor, grants);
  if (matching.some((g) => g.forms === null)) return null;
  return [...new Set(matching.flatMap((g) => g.forms ?? []))];
}

/**
 * How far an actor reads a definition's cases without looking at each one:
 * `all` (tenant-wide, or a role of the definition with neither organisation
 * nor condition), `granted` (only cases whose grants name the actor), `none`.
 * `all` lets lists and counts use the counters instead of joining grants.
 */
export function definitionScope(definition: Pick<Definition, 'roles' | 'access'>, actor: Actor): 'all' | 'granted' | 'none' {
  if (isTenantWide(actor)) return 'all';
  const roles = definition.roles.filter((r) => actor.roles.includes(r));
  if (!roles.length) return 'none';
  return roles.some((r) => {
    const rule = ruleOf(definition, r);
    return rule.organisation === undefined && rule.when === undefined;
  })
    ? 'all'
    : 'granted';
}

/** Keeps only the forms the actor may see of an object keyed by form. */
export function pickForms<T>(byForm: Record<string, T>, forms: string[] | null): Record<string, T> {
  if (forms === null) return byForm;
  return Object.fromEntries(Object.entries(byForm).filter(([k]) => forms.includes(k)));
}
