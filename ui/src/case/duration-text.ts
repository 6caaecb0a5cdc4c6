import type { MessageKey } from '../i18n/messages.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

const UNITS: Array<[RegExp, MessageKey, MessageKey]> = [
  [/(\d+)Y/, 'duration.year', 'duration.years'],
  [/(\d+)M/, 'duration.month', 'duration.months'],
  [/(\d+)W/, 'duration.week', 'duration.weeks'],
  [/(\d+)D/, 'duration.day', 'duration.days'],
];
const TIME_UNITS: Array<[RegExp, MessageKey, MessageKey]> = [
  [/(\d+)H/, 'duration.hour', 'duration.hours'],
  [/(\d+)M/, 'duration.minute', 'duration.minutes'],
];

/**
 * An ISO 8601 duration in words ("P21D" -> "21 Tage"); anything else (a
 * named delay) is returned unchanged.
 */
export function durationText(iso: string, t: T): string {
  const m = /^P([^T]*)(?:T(.*))?$/.exec(iso);
  if (!m) return iso;
  const parts: string[] = [];
  for (const [re, one, many] of UNITS) {
    const hit = re.exec(m[1]);
    if (hit) parts.push(t(Number(hit[1]) === 1 ? one : many, { n: hit[1] }));
  }
  for (const [re, one, many] of TIME_UNITS) {
    const hit = m[2] ? re.exec(m[2]) : null;
    if (hit) parts.push(t(Number(hit[1]) === 1 ? one : many, { n: hit[1] }));
  }
  return parts.length ? parts.join(' ') : iso;
}

const AFTER: Array<[RegExp, MessageKey, MessageKey, boolean]> = [
  [/^P(?:[^T]*?)(\d+)Y/, 'duration.year', 'duration.yearsAfter', false],
  [/^P(?:[^T]*?)(\d+)M/, 'duration.month', 'duration.monthsAfter', false],
  [/^P(?:[^T]*?)(\d+)W/, 'duration.week', 'duration.weeksAfter', false],
  [/^P(?:[^T]*?)(\d+)D/, 'duration.day', 'duration.daysAfter', false],
  [/T(?:.*?)(\d+)H/, 'duration.hour', 'duration.hoursAfter', true],
  [/T(?:.*?)(\d+)M/, 'duration.minute', 'duration.minutesAfter', true],
];

/**
 * A deadline in words as people say it: "P14D" -> "nach 14 Tagen",
 * "P1M" -> "nach 1 Monat"; anything else (a named delay) unchanged.
 */
export function afterText(iso: string, t: T): string {
  if (!/^P(?!$)(\d+[YMWD])*(T(\d+[HMS])+)?$/.test(iso)) return iso;
  const parts: string[] = [];
  for (const [re, one, many, isTime] of AFTER) {
    if (isTime && !iso.includes('T')) continue;
    const hit = re.exec(isTime ? iso.slice(iso.indexOf('T')) : iso.split('T')[0]);
    if (hit) parts.push(t(Number(hit[1]) === 1 ? one : many, { n: hit[1] }));
  }
  return parts.length ? t('diagram.after', { what: parts.join(' ') }) : iso;
}

/** A measured time in words, in the largest fitting unit ("3 Tage", "5 Stunden", "unter 1 Minute"). */
export function elapsedText(ms: number, t: T): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t('duration.underMinute');
  if (minutes < 60) return t(minutes === 1 ? 'duration.minute' : 'duration.minutes', { n: minutes });
  const hours = Math.round(ms / 3_600_000);
  if (hours < 24) return t(hours === 1 ? 'duration.hour' : 'duration.hours', { n: hours });
  const days = Math.round(ms / 86_400_000);
  return t(days === 1 ? 'duration.day' : 'duration.days', { n: days });
}
