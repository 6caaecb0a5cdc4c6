import type { Ajv } from 'ajv';
import { DIALECT_URIS, FormAjvPool, formDialect } from './form-ajv.js';
import { didYouMean } from './lint-hints.js';
import { escapePointer } from './walk-machine.js';

type Add = (path: string, message: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
/** Keywords whose value is a schema. */
const SCHEMA_VALUED = ['additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];

/**
 * Checks one form schema and reports every problem at its JSON pointer
 * (`<base>/properties/name/titel`), not only the first one AJV would throw
 * on: unknown keywords and formats (with a near-miss hint), unknown types,
 * the dialect's meta-schema, and finally whatever AJV still refuses when
 * compiling (an unresolvable `$ref`).
 */
export function lintFormSchema(schema: Record<string, unknown>, base: string, pool: FormAjvPool, add: Add): void {
  if (formDialect(schema) === null) {
    add(`${base}/$schema`, `"$schema" ${JSON.stringify(schema.$schema)} is not a supported dialect (${Object.keys(DIALECT_URIS).filter((u) => u.startsWith('https')).join(', ')})`);
    return;
  }
  const ajv = pool.forSchema(schema);
  const known = new Set(Object.keys((ajv as any).RULES.keywords as Record<string, unknown>));
  const formats = new Set(Object.keys((ajv as any).formats as Record<string, unknown>));
  const before = { count: 0 };
  const report: Add = (p, m) => {
    before.count++;
    add(p, m);
  };
  const reported = new Set<string>();
  walk(schema, base, { known, formats, report: (p, m) => (reported.add(p), report(p, m)) });
  metaProblems(ajv, schema, base, reported, report);
  if (before.count > 0) return;
  try {
    ajv.compile(schema);
  } catch (e) {
    add(base, `not a valid JSON Schema: ${(e as Error).message}`);
  }
}

interface WalkCtx {
  known: Set<string>;
  formats: Set<string>;
  report: Add;
}

function walk(node: unknown, pointer: string, ctx: WalkCtx): void {
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const p = `${pointer}/${escapePointer(key)}`;
    if (!ctx.known.has(key) && !key.startsWith('x-')) {
      const hint = key === 'prefixItems' || key === 'additionalItems' ? ' (prefixItems gehört zu 2020-12, additionalItems zu draft-07/2019-09)' : didYouMean(key, ctx.known);
      ctx.report(p, `unknown keyword "${key}"${hint}`);
      continue;
    }
    if (key === 'type') {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((t, i) => {
        if (typeof t === 'string' && !TYPES.includes(t)) ctx.report(Array.isArray(value) ? `${p}/${i}` : p, `"${t}" is not a JSON Schema type${didYouMean(t, TYPES)}`);
      });
    }
    if (key === 'format' && typeof value === 'string' && !ctx.formats.has(value)) {
      ctx.report(p, `unknown format "${value}" (known: ${[...ctx.formats].sort().join(', ')})${didYouMean(value, ctx.formats)}`);
    }
    if (key === 'x-file') lintFileSpec(value, node, p, ctx.report);
    if (SCHEMA_VALUED.includes(key)) walk(value, p, ctx);
    if (key === 'items') (Array.isArray(value) ? value.forEach((s, i) => walk(s, `${p}/${i}`, ctx)) : walk(value, p, ctx));
    if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) value.forEach((s, i) => walk(s, `${p}/${i}`, ctx));
    if ((SCHEMA_MAPS.includes(key) || key === 'dependencies') && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) walk(sub, `${p}/${escapePointer(name)}`, ctx);
    }
  }
}

/** The meta-schema's complaints, one per path, leaving out paths the walk already reported. */
function metaProblems(ajv: Ajv, schema: unknown, base: string, reported: Set<string>, add: Add): void {
  ajv.validateSchema(schema as object);
  const byPath = new Map<string, string>();
  for (const e of ajv.errors ?? []) {
    const path = `${base}${e.instancePath}`;
    // anyOf/oneOf summaries repeat the branch errors; one message per path is enough.
    if (byPath.has(path) || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    if ([...reported].some((r) => r === path || r.startsWith(`${path}/`))) continue;
    byPath.set(path, e.message ?? 'invalid');
  }
  for (const [path, message] of byPath) add(path, message);
}

/** `x-file: { maxBytes, accept }` on a `format: "data-url"` field: the upload's limits. */
function lintFileSpec(spec: unknown, node: Record<string, unknown>, pointer: string, add: Add): void {
  if (node.format !== 'data-url') add(pointer, '"x-file" belongs on a field with "format": "data-url"');
  if (!isObject(spec)) return add(pointer, '"x-file" is { "maxBytes": <bytes>, "accept": ["application/pdf", ...] }');
  for (const key of Object.keys(spec)) if (key !== 'maxBytes' && key !== 'accept') add(`${pointer}/${escapePointer(key)}`, `"x-file" has only "maxBytes" and "accept"${didYouMean(key, ['maxBytes', 'accept'])}`);
  if (spec.maxBytes !== undefined && !(Number.isInteger(spec.maxBytes) && (spec.maxBytes as number) > 0 && (spec.maxBytes as number) <= MAX_FILE_BYTES)) {
    add(`${pointer}/maxBytes`, `"maxBytes" is a whole number of bytes from 1 to ${MAX_FILE_BYTES} (a request carries at most 2 MiB of JSON)`);
  }
  if (spec.accept !== undefined && !(Array.isArray(spec.accept) && spec.accept.length > 0 && spec.accept.every((t) => typeof t === 'string' && /^[a-z]+\/[a-z0-9+.-]+$/.test(t)))) {
    add(`${pointer}/accept`, '"accept" lists content types, e.g. ["application/pdf", "image/jpeg"]');
  }
}

/** The largest file a field may allow: its base64 must fit the 2 MiB request body. */
const MAX_FILE_BYTES = 1_500_000;
