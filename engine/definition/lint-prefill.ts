import type { Definition } from './definition-schema.js';
import { PREFILL_KEYWORD } from './form-ajv.js';
import { escapePointer } from './walk-machine.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks `"x-prefill": "/<form>/<field>"`: a JSON pointer into the case data
 * that starts with a form of this definition, and names a field of it
 * (earlier answers fill a form in; a typo would silently fill nothing).
 */
export function lintPrefill(def: Definition, add: (path: string, message: string) => void): void {
  const forms = def.forms ?? {};
  for (const [key, form] of Object.entries(forms)) {
    if (!isObject(form) || !isObject(form.schema)) continue;
    walk(form.schema, `/forms/${escapePointer(key)}/schema`);
  }
  function walk(schema: Record<string, unknown>, pointer: string) {
    const target = schema[PREFILL_KEYWORD];
    if (typeof target === 'string') {
      const [formKey, ...rest] = target.replace(/^\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const form = forms[formKey];
      if (!target.startsWith('/') || !form) add(`${pointer}/${PREFILL_KEYWORD}`, `"${target}" does not point into a form of this definition (write "/<form>/<field>")`);
      else if (rest.length && !hasField(form.schema as Record<string, unknown>, rest)) add(`${pointer}/${PREFILL_KEYWORD}`, `form "${formKey}" has no field "${rest.join('/')}"`);
    }
    if (isObject(schema.properties)) for (const [k, s] of Object.entries(schema.properties)) if (isObject(s)) walk(s, `${pointer}/properties/${escapePointer(k)}`);
    if (isObject(schema.items)) walk(schema.items, `${pointer}/items`);
  }
}

function hasField(schema: Record<string, unknown>, path: string[]): boolean {
  let node: unknown = schema;
  for (const seg of path) {
    if (!isObject(node)) return false;
    if (isObject(node.properties) && seg in node.properties) node = node.properties[seg];
    else if (isObject(node.items) && /^\d+$/.test(seg)) node = node.items;
    else return false;
  }
  return true;
}
