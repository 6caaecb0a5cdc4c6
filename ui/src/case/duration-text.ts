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
