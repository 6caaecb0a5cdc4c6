import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import type { PublicOffer } from './offers-api.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM` plus `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The days an offer takes place on (every day of a period). */
function daysOf(offer: PublicOffer): string[] {
  const dates = offer.dates.map((d) => d.slice(0, 10));
  if (offer.schedule !== 'period' || dates.length < 2) return dates;
  const out: string[] = [];
  for (let t = Date.parse(`${dates[0]}T00:00:00Z`), end = Date.parse(`${dates[dates.length - 1]}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * A month as a table (weeks as rows, Monday first), each day listing the
 * offers on it as links; a real table so screen readers announce the day.
 */
export function MonthCalendar({ month, offers, onMonth }: { month: string; offers: PublicOffer[]; onMonth: (month: string) => void }) {
  const { t, lang } = useI18n();
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  const [y, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1, 1));
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const byDay = new Map<string, PublicOffer[]>();
  for (const o of offers) for (const d of daysOf(o)) if (d.startsWith(month)) byDay.set(d, [...(byDay.get(d) ?? []), o]);
  const cells: Array<number | null> = [...Array<null>(lead).fill(null), ...Array.from({ length: daysInMonth }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, i) => cells.slice(i * 7, i * 7 + 7));
  const monthName = first.toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const weekday = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toLocaleDateString(locale, { weekday: 'short', timeZone: 'UTC' });
  const weekdayLong = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' });
  return (
    <div className="month-calendar">
      <div className="page-actions calendar-nav">
        <button type="button" className="btn btn-secondary" onClick={() => onMonth(shiftMonth(month, -1))}>
          ‹ {t('offers.prevMonth')}
        </button>
        <h2 className="section-heading" aria-live="polite">
          {monthName}
        </h2>
        <button type="button" className="btn btn-secondary" onClick={() => onMonth(shiftMonth(month, 1))}>
          {t('offers.nextMonth')} ›
        </button>
      </div>
      <div className="table-wrap">
        <table className="calendar">
          <caption className="visually-hidden">{t('offers.calendarCaption', { month: monthName })}</caption>
          <thead>
            <tr>
              {Array.from({ length: 7 }, (_, i) => (
                <th key={i} scope="col">
                  <abbr title={weekdayLong(i)}>{weekday(i)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, w) => (
              <tr key={w}>
                {week.map((day, i) => {
                  const iso = day ? `${month}-${pad(day)}` : '';
                  const list = day ? (byDay.get(iso) ?? []) : [];
                  return (
                    <td key={i} className={list.length ? 'has-offers' : undefined}>
                      {day && (
                        <>
                          <span className="day-number">{day}</span>
                          {list.length > 0 && (
                            <ul>
                              {list.map((o) => (
                                <li key={o.id}>
                                  <Link href={`/angebote/${o.id}`}>{o.title}</Link>
                                  {o.partOf && <span className="calendar-part-of"> ({o.partOf.title})</span>}
                                </li>
                              ))}
                            </ul>
                          )}
                        </>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
