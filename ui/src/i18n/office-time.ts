/**
 * The office's calendar zone. Deadlines are computed on the server in this
 * zone (`AGORA_TIME_ZONE`, default Europe/Berlin); the UI shows every moment
 * in it too, so a deadline at 00:00 in Berlin reads as that day on a laptop
 * set to another zone.
 */
export const OFFICE_TIME_ZONE = 'Europe/Berlin';

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats a plain date (`YYYY-MM-DD`, a calendar day as is) or a moment (ISO
 * date-time, shown in {@link OFFICE_TIME_ZONE}) with `options`; returns the
 * input unchanged when it is not a date.
 */
export function formatOfficeDate(iso: string, locale: string, options: Intl.DateTimeFormatOptions, timeZone: string = OFFICE_TIME_ZONE): string {
  const m = PLAIN_DATE.exec(iso);
  // A calendar day has no zone: format it as the same day in UTC.
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: m ? 'UTC' : timeZone }).format(d);
}

/** Today in the office's zone, as `YYYY-MM-DD` (for "not in the future" checks in forms). */
export function officeToday(now: Date = new Date(), timeZone: string = OFFICE_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
