import jsonLogic from 'json-logic-js';
import type { Definition } from './definition-schema.js';
import type { ErrorDetail } from '../errors.js';

/**
 * Field names that hold a person's identity or contact. A form with one of
 * them (or a field marked `"x-personal": true`) holds personal data.
 */
const PERSONAL_FIELDS = new Set([
  'vorname', 'nachname', 'name', 'name_oder_pseudonym', 'geburtsdatum', 'kontakt', 'telefon', 'email', 'e_mail', 'anschrift', 'adresse', 'sorgeberechtigte',
]);

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema node a pointer `/form/field/...` leads to inside the forms, or undefined. */
function fieldAt(def: Definition, pointer: string): unknown {
  const [form, ...path] = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = def.forms?.[form]?.schema;
  if (node === undefined) return undefined;
  for (const key of path) {
    // Lists of objects are walked through their items.
    while (isObject(node) && node.type === 'array' && isObject(node.items)) node = node.items;
    if (!isObject(node)) return undefined;
    const props = isObject(node.properties) ? node.properties : undefined;
    node = props?.[key];
  }
  return path.length ? node : undefined;
}

/** Whether a form schema names a person (see {@link PERSONAL_FIELDS}). */
function holdsPersonalData(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const props = isObject(schema.properties) ? schema.properties : {};
  return Object.entries(props).some(([k, v]) => PERSONAL_FIELDS.has(k) || (isObject(v) && (v['x-personal'] === true || holdsPersonalData(v) || holdsPersonalData(v.items))));
}

/**
 * Checks `access`: roles that exist, organisation pointers that lead to a
 * field of a form, forms that exist, conditions that are JSON Logic. Returns
 * problems, and warnings for roles that read personal data tenant-wide
 * without saying so.
 */
export function lintAccess(def: Definition): { problems: ErrorDetail[]; warnings: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const access = def.access;
  if (!isObject(access)) return { problems, warnings };
  const forms = def.forms ?? {};
  for (const [role, rule] of Object.entries(access)) {
    const at = `/access/${role.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!def.roles.includes(role)) problems.push({ path: at, message: `role "${role}" is not declared in "roles"` });
    if (!isObject(rule)) continue;
    const sources = Array.isArray(rule.organisation) ? rule.organisation : rule.organisation === undefined ? [] : [rule.organisation];
    sources.forEach((src: unknown, i: number) => {
      const p = Array.isArray(rule.organisation) ? `${at}/organisation/${i}` : `${at}/organisation`;
      if (typeof src !== 'string' || src === 'owner') return;
      if (!src.startsWith('/')) problems.push({ path: p, message: 'write "owner" or a JSON pointer to a form field, e.g. "/stammdaten/grundschule"' });
      else if (fieldAt(def, src) === undefined) problems.push({ path: p, message: `"${src}" does not lead to a field of a form` });
    });
    (Array.isArray(rule.forms) ? rule.forms : []).forEach((f: unknown, i: number) => {
      if (typeof f === 'string' && !Object.prototype.hasOwnProperty.call(forms, f)) problems.push({ path: `${at}/forms/${i}`, message: `form "${f}" does not exist in "forms"` });
    });
    if (rule.when !== undefined && !(jsonLogic.is_logic(rule.when) || typeof rule.when === 'boolean')) {
      problems.push({ path: `${at}/when`, message: 'a condition is a JSON Logic rule, e.g. { "==": [{ "var": "data.einwilligung.entscheidung" }, "erteilt"] }' });
    }
  }
  if (Object.values(forms).some((f) => holdsPersonalData(f.schema))) {
    for (const role of def.roles) {
      if (!Object.prototype.hasOwnProperty.call(access, role)) {
        warnings.push({ path: `/access/${role}`, message: `role "${role}" has no access rule and reads the personal data of every case of this process in the whole city; give it "organisation" or "forms", or {} to confirm` });
      }
    }
  }
  return { problems, warnings };
}
