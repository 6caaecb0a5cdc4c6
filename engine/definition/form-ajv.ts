import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Keyword that ties a form field to an admin-maintained catalogue
 * (`"x-catalogue": "kitas"`). AJV only learns the keyword; the runtime checks
 * the values against the catalogue's entries.
 */
export const CATALOGUE_KEYWORD = 'x-catalogue';

/**
 * Keyword that marks a field as consent (`"x-consent": true`): lint refuses
 * a `default` or `const` on it, so nothing ever ticks it for the person.
 */
export const CONSENT_KEYWORD = 'x-consent';

/**
 * Keyword that gives a field its initial value from the case's data
 * (`"x-prefill": "/stammdaten/grundschule"`, a JSON pointer into the case
 * data); the person may change it.
 */
export const PREFILL_KEYWORD = 'x-prefill';

/**
 * An AJV instance for form schemas: strict (unknown keywords and formats are
 * errors, so a typo in a definition is caught at import), all errors at once,
 * the standard formats (date, email, ...).
 */
export function createFormAjv(): Ajv {
  // `$data` lets a field's limit be another field of the same form (`"minimum": { "$data": "1/kinderalter_von" }`).
  const ajv = new Ajv({ strict: true, allErrors: true, strictRequired: false, allowUnionTypes: true, messages: true, $data: true });
  addFormats.default ? (addFormats as any).default(ajv) : (addFormats as any)(ajv);
  ajv.addKeyword({ keyword: CATALOGUE_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: CONSENT_KEYWORD, schemaType: 'boolean' });
  ajv.addKeyword({ keyword: PREFILL_KEYWORD, schemaType: 'string' });
  // Checked against the day of the command by the runtime (today-check.ts), which knows `now`.
  ajv.addKeyword({ keyword: 'x-notInFuture', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-notInPast', schemaType: 'boolean' });
  // rjsf reads these presentation keywords from the schema; they do not validate.
  ajv.addVocabulary(['enumNames']);
  return ajv;
}
