import { officeToday } from '../i18n/office-time.js';
import type { JsonSchema } from '../api/types.js';

/** One field that fails a check against today: where, which keyword, and the limit. */
export interface TodayProblem {
  pointer: string;
  code: 'x-notInFuture' | 'x-notInPast';
  limit: string | number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The checks the server makes against the day of the command
 * (`x-notInFuture` on dates, `x-notInPast` on dates and years), made in
 * the browser too, so a birth date in 2031 is refused before sending.
 * `today` is `YYYY-MM-DD`. Pure.
 */
export function todayProblems(schema: JsonSchema, data: unknown, today: string): TodayProblem[] {
  const out: TodayProblem[] = [];
  const year = Number(today.slice(0, 4));
  const walk = (node: unknown, value: unknown, pointer: string) => {
    if (!isObject(node) || value === undefined || value === null) return;
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
      const day = value.slice(0, 10);
      if (node['x-notInFuture'] === true && day > today) out.push({ pointer, code: 'x-notInFuture', limit: today });
      if (node['x-notInPast'] === true && day < today) out.push({ pointer, code: 'x-notInPast', limit: today });
    }
    if (typeof value === 'number' && node['x-notInPast'] === true && value < year) out.push({ pointer, code: 'x-notInPast', limit: year });
    if (isObject(value) && isObject(node.properties)) for (const [k, sub] of Object.entries(node.properties)) walk(sub, value[k], `${pointer}/${k}`);
    if (Array.isArray(value) && isObject(node.items)) value.forEach((v, i) => walk(node.items, v, `${pointer}/${i}`));
  };
  walk(schema, data, '');
  return out;
}

/** Today in the office's time zone (as the server checks it), as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  return officeToday(now);
}
