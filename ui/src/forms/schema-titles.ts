import type { JsonSchema } from '../api/types.js';
import { pointerSegments } from './server-errors.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `naechste_schritte` -> `Naechste schritte`: a readable fallback when a field has no title. */
export function humanize(key: string): string {
  const s = key.replace(/[_-]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The sub-schema at a JSON pointer into form data (through `properties` and `items`). */
export function schemaAt(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: unknown = schema;
  for (const seg of pointerSegments(pointer)) {
    if (!isObject(node)) return undefined;
    if (isObject(node.properties) && seg in node.properties) node = node.properties[seg];
    else if (isObject(node.items) && /^\d+$/.test(seg)) node = node.items;
    else return undefined;
  }
  return isObject(node) ? node : undefined;
}

/**
 * The person-facing name of the field at `pointer`: its schema title, else
 * the humanized property name; list positions read "Name (2.)".
 */
export function fieldTitle(schema: JsonSchema, pointer: string): string | undefined {
  const segs = pointerSegments(pointer);
  if (!segs.length) return undefined;
  const names: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const sub = schemaAt(schema, '/' + segs.slice(0, i + 1).join('/'));
    if (/^\d+$/.test(segs[i])) {
      if (names.length) names[names.length - 1] += ` (${Number(segs[i]) + 1}.)`;
      continue;
    }
    names.push(typeof sub?.title === 'string' ? sub.title : humanize(segs[i]));
  }
  return names.join(' › ');
}
