/** Who may see what: grants from a definition's access rules and a case, matched against an actor. Pure. */
export { caseGrants, grantKey, ruleOf, sameGrants, valuesAt, TENANT_ROLES, TENANT_WIDE, type AccessSubject, type Grant } from './grants.js';
export { actorGrantKeys, definitionScope, effectiveRoles, isTenantWide, matchingGrants, pickForms, visibleForms } from './actor-scope.js';
