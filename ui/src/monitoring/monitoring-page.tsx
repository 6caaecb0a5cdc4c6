import { ErrorBox, Loading, PageHeading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, setQuery, useLocation } from '../router.js';
import { IndicatorCard, usePeriodName } from './indicator-card.js';
import './monitoring.css';
import { useIndicatorSections, useSectionTitle, type IndicatorSections } from './use-indicators.js';
import {
  ALL_FIELDS,
  monitoringSearch,
  NO_DIMENSION,
  periodLabel,
  periodOptions,
  PERIODS,
  readMonitoringState,
  sectionValue,
  visibleSections,
  type MonitoringState,
} from './view-model.js';

/** Today's calendar day (YYYY-MM-DD) where the browser is. */
function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The link to the Bildungsbericht with the same period, breakdown and range (every field of action). */
export function reportHref(state: MonitoringState): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(monitoringSearch({ ...state, field: null }))) if (v) search.set(k, v);
  const s = search.toString();
  return `/monitoring/bericht${s ? `?${s}` : ''}`;
}

/** The pickers: field of action, period, breakdown, range, per 1,000; every change goes into the URL. */
function Pickers({ state, data }: { state: MonitoringState; data: IndicatorSections }) {
  const { t, lang } = useI18n();
  const periodName = usePeriodName();
  const sectionTitle = useSectionTitle();
  const options = periodOptions(state.period, localDay(new Date()));
  // A range from a link or an older choice stays selectable even when it is older than the offered periods.
  for (const p of [state.from, state.to]) if (p && !options.includes(p)) options.unshift(p);
  const update = (change: Partial<MonitoringState>) => setQuery(monitoringSearch({ ...state, ...change }));
  const field = visibleSections(data.sections, state.field);
  const fieldValue = state.field === ALL_FIELDS ? ALL_FIELDS : field[0] ? sectionValue(field[0]) : '';
  return (
    <form className="filters monitoring-pickers no-print" aria-label={t('monitoring.pickers')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="m-field">{t('monitoring.field')}</label>
        <select id="m-field" value={fieldValue} onChange={(e) => update({ field: e.target.value })}>
          {data.sections.map((s) => (
            <option key={sectionValue(s)} value={sectionValue(s)}>
              {sectionTitle(s)}
            </option>
          ))}
          <option value={ALL_FIELDS}>{t('monitoring.allFields')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="m-period">{t('monitoring.period')}</label>
        {/* A range of school years means nothing in months: changing the period starts from all there are. */}
        <select id="m-period" value={state.period} onChange={(e) => update({ period: e.target.value as MonitoringState['period'], from: null, to: null })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {periodName(p)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="m-by">{t('monitoring.by')}</label>
        <select id="m-by" value={state.by ?? NO_DIMENSION} onChange={(e) => update({ by: e.target.value === NO_DIMENSION ? null : e.target.value })}>
          {data.dimensions.map((d) => (
            <option key={d.key} value={d.key}>
              {t('monitoring.byDimension', { dimension: d.title })}
            </option>
          ))}
          {state.by !== null && !data.dimensions.some((d) => d.key === state.by) && <option value={state.by}>{t('monitoring.byDimension', { dimension: state.by })}</option>}
          <option value={NO_DIMENSION}>{t('monitoring.byNone')}</option>
        </select>
      </div>
      {(['from', 'to'] as const).map((end) => (
        <div className="field field-range" key={end}>
          <label htmlFor={`m-${end}`}>{t(`monitoring.${end}`)}</label>
          <select id={`m-${end}`} value={state[end] ?? ''} onChange={(e) => update({ [end]: e.target.value || null })}>
            <option value="">{t(`monitoring.${end}All`)}</option>
            {options.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, state.period, lang)}
              </option>
            ))}
          </select>
        </div>
      ))}
      {data.hasPopulation && (
        <div className="field field-check">
          <input id="m-per" type="checkbox" checked={state.per} aria-describedby="m-per-hint" onChange={(e) => update({ per: e.target.checked })} />
          <label htmlFor="m-per">{t('monitoring.per')}</label>
        </div>
      )}
      {data.hasPopulation && (
        <p id="m-per-hint" className="hint monitoring-pickers-hint">
          {t('monitoring.perHint')}
        </p>
      )}
    </form>
  );
}

/**
 * Bildungsmonitoring (`/monitoring`): the indicators of the chosen field of
 * action, each as chart and table, with small multiples per Stadtteil. The
 * pickers live in the URL, so a reload or a shared link shows the same.
 */
export function MonitoringPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const state = readMonitoringState(search);
  const data = useIndicatorSections();
  const sectionTitle = useSectionTitle();
  const dimension = data.dimensions.find((d) => d.key === state.by)?.title ?? null;
  const shown = visibleSections(data.sections, state.field);

  return (
    <>
      <PageHeading title={t('monitoring.title')}>{t('monitoring.title')}</PageHeading>
      <p className="lead">{t('monitoring.intro')}</p>
      <ErrorBox error={data.error} />
      {data.loading && data.indicators.length === 0 && <Loading />}
      {!data.loading && !data.error && data.indicators.length === 0 && <p className="muted">{t('monitoring.noIndicators')}</p>}
      {data.indicators.length > 0 && (
        <>
          <Pickers state={state} data={data} />
          <p className="no-print">
            <Link href={reportHref(state)} className="btn btn-secondary">
              {t('monitoring.report')}
            </Link>{' '}
            <Link href="/monitoring/bevoelkerung" className="btn btn-secondary">
              {t('nav.population')}
            </Link>
          </p>
        </>
      )}
      {!data.loading &&
        shown.map((section) => (
          <section key={sectionValue(section)} className="monitoring-field" aria-labelledby={`field-${sectionValue(section)}`}>
            <h2 id={`field-${sectionValue(section)}`} className="section-heading">
              {sectionTitle(section)}
            </h2>
            {section.indicators.map((i) => (
              <IndicatorCard key={i.key} indicator={i} state={state} dimensionTitle={dimension} editable />
            ))}
          </section>
        ))}
    </>
  );
}
