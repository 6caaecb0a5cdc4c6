/**
 * The access editor's model: per role of the document, where the role
 * applies (`organisation`), under which condition (`when`) and which forms
 * it sees (`forms`). Pure, like the statechart model.
 */
import type { DefinitionDocument, LocalizedText } from '../../api/types.js';

/** One role's entry of `access`. */
export interface AccessRule {
  organisation?: string | string[];
  when?: unknown;
  forms?: string[];
  description?: LocalizedText;
}

/** The entry of a role, `undefined` when the role has none (tenant-wide, lint warns where personal data is read). */
export function accessOf(doc: DefinitionDocument, role: string): AccessRule | undefined {
  const access = doc.access as Record<string, AccessRule> | undefined;
  return access?.[role];
}

/**
 * Sets a role's entry (`undefined` removes it). Unset fields are left out,
 * so `{}` says "tenant-wide, on purpose"; `access` goes when it is empty.
 */
export function setAccess(doc: DefinitionDocument, role: string, rule: AccessRule | undefined): DefinitionDocument {
  const access = { ...((doc.access as Record<string, AccessRule> | undefined) ?? {}) };
  if (rule === undefined) delete access[role];
  else {
    const clean: AccessRule = {};
    if (rule.organisation !== undefined && rule.organisation !== '') clean.organisation = rule.organisation;
    if (rule.when !== undefined) clean.when = rule.when;
    if (rule.forms !== undefined) clean.forms = rule.forms;
    if (rule.description?.de) clean.description = rule.description;
    access[role] = clean;
  }
  // Keep the roles' order as the document declares them.
  const ordered = Object.fromEntries(
    [...doc.roles.filter((r) => r in access), ...Object.keys(access).filter((r) => !doc.roles.includes(r))].map((r) => [r, access[r]]),
  );
  const next: DefinitionDocument = { ...doc, access: ordered };
  if (Object.keys(ordered).length === 0) delete next.access;
  return next;
}
