import { CATALOGUE_KEYWORD } from './form-ajv.js';
import { applyConditionals, mergeSchemas, type CatalogueEntries } from './sample-data.js';

/** What {@link formVariants} needs besides the schema. */
export interface VariantOptions {
  catalogues: CatalogueEntries;
  /** The simulated clock: generated dates lie around it, year fields next to it. */
  now: Date;
  /** Form key, to find the rules that compare this form's fields (`data.<form>.<field>`). */
  form?: string;
  /** Guards and delay rules of the definition(s); comparisons with literals give extra variants. */
  rules?: unknown[];
  /** At most this many variants (default 24). */
  max?: number;
}

type DateMode = 'future' | 'reverse' | 'past';
interface Gen {
  full: boolean;
  dates: DateMode;
  now: Date;
  catalogues: CatalogueEntries;
  k: number;
}

const DAY = 86_400_000;
const choicesOf = (s: any): unknown[] | null => {
  if (!s || typeof s !== 'object') return null;
  if (Array.isArray(s.enum)) return s.enum;
  const branches = s.oneOf ?? s.anyOf;
  if (Array.isArray(branches) && branches.every((b: any) => b && 'const' in b)) return branches.map((b: any) => b.const);
  if (s.type === 'boolean') return [true, false];
  return null;
};
const isDataRef = (v: unknown) => typeof v === 'object' && v !== null && '$data' in v;
const numberOr = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
const isYear = (s: any) => (s.type === 'integer' || s.type === 'number') && s.minimum >= 1900 && s.minimum <= 2200 && (s.maximum ?? 9999) <= 9999;

function dateAt(g: Gen): string {
  const k = g.k++;
  const offset = g.dates === 'future' ? (k + 1) * 7 : g.dates === 'reverse' ? (60 - k) * 7 : -(60 - k) * 7;
  return new Date(g.now.getTime() + offset * DAY).toISOString().slice(0, 10);
}

/** A deterministic value: `full` fills every property with the first choice, minimal only the required ones with the last. */
function build(schema: any, g: Gen, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  if ('const' in schema) return schema.const;
  const choices = choicesOf(schema);
  if (choices && choices.length) return g.full ? choices[0] : choices[choices.length - 1];
  const catalogue = schema[CATALOGUE_KEYWORD];
  if (typeof catalogue === 'string') {
    const values = [...(g.catalogues[catalogue] ?? [])];
    if (values.length) return g.full ? values[0] : values[values.length - 1];
  }
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const { oneOf, anyOf, ...rest } = schema;
    return build(mergeSchemas([rest, (oneOf ?? anyOf)[0]]), g, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return build(mergeSchemas([rest, ...allOf]), g, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      if (schema.format === 'date') return dateAt(g);
      if (schema.format === 'date-time') return `${dateAt(g)}T10:00:00.000Z`;
      if (schema.format === 'email') return 'person@example.org';
      if (schema.format === 'uri' || schema.format === 'url') return 'https://example.org/a';
      if (schema.format === 'time') return '10:30:00';
      return 'Beispiel Lindenhof'.padEnd(schema.minLength ?? 0, '.').slice(0, schema.maxLength ?? 200);
    case 'integer':
    case 'number':
      if (isYear(schema)) return Math.min(g.now.getUTCFullYear() + 1, schema.maximum ?? 9999);
      // A bound taken from another field (`{ "$data": "1/von" }`) is unknown here: the far end of the range satisfies it.
      if (isDataRef(schema.minimum) || isDataRef(schema.exclusiveMinimum)) return typeof schema.maximum === 'number' ? schema.maximum : 100;
      return numberOr(schema.minimum, numberOr(schema.exclusiveMinimum, 0) + 1);
    case 'boolean':
      return g.full;
    case 'array': {
      const items = schema.items ?? { type: 'string' };
      const itemChoices = choicesOf(items) ?? (typeof items[CATALOGUE_KEYWORD] === 'string' ? [...(g.catalogues[items[CATALOGUE_KEYWORD]] ?? [])] : null);
      const min = Math.max(schema.minItems ?? 0, schema.contains ? 1 : 0);
      if (itemChoices && items.type !== 'boolean') {
        const n = g.full ? Math.min(itemChoices.length, schema.maxItems ?? itemChoices.length) : Math.max(min, 0);
        return itemChoices.slice(0, n);
      }
      const n = g.full ? Math.max(min, 1) : min;
      const out: unknown[] = schema.contains ? [build(schema.contains, g, depth + 1)] : [];
      while (out.length < n) out.push(build(items, g, depth + 1));
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [key, sub] of Object.entries<any>(schema.properties ?? {})) {
        if (g.full || required.has(key)) out[key] = build(sub, g, depth + 1);
      }
      return out;
    }
    default:
      return null;
  }
}

