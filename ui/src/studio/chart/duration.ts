/**
 * The duration picker's model: an amount and a unit, written as the ISO 8601
 * duration the engine schedules ("14 Tage" -> `P14D`, "2 Stunden" -> `PT2H`).
 */

/** Units the picker offers. */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration as the picker shows it. */
export interface PickedDuration {
  amount: number;
  unit: DurationUnit;
}

const LETTER: Record<DurationUnit, string> = { minutes: 'TM', hours: 'TH', days: 'D', weeks: 'W', months: 'M', years: 'Y' };

/** Writes a picked duration as ISO 8601: `{ 14, days }` -> `P14D`, `{ 2, hours }` -> `PT2H`. */
export function toIsoDuration({ amount, unit }: PickedDuration): string {
  const n = Math.max(1, Math.floor(amount));
  const l = LETTER[unit];
  return l.startsWith('T') ? `PT${n}${l[1]}` : `P${n}${l}`;
}

/** Reads a single-unit ISO duration back into the picker; `null` for anything else (a named delay, `P1DT2H`). */
export function fromIsoDuration(iso: string): PickedDuration | null {
  const m = /^P(?:(\d+)([YMWD])|T(\d+)([HM]))$/.exec(iso);
  if (!m) return null;
  if (m[1]) return { amount: Number(m[1]), unit: ({ Y: 'years', M: 'months', W: 'weeks', D: 'days' } as const)[m[2] as 'Y' | 'M' | 'W' | 'D'] };
  return { amount: Number(m[3]), unit: m[4] === 'H' ? 'hours' : 'minutes' };
}

/** Whether `text` is an ISO 8601 duration as lint accepts it (at least one component, `T` only before time parts). */
export function isIsoDuration(text: string): boolean {
  return /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(?:[.,]\d+)?S)?)?$/.test(text);
}
