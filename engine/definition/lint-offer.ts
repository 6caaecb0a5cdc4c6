import type { Definition } from './definition-schema.js';
import type { ErrorDetail } from '../errors.js';
import { fieldAt, holdsPersonalData, PERSONAL_FIELDS } from './lint-access.js';

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
    const name = pointer.split('/').pop() ?? '';
    if (PERSONAL_FIELDS.has(name) || (isObject(field) && field['x-personal'] === true) || holdsPersonalData(field) || holdsPersonalData(isObject(field) ? field.items : undefined)) {
      return add(at, `"${pointer}" is personal data and never part of a public record`);
    }
    if (holdsPersonalData(def.forms[form]?.schema) && !(isObject(field) && field[PUBLIC_KEYWORD] === true)) {
      add(at, `form "${form}" holds personal data; mark the field "${PUBLIC_KEYWORD}": true if it names no one, or take it from another form`);
    }
  };
  for (const [key, value] of Object.entries(offer.record)) {
    const at = `/offer/record/${key}`;
    if (typeof value === 'string') checkPointer(value, at);
    else if (Array.isArray(value)) value.forEach((p, i) => checkPointer(p, `${at}/${i}`));
  }
  if (offer.seats) checkPointer(offer.seats.total, '/offer/seats/total');
  if (offer.registration?.definition === def.key) add('/offer/registration/definition', 'the registration process must be another process, a child of this one');
  if (offer.seats && !offer.registration) add('/offer/seats', 'seats are counted among the registrations: declare "registration" too');
  return problems;
}