/** The fields of `form` that rules read (`data.<form>.<field>`, `case.parent.data.<form>.<field>`, `event.data.<field>`). */
function fieldsRead(rules: unknown[], form: string): Set<string> {
  const out = new Set<string>();
  const prefixes = [`data.${form}.`, `case.parent.data.${form}.`, 'event.data.'];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      const name = k === 'var' ? (Array.isArray(v) ? v[0] : v) : undefined;
      for (const prefix of prefixes) if (typeof name === 'string' && name.startsWith(prefix)) out.add(name.slice(prefix.length).split('.')[0]);
      visit(v);
    }
  };
  visit(rules);
  return out;
}

/** Date-order comparisons between two fields of `form` (`a < b`, `a <= b`, ...) as pairs [earlier, later]. */
function orderPairs(rules: unknown[], form: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const prefix = `data.${form}.`;
  const fieldOf = (v: unknown): string | null => {
    const name = v && typeof v === 'object' && !Array.isArray(v) ? (v as { var?: unknown }).var : undefined;
    const path = Array.isArray(name) ? name[0] : name;
    return typeof path === 'string' && path.startsWith(prefix) ? path.slice(prefix.length).split('.')[0] : null;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [op, args] of Object.entries(node)) {
      if (['<', '<=', '>', '>='].includes(op) && Array.isArray(args) && args.length === 2) {
        const [a, b] = [fieldOf(args[0]), fieldOf(args[1])];
        if (a && b && a !== b) out.push(op.startsWith('<') ? [a, b] : [b, a]);
      }
      visit(args);
    }
  };
  visit(rules);
  return out;
}

/** Reassigns the date fields of a value so that every `[earlier, later]` pair holds (dates a week apart, by rank). */
function ordered(value: Record<string, unknown>, schema: any, pairs: Array<[string, string]>, now: Date): Record<string, unknown> | null {
  if (!pairs.length) return null;
  const rank = new Map<string, number>();
  for (let round = 0; round < 8; round++) for (const [a, b] of pairs) rank.set(b, Math.max(rank.get(b) ?? 0, (rank.get(a) ?? 0) + 1));
  const at = (r: number) => new Date(now.getTime() + (r + 1) * 7 * DAY).toISOString().slice(0, 10);
  const out = { ...value };
  for (const [key, sub] of Object.entries<any>(schema?.properties ?? {})) {
    const r = rank.get(key) ?? 0;
    if (sub?.format === 'date' && typeof out[key] === 'string') out[key] = at(r * 2);
    if (sub?.type === 'array' && sub.items?.format === 'date' && Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((_, i) => at(r * 2 + i));
  }
  return out;
}

/** Comparisons `{"op": [{"var": "data.<form>.<field>"}, literal]}` in rules: field -> literals. */
function literalsByField(rules: unknown[], form: string): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const prefix = `data.${form}.`;
  const fieldOf = (v: unknown): string | null => {
    const name = v && typeof v === 'object' && !Array.isArray(v) ? (v as { var?: unknown }).var : undefined;
    const path = Array.isArray(name) ? name[0] : name;
    return typeof path === 'string' && path.startsWith(prefix) && !path.slice(prefix.length).includes('.') ? path.slice(prefix.length) : null;
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [op, args] of Object.entries(node)) {
      if (['==', '===', '!=', '!==', '<', '<=', '>', '>=', 'in'].includes(op) && Array.isArray(args) && args.length === 2) {
        for (const [a, b] of [args, [...args].reverse()]) {
          const field = fieldOf(a);
          if (field && (b === null || typeof b !== 'object')) out.set(field, [...(out.get(field) ?? []), b]);
          if (field && op === 'in' && Array.isArray(b)) out.set(field, [...(out.get(field) ?? []), ...b]);
        }
      }
      visit(args);
    }
  };
  visit(rules);
  return out;
}

