import jsonLogic from 'json-logic-js';
import type { Definition } from './definition-schema.js';
import type { ErrorDetail } from '../errors.js';

/**
 * Field names that hold a person's identity or contact. A form with one of
 * them (or a field marked `"x-personal": true`) holds personal data.
 */
export const PERSONAL_FIELDS = new Set([
  'vorname', 'nachname', 'name', 'name_oder_pseudonym', 'geburtsdatum', 'kontakt', 'telefon', 'email', 'e_mail', 'anschrift', 'adresse', 'sorgeberechtigte',
]);

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema node a pointer `/form/field/...` leads to inside the forms, or undefined. */
export function fieldAt(def: Definition, pointer: string): unknown {
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
export function holdsPersonalData(schema: unknown): boolean {
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
  lintFormsOfWork(def, problems);
  if (Object.values(forms).some((f) => holdsPersonalData(f.schema))) {
    for (const role of def.roles) {
      if (!Object.prototype.hasOwnProperty.call(access, role)) {
        warnings.push({ path: `/access/${role}`, message: `role "${role}" has no access rule and reads the personal data of every case of this process in the whole city; give it "organisation" or "forms", or {} to confirm` });
      }
    }
  }
  return { problems, warnings };
}

/** A role limited to some forms must see every form its tasks and events ask it to fill. */
function lintFormsOfWork(def: Definition, problems: ErrorDetail[]): void {
  const access = def.access ?? {};
  const visit = (node: unknown, pointer: string): void => {
    if (!isObject(node)) return;
    const meta = isObject(node.meta) ? node.meta : {};
    const work: Array<{ roles: unknown; form: unknown; at: string }> = [];
    if (isObject(meta.task)) work.push({ roles: meta.task.roles, form: meta.task.form, at: `${pointer}/meta/task/form` });
    for (const [type, spec] of Object.entries(isObject(meta.events) ? meta.events : {})) {
      if (isObject(spec)) work.push({ roles: spec.roles, form: spec.form, at: `${pointer}/meta/events/${type.replace(/~/g, '~0').replace(/\//g, '~1')}/form` });
    }
    for (const w of work) {
      if (typeof w.form !== 'string' || !Array.isArray(w.roles)) continue;
      for (const role of w.roles) {
        const forms = isObject(access[role]) && Array.isArray(access[role].forms) ? (access[role].forms as string[]) : null;
        if (forms && !forms.includes(w.form)) problems.push({ path: w.at, message: `role "${role}" fills form "${w.form}" here, but its access rule does not let it see that form; add it to /access/${role}/forms` });
      }
    }
    for (const [key, child] of Object.entries(isObject(node.states) ? node.states : {})) visit(child, `${pointer}/states/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(def.machine, '/machine');
}
