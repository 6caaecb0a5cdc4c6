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
