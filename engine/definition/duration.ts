import { parse, type Duration } from 'iso8601-duration';

// Stricter than the library's pattern: at least one component, "T" only before
// time components, an optional leading minus for offsets before a date.
const STRICT = /^-?P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:[.,]\d+)?S)?)?$/;

/** A parsed ISO 8601 duration with its sign. */
export interface SignedDuration {
  negative: boolean;
  parts: Duration;
}

/** Parses an ISO 8601 duration such as `P14D`, `PT1S` or `-P2W`; `null` if it is not one. */
export function parseDuration(text: string): SignedDuration | null {
  if (typeof text !== 'string') return null;
  // Definitions use a handful of durations, parsed on every step: remember them.
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  const negative = text.startsWith('-');
  const result = STRICT.test(text) ? { negative, parts: parse(negative ? text.slice(1) : text) } : null;
  if (parsed.size < 10_000) parsed.set(text, result);
  return result;
}

const parsed = new Map<string, SignedDuration | null>();

/** Whether `text` is an ISO 8601 duration the engine can schedule. */
export function isDuration(text: string): boolean {
  return parseDuration(text) !== null;
}

/**
 * Adds a duration to a date by the calendar (P1M from 31 Jan is the end of
 * February's overflow, as JavaScript dates do), in UTC.
 * @throws Error if `text` is not a duration; lint rejects those before.
 */
export function addDuration(date: Date, text: string): Date {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`not an ISO 8601 duration: ${text}`);
  const s = parsed.negative ? -1 : 1;
  const p = parsed.parts;
  const d = new Date(date.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + s * (p.years ?? 0));
  d.setUTCMonth(d.getUTCMonth() + s * (p.months ?? 0));
  d.setUTCDate(d.getUTCDate() + s * ((p.weeks ?? 0) * 7 + (p.days ?? 0)));
  const ms = ((p.hours ?? 0) * 3600 + (p.minutes ?? 0) * 60 + (p.seconds ?? 0)) * 1000;
  return new Date(d.getTime() + s * ms);
}
