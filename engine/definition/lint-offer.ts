import type { Definition } from './definition-schema.js';
import type { ErrorDetail } from '../errors.js';
import { fieldAt, holdsPersonalData, PERSONAL_FIELDS } from './lint-access.js';

type Add = (path: string, message: string) => void;
type ItemsSpec = NonNullable<Definition['offer']>['items'] & object;

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keyword that lets one field of a form with personal data into an offer's public record. */
export const PUBLIC_KEYWORD = 'x-public';

/**
 * Checks `offer`: its states exist, its pointers lead to form fields, and
 * the public record never reaches personal data. A pointer to a personal
 * field (by name or `"x-personal": true`) is refused; a pointer into a form
 * that holds personal data is refused unless that field says
 * `"x-public": true` (the author has checked it names no one).
 */
export function lintOffer(def: Definition): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const offer = def.offer;
  if (!offer) return problems;
  const add = (path: string, message: string) => problems.push({ path, message });
  const states = Object.keys(isObject(def.machine.states) ? def.machine.states : {});
  const checkStates = (list: readonly string[] | undefined, at: string) =>
    (list ?? []).forEach((s, i) => {
      if (!states.includes(s)) add(`${at}/${i}`, `state "${s}" is not a top-level state of the machine (${states.join(', ')})`);
    });
  checkStates(offer.states, '/offer/states');
  checkStates(offer.registration?.open, '/offer/registration/open');
  const checkPointer = (pointer: string, at: string) => {
    const field = fieldAt(def, pointer);
    if (field === undefined) return add(at, `"${pointer}" does not lead to a field of a form`);
    const form = pointer.split('/')[1];
    checkPublic(field, pointer, holdsPersonalData(def.forms[form]?.schema) ? `form "${form}"` : null, at, add);
  };
  const checkRecord = (record: Record<string, unknown>, at: string, check: (pointer: string, at: string) => void) => {
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === 'string') check(value, `${at}/${key}`);
      else if (Array.isArray(value)) value.forEach((p, i) => check(p, `${at}/${key}/${i}`));
    }
  };
  checkRecord(offer.record, '/offer/record', checkPointer);
  if (offer.items) lintItems(def, offer.items, add, checkRecord);
  if (offer.items?.choice && !offer.registration) add('/offer/items/choice', 'an entry is chosen in the registration form: declare "registration" too');
  if (offer.seats) checkPointer(offer.seats.total, '/offer/seats/total');
  if (offer.registration?.definition === def.key) add('/offer/registration/definition', 'the registration process must be another process, a child of this one');
  if (offer.seats && !offer.registration) add('/offer/seats', 'seats are counted among the registrations: declare "registration" too');
  return problems;
}

/**
 * Refuses a field that is personal data; a field of a schema that holds
 * personal data (`owner` names it) passes only when it says `"x-public": true`.
 */
function checkPublic(field: unknown, pointer: string, owner: string | null, at: string, add: Add): void {
  const name = pointer.split('/').pop() ?? '';
  if (PERSONAL_FIELDS.has(name) || (isObject(field) && field['x-personal'] === true) || holdsPersonalData(field) || holdsPersonalData(isObject(field) ? field.items : undefined)) {
    return add(at, `"${pointer}" is personal data and never part of a public record`);
  }
  if (owner && !(isObject(field) && field[PUBLIC_KEYWORD] === true)) {
    add(at, `${owner} holds personal data; mark the field "${PUBLIC_KEYWORD}": true if it names no one, or take it from another form`);
  }
}

/**
 * The schema of one entry of the list `pointer` leads to: the schema of a
 * collection form (`/veranstaltung`), or the `items` of a list field of
 * objects (`/kurs/termine_liste`); undefined when it is no such list.
 */
export function itemSchemaAt(def: Definition, pointer: string): Record<string, any> | undefined {
  const parts = pointer.slice(1).split('/');
  if (parts.length === 1) {
    const form = def.forms?.[parts[0]];
    return form?.collection && isObject(form.schema) ? (form.schema as Record<string, any>) : undefined;
  }
  const field = fieldAt(def, pointer);
  return isObject(field) && field.type === 'array' && isObject(field.items) && isObject(field.items.properties) ? field.items : undefined;
}

/** A field of a list entry, by a pointer relative to the entry (`/titel`). */
function entryFieldAt(item: Record<string, any>, pointer: string): unknown {
  let node: unknown = item;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    while (isObject(node) && node.type === 'array' && isObject(node.items)) node = node.items;
    node = isObject(node) && isObject(node.properties) ? node.properties[key] : undefined;
  }
  return node;
}

/** `offer.items`: a list, record pointers that lead into its entries, never personal data. */
function lintItems(def: Definition, items: ItemsSpec, add: Add, checkRecord: (record: Record<string, unknown>, at: string, check: (pointer: string, at: string) => void) => void): void {
  const item = itemSchemaAt(def, items.list);
  if (!item) return add('/offer/items/list', `"${items.list}" does not lead to a list: point to a collection form ("/form") or to a list field of objects ("/form/field")`);
  const form = items.list.split('/')[1];
  // The entry's own fields decide first; for a list field the whole form counts too.
  const owner = holdsPersonalData(item) ? `the list "${items.list}"` : holdsPersonalData(def.forms[form]?.schema) ? `form "${form}"` : null;
  checkRecord(items.record, '/offer/items/record', (pointer, at) => {
    const field = entryFieldAt(item, pointer);
    if (field === undefined) return add(at, `"${pointer}" does not lead to a field of an entry of "${items.list}" (pointers here are relative to the entry, e.g. "/titel")`);
    checkPublic(field, pointer, owner, at, add);
  });
}
