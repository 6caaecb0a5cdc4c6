import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Ajv, Options } from 'ajv';
import addFormats from 'ajv-formats';
import draft7MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };

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

/** The JSON Schema dialects a form may be written in. */
export type FormDialect = 'draft-07' | '2019-09' | '2020-12';

/** `$schema` URIs a form may declare, by dialect (with and without `#`, http and https). */
export const DIALECT_URIS: Record<string, FormDialect> = {
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'http://json-schema.org/draft/2019-09/schema': '2019-09',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'http://json-schema.org/draft/2020-12/schema': '2020-12',
};

/**
 * Formats exactly as the form widgets send them. `time` is what the browser's
 * time input gives (`10:30`, or `10:30:00` from rjsf), with an optional
 * fraction and zone; `data-url` is rjsf's file widget (`data:<type>;name=<file>;base64,...`);
 * `color` is rjsf's colour widget. The UI's validator registers the same
 * patterns (ui/src/forms/rjsf-locale.ts; a test compares them).
 */
export const FORM_FORMATS = {
  time: /^(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d+)?)?(?:[zZ]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/,
  'data-url': /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/,
  color: /^(#?([0-9A-Fa-f]{3}){1,2}\b|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|(rgb\(\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*\))|(rgb\(\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*\)))$/,
} as const;

/** Presentation keywords rjsf reads from a schema; they do not validate. */
export const ANNOTATION_KEYWORDS = ['enumNames', 'discriminator'] as const;

/**
 * Which dialect a form schema is written in: its `$schema`, else 2020-12 when
 * it uses `prefixItems` (which only 2020-12 knows), else draft-07 with the
 * 2019-09 keywords (`dependentRequired`, `dependentSchemas`, `$defs`, ...).
 * `null` when `$schema` names something else.
 */
export function formDialect(schema: unknown): FormDialect | null {
  if (!schema || typeof schema !== 'object') return 'draft-07';
  const declared = (schema as Record<string, unknown>).$schema;
  if (typeof declared === 'string') return DIALECT_URIS[declared.replace(/#$/, '')] ?? null;
  return JSON.stringify(schema).includes('"prefixItems"') ? '2020-12' : 'draft-07';
}

const OPTIONS: Options = {
  allErrors: true,
  messages: true,
  allowUnionTypes: true,
  // `$data` lets a field's limit be another field of the same form (`"minimum": { "$data": "1/kinderalter_von" }`).
  $data: true,
  // Strict only where it catches typos: unknown keywords and formats, bad numbers.
  // Type, tuple and required strictness refuse schemas rjsf renders fine.
  strictSchema: true,
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
};

function setUp(ajv: Ajv): Ajv {
  (addFormats as any).default ? (addFormats as any).default(ajv) : (addFormats as any)(ajv);
  for (const [name, pattern] of Object.entries(FORM_FORMATS)) ajv.addFormat(name, pattern);
  ajv.addKeyword({ keyword: CATALOGUE_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: CONSENT_KEYWORD, schemaType: 'boolean' });
  ajv.addKeyword({ keyword: PREFILL_KEYWORD, schemaType: 'string' });
  // Checked against the day of the command by the runtime (today-check.ts), which knows `now`.
  ajv.addKeyword({ keyword: 'x-notInFuture', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'x-notInPast', schemaType: 'boolean' });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  return ajv;
}

/**
 * A new AJV instance for form schemas of a dialect, all errors at once.
 * Draft-07 schemas run on AJV's 2019-09 engine (a superset that also knows
 * `dependentRequired`, `dependentSchemas`, `$defs`, `unevaluated*`), with the
 * draft-07 meta-schema registered so `$schema: draft-07` is accepted.
 * `useDefaults` fills `default`s into the data, as rjsf does in the browser
 * (only on data the caller may change: the runtime validates a copy).
 */
export function createFormAjv(dialect: FormDialect = 'draft-07', options: { useDefaults?: boolean } = {}): Ajv {
  // A default where AJV cannot apply it (schema root, inside oneOf) is harmless for filling data;
  // the strict instance (lint) has checked the schema already.
  const opts = options.useDefaults ? { ...OPTIONS, useDefaults: true, strictSchema: false } : OPTIONS;
  if (dialect === '2020-12') return setUp(new Ajv2020(opts) as unknown as Ajv);
  const ajv = new Ajv2019(opts) as unknown as Ajv;
  ajv.addMetaSchema(draft7MetaSchema as object);
  return setUp(ajv);
}

/**
 * Teaches an instance the vendor keywords (`x-…`) a schema uses: they carry
 * tool data and never validate, so they are allowed wherever they appear.
 */
export function allowVendorKeywords(ajv: Ajv, schema: unknown): void {
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith('x-') && !ajv.getKeyword(k)) ajv.addKeyword({ keyword: k });
      visit(v);
    }
  };
  visit(schema);
}

/** One AJV instance per dialect (and defaults mode), compiled schemas kept by AJV. */
export class FormAjvPool {
  private readonly pool = new Map<string, Ajv>();

  /** The instance for `schema`'s dialect, knowing its vendor keywords. */
  forSchema(schema: unknown, options: { useDefaults?: boolean } = {}): Ajv {
    const dialect = formDialect(schema) ?? 'draft-07';
    const key = `${dialect}:${options.useDefaults ? 'd' : ''}`;
    let ajv = this.pool.get(key);
    if (!ajv) {
      ajv = createFormAjv(dialect, options);
      this.pool.set(key, ajv);
    }
    allowVendorKeywords(ajv, schema);
    return ajv;
  }
}
