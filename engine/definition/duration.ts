import { parse, type Duration } from 'iso8601-duration';
import { Temporal } from 'temporal-polyfill';

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

/** The zone an office keeps its calendar in unless configured otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Whether `zone` is an IANA time zone the calendar arithmetic knows (`Europe/Berlin`). */
export function isTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds an ISO 8601 duration to an instant by the office's calendar in
 * `timeZone`: years, months, weeks and days move the local date and keep the
 * wall-clock time (P1D across a daylight-saving change is 23 or 25 hours),
 * month ends clamp (31 January + P1M = 28/29 February); hours, minutes and
 * seconds are exact elapsed time (PT24H is always 24 hours). This is
 * Temporal's `ZonedDateTime.add` (RFC 5545 semantics).
 * @throws Error if `text` is not a duration; lint rejects those before.
 */
export function addDuration(date: Date, text: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const parsed = parseDuration(text);
  if (!parsed) throw new Error(`not an ISO 8601 duration: ${text}`);
  const p = parsed.parts;
  const sign = parsed.negative ? -1 : 1;
  // Hours, minutes and seconds alone are exact elapsed time in every zone: no calendar needed.
  if (!p.years && !p.months && !p.weeks && !p.days) {
    return new Date(date.getTime() + sign * Math.round(((p.hours ?? 0) * 3600 + (p.minutes ?? 0) * 60 + (p.seconds ?? 0)) * 1000));
  }
  // A command counts its tasks' due dates again from the instants the states were entered, and the
  // zone's offset rules make each count cost more than the rest of the step: remember the results.
  const key = `${date.getTime()} ${timeZone} ${text}`;
  const known = added.get(key);
  if (known !== undefined) return new Date(known);
  const seconds = p.seconds ?? 0;
  const duration = {
    years: p.years ?? 0,
    months: p.months ?? 0,
    weeks: p.weeks ?? 0,
    days: p.days ?? 0,
    hours: p.hours ?? 0,
    minutes: p.minutes ?? 0,
    seconds: Math.trunc(seconds),
    milliseconds: Math.round((seconds - Math.trunc(seconds)) * 1000),
  };
  const start = Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);
  const end = (sign < 0 ? start.subtract(duration) : start.add(duration)).epochMilliseconds;
  if (added.size >= 4096) added.delete(added.keys().next().value!);
  added.set(key, end);
  return new Date(end);
}

/** Results of {@link addDuration} by instant, zone and duration, oldest first. */
const added = new Map<string, number>();

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The instant a deadline value stands for: a date without time (`2027-03-01`,
 * from a form's date field) is local midnight in `timeZone` (in Berlin
 * 23:00 or 22:00 UTC the day before); anything else is read as a date-time
 * (or epoch milliseconds). `null` when it is not a date.
 */
export function deadlineInstant(value: string | number, timeZone: string = DEFAULT_TIME_ZONE): Date | null {
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    try {
      return new Date(Temporal.PlainDate.from(value, { overflow: 'reject' }).toZonedDateTime({ timeZone }).epochMilliseconds);
    } catch {
      return null;
    }
  }
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function localDay(date: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  // Every submission of a form with a date field asks for today: keep the last day asked per zone with the instants it spans.
  const t = date.getTime();
  const known = days.get(timeZone);
  if (known && t >= known.from && t < known.to) return known.day;
  const day = Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timeZone).toPlainDate();
  const span = { day: day.toString(), from: day.toZonedDateTime({ timeZone }).epochMilliseconds, to: day.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds };
  days.set(timeZone, span);
  return span.day;
}

/** The day {@link localDay} named last in each zone, and the instants from (inclusive) and to (exclusive) it spans. */
const days = new Map<string, { day: string; from: number; to: number }>();
