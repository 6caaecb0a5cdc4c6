import { useMemo } from 'react';
import { ErrorBox, Loading, PageHeading, Pager } from '../components/common.js';
import { useCursorPaging } from '../components/paging.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, setQuery, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';
import { offersApi, type OfferFilter, type PublicOffer } from './offers-api.js';
import { MonthCalendar } from './month-calendar.js';

const PAGE_SIZE = 20;

/** Names of the fields of action that have public offers (their keys otherwise). */
export const FIELDS_OF_ACTION: Record<string, { de: string; en: string }> = {
  elternarbeit: { de: 'Elternarbeit', en: 'Working with parents' },
  seniorenuniversitaet: { de: 'Seniorenuniversität', en: 'Senior university' },
  'uebergang-schule-beruf': { de: 'Übergang Schule – Beruf', en: 'School to work' },
};

function filterOf(search: URLSearchParams): OfferFilter {
  return {
    fieldOfAction: search.get('fieldOfAction') || undefined,
    district: search.get('district') || undefined,
    audience: search.get('audience') || undefined,
    from: search.get('from') || undefined,
    to: search.get('to') || undefined,
    freeSeats: search.get('freeSeats') === 'true' || undefined,
  };
}

/**
 * One offer in the list: title, dates, place, seats, registration, and the
 * offer it is part of. `nested`: listed under that offer (a heading one
 * level down, no link back).
 */
export function OfferSummary({ offer, nested = false }: { offer: PublicOffer; nested?: boolean }) {
  const Heading = nested ? 'h3' : 'h2';
  const { t, date } = useI18n();
  const dates = offer.schedule === 'period' && offer.dates.length > 1 ? `${date(offer.dates[0])} – ${date(offer.dates[offer.dates.length - 1])}` : offer.dates.map((d) => date(d)).join(', ');
  return (
    <li className="task offer">
      <div className="task-main">
        <Heading className="offer-title">
          <Link href={`/angebote/${offer.id}`} className="task-link">
            {offer.title}
          </Link>
        </Heading>
        {offer.description && <p className="offer-description">{offer.description}</p>}
        <dl className="offer-facts">
          {offer.partOf && !nested && (
            <div>
              <dt>{t('offers.partOf')}</dt>
              <dd>
                <Link href={`/angebote/${offer.partOf.id}`}>{offer.partOf.title}</Link>
              </dd>
            </div>
          )}
          {dates && (
            <div>
              <dt>{offer.schedule === 'period' ? t('offers.period') : t('offers.dates')}</dt>
              <dd>{dates}</dd>
            </div>
          )}
          {offer.place && (
            <div>
              <dt>{t('offers.place')}</dt>
              <dd>
                {offer.place}
                {offer.district ? ` (${offer.district})` : ''}
              </dd>
            </div>
          )}
          {offer.provider && (
            <div>
              <dt>{t('offers.provider')}</dt>
              <dd>{offer.provider}</dd>
            </div>
          )}
          {offer.audience && (
            <div>
              <dt>{t('offers.audience')}</dt>
              <dd>{offer.audience}</dd>
            </div>
          )}
          {offer.seats && (
            <div>
              <dt>{t('offers.seats')}</dt>
              <dd>{offer.seats.free > 0 ? t('offers.seatsFree', { free: offer.seats.free, total: offer.seats.total }) : t('offers.full')}</dd>
            </div>
          )}
        </dl>
        {offer.registration && <p className="small">{offer.registration.open ? t('offers.registrationOpen') : t('offers.registrationClosed')}</p>}
      </div>
    </li>
  );
}

/**
 * /angebote (public, no sign-in): the offers of every field of action as a
 * list or a month calendar, with filters in the URL and iCalendar feeds.
 */
