import { DEFAULT_TIME_ZONE, localDay } from '../definition/index.js';
import type { ErrorDetail } from '../errors.js';

/** A date field that may not lie after the day of the command (a birth date, "erklärt am"). */
export const NOT_IN_FUTURE = 'x-notInFuture';
/** A date (or a year, for an integer field) that may not lie before the day (year) of the command (the school year). */
export const NOT_IN_PAST = 'x-notInPast';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Plausibility against the day of the command, which JSON Schema cannot
 * express: `"x-notInFuture": true` on a date (or date-time) field refuses a
 * day after today; `"x-notInPast": true` refuses a day before today, or on
 * an integer field a year before this year. Pure: today comes from the
 * command's `now`, as a day of the office's calendar (`timeZone`, Berlin
 * by default: at 00:30 in Berlin it is already tomorrow there). Problems carry the keyword as `code` and the limit
 * in `params`, like the schema's own problems.
 */
export function checkToday(schema: unknown, data: unknown, now: Date, timeZone: string = DEFAULT_TIME_ZONE): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const today = localDay(now, timeZone);
  const year = Number(today.slice(0, 4));
  const walk = (node: unknown, value: unknown, pointer: string) => {
    if (!isObject(node) || value === undefined || value === null) return;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      const day = value.slice(0, 10);
      if (node[NOT_IN_FUTURE] === true && day > today) problems.push({ path: pointer || '/', message: `darf nicht nach dem ${today} liegen`, code: NOT_IN_FUTURE, params: { limit: today } });
      if (node[NOT_IN_PAST] === true && day < today) problems.push({ path: pointer || '/', message: `darf nicht vor dem ${today} liegen`, code: NOT_IN_PAST, params: { limit: today } });
    }
    if (typeof value === 'number' && node[NOT_IN_PAST] === true && value < year) {
      problems.push({ path: pointer || '/', message: `muss ${year} oder später sein`, code: NOT_IN_PAST, params: { limit: year } });
    }
    if (isObject(value) && isObject(node.properties)) {
      for (const [k, sub] of Object.entries(node.properties)) walk(sub, value[k], `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    if (Array.isArray(value) && isObject(node.items)) value.forEach((v, i) => walk(node.items, v, `${pointer}/${i}`));
  };
  walk(schema, data, '');
  return problems;
}
