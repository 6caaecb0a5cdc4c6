import { CATALOGUE_KEYWORD } from './form-ajv.js';

/** A source of randomness in [0, 1): `Math.random`, a seeded PRNG, or fast-check's. */
export type Random = () => number;

/** Catalogue entries by catalogue key (`x-catalogue` fields take one of these values). */
export type CatalogueEntries = Record<string, ReadonlySet<string>>;

/** A small seeded PRNG (mulberry32), so generated data is repeatable. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
const WORDS = ['Mia', 'Emil', 'Sonnenschein', 'Lindenhof', 'Gespräch', 'Portfolio', 'Elternabend', 'Hort', 'Übergabe', 'Öffnung'];

function isoDate(rnd: Random): string {
  const d = new Date(Date.UTC(2017 + Math.floor(rnd() * 9), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
  return d.toISOString().slice(0, 10);
}

function sampleString(schema: any, rnd: Random): string {
  if (schema.format === 'date') return isoDate(rnd);
  if (schema.format === 'date-time') return `${isoDate(rnd)}T10:00:00.000Z`;
  if (schema.format === 'email') return `person${Math.floor(rnd() * 1000)}@example.org`;
  if (schema.format === 'uri' || schema.format === 'url') return 'https://example.org/a';
  if (schema.format === 'time') return '10:30:00';
  const min = schema.minLength ?? 1;
  const max = schema.maxLength ?? 40;
  let text = `${pick(rnd, WORDS)} ${pick(rnd, WORDS)}`;
  while (text.length < min) text += ` ${pick(rnd, WORDS)}`;
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

/** Merges `allOf` parts (or a schema and one `oneOf` branch) into one object schema. */
export function mergeSchemas(parts: any[]): any {
  const out: any = { type: 'object', properties: {}, required: [] };
  for (const p of parts) {
    if (!p || typeof p !== 'object') continue;
    Object.assign(out.properties, p.properties ?? {});
    out.required.push(...(p.required ?? []));
    for (const k of Object.keys(p)) if (!['properties', 'required', 'type'].includes(k)) out[k] = p[k];
  }
  return out;
}

/**
 * Generates a random value for a JSON Schema (the subset forms use: objects,
 * enums, `const`/`oneOf` choices, formats, arrays with `contains`, `if`/`then`,
 * `x-catalogue` fields). Optional properties are filled at random. Not a
 * complete generator: callers check the result with the form's validator.
 */
export function sampleValue(schema: any, rnd: Random, catalogues: CatalogueEntries, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return pick(rnd, schema.enum);
  const catalogue = schema[CATALOGUE_KEYWORD];
  if (typeof catalogue === 'string') {
    const values = [...(catalogues[catalogue] ?? [])];
    if (values.length) return pick(rnd, values);
  }
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const branch = pick(rnd, (schema.oneOf ?? schema.anyOf) as any[]);
    const { oneOf: _o, anyOf: _a, ...rest } = schema;
    return sampleValue(Object.keys(rest).length > 1 ? mergeSchemas([rest, branch]) : branch, rnd, catalogues, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return sampleValue(mergeSchemas([rest, ...allOf]), rnd, catalogues, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return sampleString(schema, rnd);
    case 'integer':
    case 'number': {
      // Bounds from other fields (`{ "$data": ... }`) are not numbers here; callers check the result with the form's validator.
      const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
      const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) !== undefined ? num(schema.exclusiveMinimum)! + 1 : 0);
      const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined ? num(schema.exclusiveMaximum)! - 1 : min + 100);
      return min + Math.floor(rnd() * (max - min + 1));
    }
    case 'boolean':
      return rnd() < 0.5;
    case 'array': {
      const min = Math.max(schema.minItems ?? 0, schema.contains ? 1 : 0);
      const max = Math.min(schema.maxItems ?? min + 2, min + 3);
      const n = min + Math.floor(rnd() * (max - min + 1));
      const items: unknown[] = [];
      if (schema.contains) items.push(sampleValue(schema.contains, rnd, catalogues, depth + 1));
      for (let tries = 0; items.length < n && tries < n * 5; tries++) {
        const v = sampleValue(schema.items ?? { type: 'string' }, rnd, catalogues, depth + 1);
        if (schema.uniqueItems && items.some((o) => JSON.stringify(o) === JSON.stringify(v))) continue;
        items.push(v);
      }
      return items;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) {
        if (required.has(key) || rnd() < 0.6) out[key] = sampleValue(sub, rnd, catalogues, depth + 1);
      }
      for (const key of required) if (!(key in out)) out[key] = 'x';
      return out;
    }
    default:
      return null;
  }
}

/**
 * Applies `if`/`then`/`else` of an object schema (and of its `allOf` parts and
 * nested objects) to a generated value: fills what the chosen branch requires
 * with values from `generate`. Changes `value` in place.
 */
export function applyConditionals(schema: any, value: any, generate: (schema: any) => unknown): void {
  if (!schema || typeof schema !== 'object' || !value || typeof value !== 'object' || Array.isArray(value)) return;
  const conds = [schema, ...(Array.isArray(schema.allOf) ? schema.allOf : [])].filter((s) => s && s.if);
  for (const c of conds) {
    const branch = ifHolds(c.if, value) ? c.then : c.else;
    if (!branch) continue;
    const generated = generate({ type: 'object', ...branch, properties: { ...(branch.properties ?? {}) } }) as Record<string, unknown>;
    for (const key of [...(branch.required ?? []), ...Object.keys(branch.properties ?? {})]) {
      if (generated && key in generated) value[key] = generated[key];
    }
  }
  for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) applyConditionals(sub, value[key], generate);
}

/** A minimal evaluation of `if` schemas: `properties` with `const`/`enum`/`contains` and `required`. */
export function ifHolds(s: any, v: unknown): boolean {
  if (!s || typeof s !== 'object') return true;
  if ('const' in s) return JSON.stringify(s.const) === JSON.stringify(v);
  if (Array.isArray(s.enum)) return s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v));
  if (s.contains) return Array.isArray(v) && v.some((item) => ifHolds(s.contains, item));
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) return false;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    if (Array.isArray(s.required) && s.required.some((k: string) => !(k in obj))) return false;
    for (const [k, sub] of Object.entries<any>(s.properties ?? {})) {
      if (k in obj && !ifHolds(sub, obj[k])) return false;
    }
  }
  return true;
}
