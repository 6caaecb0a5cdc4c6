import type { Definition } from './definition-schema.js';
import { CONSENT_KEYWORD } from './form-ajv.js';
import { escapePointer } from './walk-machine.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is one sub-schema, and those whose value is a list or a map of them. */
const ONE = ['items', 'if', 'then', 'else', 'not', 'additionalProperties', 'contains'] as const;
const LIST = ['allOf', 'anyOf', 'oneOf'] as const;
const MAP = ['properties', 'patternProperties', 'definitions', '$defs'] as const;

/**
 * Refuses a preset on a field marked as consent (`"x-consent": true`): a
 * `default` would tick the box for the person, and form tools fill a
 * `const` in the same way. Consent is given by the person, never preset
 * (DSGVO Art. 4(11), Art. 7; CJEU C-673/17). A consent that must be given
 * to go on is written `"enum": [true]`.
 */
export function lintConsent(def: Definition, add: (path: string, message: string) => void): void {
  for (const [key, form] of Object.entries(def.forms ?? {})) {
    if (isObject(form) && isObject(form.schema)) walk(form.schema, `/forms/${escapePointer(key)}/schema`, add);
  }
}

function walk(schema: Record<string, unknown>, pointer: string, add: (path: string, message: string) => void): void {
  if (schema[CONSENT_KEYWORD] === true) {
    if ('default' in schema) add(`${pointer}/default`, 'a consent field ("x-consent": true) must not have a default: consent is given by the person, never preset');
    if ('const' in schema) add(`${pointer}/const`, 'a consent field ("x-consent": true) must not have "const": form tools fill it in as a preset; to require consent write "enum": [true]');
  }
  for (const k of ONE) if (isObject(schema[k])) walk(schema[k] as Record<string, unknown>, `${pointer}/${k}`, add);
  for (const k of LIST) {
    const list = schema[k];
    if (Array.isArray(list)) list.forEach((s, i) => isObject(s) && walk(s, `${pointer}/${k}/${i}`, add));
  }
  for (const k of MAP) {
    const map = schema[k];
    if (isObject(map)) for (const [name, s] of Object.entries(map)) if (isObject(s)) walk(s, `${pointer}/${k}/${escapePointer(name)}`, add);
  }
}
