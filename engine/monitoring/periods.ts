/** Periods the monitoring reads indicators in. */
export type PeriodKind = 'year' | 'schoolyear' | 'quarter' | 'month';

export const PERIOD_KINDS: PeriodKind[] = ['year', 'schoolyear', 'quarter', 'month'];

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (YYYY-MM-DD) of an instant in Europe/Berlin, where the offices count. */
export function berlinDay(iso: string | Date): string {
  return dayFormat.format(typeof iso === 'string' ? new Date(iso) : iso);
}

/** The label of the period a day falls in: "2026", "2026/27", "2026-Q3", "2026-08". */
export function periodOf(day: string, kind: PeriodKind): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  if (kind === 'year') return String(y);
  if (kind === 'month') return day.slice(0, 7);
  if (kind === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  const start = m >= 8 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

const LABEL: Record<PeriodKind, RegExp> = { year: /^\d{4}$/, schoolyear: /^\d{4}\/\d{2}$/, quarter: /^\d{4}-Q[1-4]$/, month: /^\d{4}-(0[1-9]|1[0-2])$/ };

/** Whether a text is a period label of this kind (as {@link periodOf} writes them). */
export const isPeriodLabel = (label: string, kind: PeriodKind): boolean => LABEL[kind].test(label);

/** The first and last day of a period given by its label. */
export function periodRange(label: string, kind: PeriodKind): { from: string; to: string } {
  const y = Number(label.slice(0, 4));
  const last = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  if (kind === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (kind === 'schoolyear') return { from: `${y}-08-01`, to: `${y + 1}-07-31` };
  if (kind === 'month') {
    const m = Number(label.slice(5, 7));
    return { from: `${label}-01`, to: last(y, m) };
  }
  const q = Number(label.slice(-1));
  return { from: `${y}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: last(y, q * 3) };
}

/** The period after a period given by its label. */
export function nextPeriod(label: string, kind: PeriodKind): string {
  const { to } = periodRange(label, kind);
  return periodOf(new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), kind);
}

/** The period before the one a day falls in: the last completed one. */
export function previousPeriod(day: string, kind: PeriodKind): string {
  const { from } = periodRange(periodOf(day, kind), kind);
  const before = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return periodOf(before, kind);
}

/** The year a period belongs to for the population reference (a school year: the year it starts). */
export const yearOfPeriod = (label: string) => Number(label.slice(0, 4));

/** SQL expression of the period label of a `day` column (same labels as {@link periodOf}). */
export function periodSql(kind: PeriodKind, column = 'day'): string {
  if (kind === 'year') return `to_char(${column}, 'YYYY')`;
  if (kind === 'month') return `to_char(${column}, 'YYYY-MM')`;
  if (kind === 'quarter') return `to_char(${column}, 'YYYY-"Q"Q')`;
  const start = `(extract(year FROM ${column})::int - CASE WHEN extract(month FROM ${column}) >= 8 THEN 0 ELSE 1 END)`;
  return `(${start}::text || '/' || lpad(((${start} + 1) % 100)::text, 2, '0'))`;
}
