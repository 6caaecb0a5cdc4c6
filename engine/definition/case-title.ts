import type { ErrorDetail } from '../errors.js';

/** `{form.field}` or `{form.field.sub}` in a case title template. */
const PLACEHOLDER = /\{([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)\}/g;

/** The forms a case title template reads (its placeholders' first segments). */
export function caseTitleForms(template: string | undefined): string[] {
  if (!template) return [];
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1].split('.')[0]))].sort();
}

const text = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join(', ');
  if (typeof v === 'object') return '';
  return String(v);
};

/**
 * Fills a case title template (`"{stammdaten.vorname} {stammdaten.nachname}"`)
 * from case data; null while every placeholder is still empty, so the
 * reference stands in.
 */
export function fillCaseTitle(template: string | undefined, data: Record<string, unknown>): string | null {
  if (!template) return null;
  let filled = false;
  const out = template.replace(PLACEHOLDER, (_, path: string) => {
    let v: unknown = data;
    for (const k of path.split('.')) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
    const s = text(v).trim();
    if (s) filled = true;
    return s;
  });
  return filled ? out.replace(/\s+/g, ' ').replace(/^[\s,·–-]+|[\s,·–-]+$/g, '').slice(0, 200) : null;
}

/**
 * Folds text for search as German and Turkish names are written and typed:
 * case, ä/ae, ö/oe, ü/ue, ß/ss, ı/i, other accents dropped.
 */
export function foldText(value: string): string {
  return value
    .toLocaleLowerCase('de')
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** The folded words of a text, for the search index and for queries. */
export function searchWords(value: string): string[] {
  return [...new Set(foldText(value).split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length > 0 && w !== '-'))];
}

/** Checks that every placeholder of `caseTitle` leads to a field of a form. */
export function lintCaseTitle(def: { caseTitle?: unknown; forms?: Record<string, { schema?: unknown }> }): ErrorDetail[] {
  if (typeof def.caseTitle !== 'string') return [];
  const problems: ErrorDetail[] = [];
  const placeholders = [...def.caseTitle.matchAll(PLACEHOLDER)].map((m) => m[1]);
  if (!placeholders.length) problems.push({ path: '/caseTitle', message: 'name at least one field, e.g. "{stammdaten.vorname} {stammdaten.nachname}"' });
  for (const path of placeholders) {
    const [form, ...keys] = path.split('.');
    let node: any = def.forms?.[form]?.schema;
    for (const k of keys) node = node && typeof node === 'object' ? node.properties?.[k] : undefined;
    if (node === undefined) problems.push({ path: '/caseTitle', message: `"{${path}}" does not lead to a field of a form` });
  }
  return problems;
}
