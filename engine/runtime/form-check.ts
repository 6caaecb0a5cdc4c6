import localizeDe from 'ajv-i18n/localize/de/index.js';
import type { ErrorObject } from 'ajv';
import type { CompiledDefinition } from '../definition/index.js';
import type { CatalogueValues } from './types.js';
import type { ErrorDetail } from '../errors.js';
import { checkToday } from './today-check.js';

/**
 * Validates a form submission against the form's compiled schema and the
 * catalogues its fields name. Returns every problem at once, with German
 * messages (staff read them) and JSON pointers into the form data. With
 * `now`, dates are also checked against the day (`x-notInFuture`, `x-notInPast`).
 */
export function checkForm(
  compiled: CompiledDefinition,
  form: string,
  data: unknown,
  catalogues: CatalogueValues = {},
  now?: Date,
  timeZone?: string,
): ErrorDetail[] {
  return prepareForm(compiled, form, data, catalogues, now, timeZone).problems;
}

/**
 * Fills the form's `default`s into a copy of the data (as rjsf does in the
 * browser, so API callers and people get the same result), then validates
 * the copy. Returns the filled copy and every problem.
 */
export function prepareForm(
  compiled: CompiledDefinition,
  form: string,
  input: unknown,
  catalogues: CatalogueValues = {},
  now?: Date,
  timeZone?: string,
): { value: unknown; problems: ErrorDetail[] } {
  const validate = compiled.validators[form];
  const problems: ErrorDetail[] = [];
  const data = input === undefined ? input : structuredClone(input);
  if (!validate(data)) {
    const errors = (validate.errors ?? []).map((e) => ({ ...e })) as ErrorObject[];
    localizeDe(errors);
    for (const e of errors) {
      // An if/then failure is reported again, precisely, at the field the `then` requires (#12).
      if (e.keyword === 'if') continue;
      const path = fieldPointer(e);
      problems.push({ path: path || '/', message: e.message ?? 'ungültig', code: e.keyword, params: { ...e.params } });
    }
  }
  for (const field of compiled.catalogueFields[form] ?? []) {
    let value: unknown = data;
    for (const key of field.path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null || value === '') continue;
    const allowed = catalogues[field.catalogue];
    const values = field.isArray && Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      if (!allowed || !allowed.has(String(v))) {
        const pointer = `/${field.path.join('/')}${field.isArray ? `/${i}` : ''}`;
        problems.push({ path: pointer, message: `"${String(v)}" ist kein Eintrag des Katalogs ${field.catalogue}`, code: 'catalogue' });
      }
    });
  }
  if (now) problems.push(...checkToday(compiled.definition.forms[form]?.schema, data, now, timeZone));
  return { value: data, problems };
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Where a problem belongs: `required`, `dependentRequired`, `dependencies`
 * and `additionalProperties` report on the parent object; point at the
 * missing or extra field instead, so the UI shows the message there.
 */
function fieldPointer(e: ErrorObject): string {
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (typeof params.missingProperty === 'string') return `${e.instancePath}/${escape(params.missingProperty)}`;
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') return `${e.instancePath}/${escape(params.additionalProperty)}`;
  return e.instancePath;
}
