import { CATALOGUE_KEYWORD } from '../definition/index.js';
import type { CatalogueRow } from './ports.js';

/** Turns one CSV cell into the type the form field wants (German spreadsheets write "ja", "1,5", "a|b", "03.04.2020"). */
export function coerceCell(schema: any, raw: string): unknown {
  const text = raw.trim();
  if (text === '') return undefined;
  const type = Array.isArray(schema?.type) ? schema.type.find((t: string) => t !== 'null') : schema?.type;
  if (type === 'integer' && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'number' && /^-?\d+([.,]\d+)?$/.test(text)) return Number(text.replace(',', '.'));
  if (type === 'boolean') {
    if (/^(ja|yes|true|1|x)$/i.test(text)) return true;
    if (/^(nein|no|false|0)$/i.test(text)) return false;
  }
  if (type === 'array') return text.split(/[|;]/).map((s) => coerceCell(schema.items, s)).filter((v) => v !== undefined);
  if (type === 'string' && schema?.format === 'date') {
    const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    if (de) return `${de[3]}-${de[2].padStart(2, '0')}-${de[1].padStart(2, '0')}`;
  }
  return text;
}

/** A column's place in the form data: `['vorname']` or `['sorgeberechtigte', 0, 'name']`. */
export type FieldPath = Array<string | number>;

function byName(props: Record<string, any>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, sub] of Object.entries(props)) {
    names.set(key.toLowerCase(), key);
    if (typeof sub?.title === 'string') names.set(sub.title.toLowerCase(), key);
  }
  return names;
}

/**
 * Maps CSV headers to form fields, case-insensitively, by key or German
 * title. A list of objects is spread over numbered columns:
 * "Sorgeberechtigte 1 Name" or "sorgeberechtigte.1.name" (numbers from 1).
 */
export function headerPaths(schema: any, headers: string[]): Map<string, FieldPath> {
  const props = (schema?.properties ?? {}) as Record<string, any>;
  const top = byName(props);
  const out = new Map<string, FieldPath>();
  for (const header of headers) {
    const h = header.trim().toLowerCase();
    if (top.has(h)) {
      out.set(header, [top.get(h)!]);
      continue;
    }
    const m = /^(.+?)[ .](\d+)[ .](.+)$/.exec(h);
    const key = m && top.get(m[1].trim());
    const items = key ? props[key]?.items : undefined;
    if (!m || !key || props[key]?.type !== 'array' || items?.type !== 'object') continue;
    const sub = byName(items.properties ?? {}).get(m[3].trim());
    if (sub && Number(m[2]) >= 1) out.set(header, [key, Number(m[2]) - 1, sub]);
  }
  return out;
}

function schemaAt(schema: any, path: FieldPath): any {
  let s = schema;
  for (const step of path) s = typeof step === 'number' ? s?.items : s?.properties?.[step];
  return s;
}

/**
 * Builds one row's form data. Catalogue fields accept an entry's label as
 * well as its value, since people type what they see.
 */
export function rowToValue(
  schema: any,
  paths: Map<string, FieldPath>,
  record: Record<string, string>,
  catalogues: Record<string, CatalogueRow['entries']>,
): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [header, path] of paths) {
    const field = schemaAt(schema, path);
    let v = coerceCell(field, record[header] ?? '');
    if (v === undefined) continue;
    const catalogue = field?.[CATALOGUE_KEYWORD] ?? field?.items?.[CATALOGUE_KEYWORD];
    if (typeof catalogue === 'string') {
      const toValue = (cell: unknown) => {
        const text = String(cell).toLowerCase();
        const entry = (catalogues[catalogue] ?? []).find((e) => e.value.toLowerCase() === text || e.label.de.toLowerCase() === text || e.label.en?.toLowerCase() === text);
        return entry ? entry.value : cell;
      };
      v = Array.isArray(v) ? v.map(toValue) : toValue(v);
    }
    let target: any = value;
    path.forEach((step, i) => {
      if (i === path.length - 1) target[step] = v;
      else target = target[step] ??= typeof path[i + 1] === 'number' ? [] : {};
    });
  }
  // Numbered columns left empty must not leave holes in a list.
  for (const [key, v] of Object.entries(value)) if (Array.isArray(v)) value[key] = v.filter((x) => x !== undefined);
  return value;
}