export function OffersPage() {
  const { t, lang, num } = useI18n();
  const { search } = useLocation();
  const paging = useCursorPaging();
  const filter = filterOf(search);
  const view = search.get('view') === 'calendar' ? 'calendar' : 'list';
  const month = /^\d{4}-\d{2}$/.test(search.get('month') ?? '') ? search.get('month')! : new Date().toISOString().slice(0, 7);
  const offers = useAsync(
    () => offersApi.list({ ...filter, lang, limit: view === 'calendar' ? 200 : PAGE_SIZE, cursor: view === 'calendar' ? undefined : paging.cursor }),
    [search.toString(), lang],
  );
  // The choices of the filters come from every offer, not only from the filtered ones.
  const all = useAsync(() => offersApi.list({ lang, limit: 200 }), [lang]);
  const choices = useMemo(() => {
    const items = all.data?.items ?? [];
    return {
      fields: [...new Set(items.map((o) => o.fieldOfAction).filter((f): f is string => !!f))].sort(),
      districts: [...new Set(items.map((o) => o.district).filter((d): d is string => !!d))].sort(),
    };
  }, [all.data]);
  const fieldName = (key: string) => FIELDS_OF_ACTION[key]?.[lang] ?? key;
  const change = (params: Record<string, string | undefined>) => setQuery({ ...params, ...paging.reset });

  return (
    <>
      <PageHeading title={t('offers.title')}>{t('offers.title')}</PageHeading>
      <p className="lead">{t('offers.intro')}</p>
      <form className="filters" aria-label={t('offers.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="o-field">{t('offers.fieldOfAction')}</label>
          <select id="o-field" value={filter.fieldOfAction ?? ''} onChange={(e) => change({ fieldOfAction: e.target.value })}>
            <option value="">{t('offers.all')}</option>
            {choices.fields.map((f) => (
              <option key={f} value={f}>
                {fieldName(f)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="o-district">{t('offers.district')}</label>
          <select id="o-district" value={filter.district ?? ''} onChange={(e) => change({ district: e.target.value })}>
            <option value="">{t('offers.all')}</option>
            {choices.districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="o-audience">{t('offers.audience')}</label>
          <input id="o-audience" type="search" defaultValue={filter.audience ?? ''} onChange={(e) => change({ audience: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="o-from">{t('offers.from')}</label>
          <input id="o-from" type="date" value={filter.from ?? ''} onChange={(e) => change({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="o-to">{t('offers.to')}</label>
          <input id="o-to" type="date" value={filter.to ?? ''} onChange={(e) => change({ to: e.target.value })} />
        </div>
        <div className="field field-check">
          <input id="o-free" type="checkbox" checked={!!filter.freeSeats} onChange={(e) => change({ freeSeats: e.target.checked ? 'true' : undefined })} />
          <label htmlFor="o-free">{t('offers.freeSeats')}</label>
        </div>
        <fieldset className="field view-switch">
          <legend>{t('offers.view')}</legend>
          {(['list', 'calendar'] as const).map((v) => (
            <label key={v} className="radio-inline">
              <input type="radio" name="o-view" value={v} checked={view === v} onChange={() => setQuery({ view: v === 'list' ? undefined : v, ...paging.reset })} />{' '}
              {v === 'list' ? t('offers.viewList') : t('offers.viewCalendar')}
            </label>
          ))}
        </fieldset>
      </form>
      <p className="small">
        <a href={`/api/public/offers.ics?lang=${lang}`}>{t('offers.ics')}</a>
        {filter.fieldOfAction && (
          <>
            {' · '}
            <a href={`/api/public/offers.ics?lang=${lang}&fieldOfAction=${encodeURIComponent(filter.fieldOfAction)}`}>{t('offers.icsField')}</a>
          </>
        )}
      </p>
      <ErrorBox error={offers.error} />
      {offers.loading && !offers.data ? (
        <Loading />
      ) : offers.data && offers.data.items.length === 0 ? (
        <p className="empty">{t('offers.none')}</p>
      ) : offers.data && view === 'calendar' ? (
        <MonthCalendar month={month} offers={offers.data.items} onMonth={(m) => setQuery({ month: m })} />
      ) : offers.data ? (
        <>
          <p className="count" role="status">
            {t('offers.count', { n: num(offers.data.total) })}
          </p>
          <ul className="task-list">
            {offers.data.items.map((o) => (
              <OfferSummary key={o.id} offer={o} />
            ))}
          </ul>
          <Pager
            page={paging.page}
            pageSize={PAGE_SIZE}
            shown={offers.data.items.length}
            total={offers.data.total}
            hasNext={!!offers.data.nextCursor}
            onPrev={paging.prev}
            onNext={() => offers.data?.nextCursor && paging.next(offers.data.nextCursor)}
            label={t('offers.title')}
          />
        </>
      ) : null}
    </>
  );
}
