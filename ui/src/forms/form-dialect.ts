/**
 * The JSON Schema dialect of a form and the formats its widgets send: the
 * UI's twin of engine/definition/form-ajv.ts (the UI imports engine code
 * only as types). tests/ui/form-dialect.test.ts checks that both agree.
 */

/** The JSON Schema dialects a form may be written in. */
export type FormDialect = 'draft-07' | '2019-09' | '2020-12';

const DIALECT_URIS: Record<string, FormDialect> = {
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2019-09/schema': '2019-09',
  'http://json-schema.org/draft/2019-09/schema': '2019-09',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'http://json-schema.org/draft/2020-12/schema': '2020-12',
};

/** Formats as the widgets send them: `time` without zone (`10:30`, `10:30:00`), rjsf's `data-url` and `color`. */
export const FORM_FORMATS = {
  time: /^(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d+)?)?(?:[zZ]|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/,
  'data-url': /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/,
  color: /^(#?([0-9A-Fa-f]{3}){1,2}\b|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|(rgb\(\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*\))|(rgb\(\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*\)))$/,
} as const;

/** `$schema`, else 2020-12 when `prefixItems` is used, else draft-07 (validated with the 2019-09 keywords too). */
export function formDialect(schema: unknown): FormDialect {
  if (!schema || typeof schema !== 'object') return 'draft-07';
  const declared = (schema as Record<string, unknown>).$schema;
  if (typeof declared === 'string') return DIALECT_URIS[declared.replace(/#$/, '')] ?? 'draft-07';
  return JSON.stringify(schema).includes('"prefixItems"') ? '2020-12' : 'draft-07';
}
