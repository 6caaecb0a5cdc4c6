import { itemSchemaAt, type Definition, type OfferSpec } from '../definition/index.js';

/** `offer.items` of a definition: the list whose entries are public entries of their own. */
export type OfferItemsSpec = NonNullable<OfferSpec['items']>;

/** Separates a case id from an entry's position in an offer entry's id (`<case id>.<n>`). */
const ITEM_SEPARATOR = '.';

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The public id of an entry of a list: the offer's case id and the entry's
 * position (1-based). Stable, because a collection only grows: the third
 * lecture of a programme stays `<id>.3`.
 */
export const itemOfferId = (caseId: string, n: number): string => `${caseId}${ITEM_SEPARATOR}${n}`;

/** The case id and (for an entry of a list) the position an offer id names. */
export function parseOfferId(id: string): { caseId: string; n: number | null } {
  const at = id.indexOf(ITEM_SEPARATOR);
  if (at < 0) return { caseId: id, n: null };
  return { caseId: id.slice(0, at), n: Number(id.slice(at + 1)) };
}

/** What the store projects of each entry: the list, whether it is a collection form, name -> pointer in the entry. */
export function itemsProjection(def: Definition, items: OfferItemsSpec): { list: string; collection: boolean; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(items.record)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) value.forEach((p, i) => (fields[`${name}.${i}`] = p));
  }
  const parts = items.list.slice(1).split('/');
  return { list: items.list, collection: parts.length === 1 && def.forms[parts[0]]?.collection === true, fields };
}

/** The schema node of a field of an entry (`/titel`), for its `x-catalogue`. */
export function itemFieldSchema(def: Definition, items: OfferItemsSpec, pointer: string): Record<string, any> | undefined {
  let node: any = itemSchemaAt(def, items.list);
  for (const key of pointer.slice(1).split('/')) node = node?.type === 'array' ? node.items?.properties?.[key] : node?.properties?.[key];
  return isObject(node) ? node : undefined;
}

/**
 * The registration data an entry's page starts with: its title in the
 * registration form's field of chosen entries (`choice`), as a list when
 * that field is a list. Nothing when the form has no such field.
 */
export function prefillFor(items: OfferItemsSpec, form: unknown, title: string): Record<string, unknown> | undefined {
  if (!items.choice || !isObject(form) || !isObject(form.properties)) return undefined;
  const field = form.properties[items.choice];
  if (!isObject(field)) return undefined;
  return { [items.choice]: field.type === 'array' ? [title] : title };
}