/**
 * A small, deterministic list of candidate values for a form schema, meant to
 * take every branch a guard over the form can take: a full and a minimal
 * value, dates in order, reversed and in the past (date-order guards), every
 * choice of each enum/boolean field, numbers just above the minimum, year
 * fields next to the clock's year, and the literals that rules compare the
 * form's fields with (and their neighbours); given `rules`, only the fields
 * they read are varied. Values are not validated here:
 * callers check them with the form's validator and drop the ones it rejects.
 */
export function formVariants(schema: any, options: VariantOptions): unknown[] {
  const gen = (full: boolean, dates: DateMode = 'future') => {
    const g: Gen = { full, dates, now: options.now, catalogues: options.catalogues, k: 0 };
    const value = build(schema, g) as Record<string, unknown>;
    applyConditionals(schema, value, (s) => build(s, { ...g, full: true }));
    return value;
  };
  const pairs = options.form ? orderPairs(options.rules ?? [], options.form) : [];
  const natural = gen(true);
  const minimal = gen(false);
  const orderedFull = ordered(natural, schema, pairs, options.now);
  // Dates that satisfy the date-order rules, and dates in property order: a rule may demand either order.
  const bases = orderedFull && JSON.stringify(orderedFull) !== JSON.stringify(natural) ? [orderedFull, natural] : [natural];
  const full = bases[0];
  const out: unknown[] = [...bases, ordered(minimal, schema, pairs, options.now) ?? minimal, minimal, gen(true, 'reverse'), gen(true, 'past')];
  const props = Object.entries<any>(schema?.properties ?? {});
  const withField = (key: string, value: unknown) => {
    for (const base of bases) {
      const v = { ...base, [key]: value };
      applyConditionals(schema, v, (s) => build(s, { full: true, dates: 'future', now: options.now, catalogues: options.catalogues, k: 0 }));
      out.push(v);
    }
  };
  const literals = options.form ? literalsByField(options.rules ?? [], options.form) : new Map<string, unknown[]>();
  // Without rules every field varies; with them only the fields some rule reads (the others cannot change a branch).
  const read = options.rules && options.form ? fieldsRead(options.rules, options.form) : null;
  for (const [key, sub] of props) {
    if (read && !read.has(key)) continue;
    for (const c of choicesOf(sub) ?? []) withField(key, c);
    if (sub?.type === 'integer' || sub?.type === 'number') {
      const base = full[key] as number;
      for (const d of [1, 2]) withField(key, base + d);
      if (isYear(sub)) withField(key, sub.minimum);
    }
    if (sub?.type === 'array' && Array.isArray(full[key]) && (full[key] as unknown[]).length > 1) {
      withField(key, (full[key] as unknown[]).slice(0, 1));
      withField(key, (full[key] as unknown[]).slice(-1));
    }
    for (const lit of literals.get(key) ?? []) {
      withField(key, lit);
      if (typeof lit === 'number') [lit - 1, lit + 1].forEach((n) => withField(key, n));
    }
  }
  const seen = new Set<string>();
  return out.filter((v) => !seen.has(JSON.stringify(v)) && !!seen.add(JSON.stringify(v))).slice(0, options.max ?? 24);
}
