import { ErrorBox, Loading, PageHeading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, useLocation } from '../router.js';
import { IndicatorCard, usePeriodName } from './indicator-card.js';
import './monitoring.css';
import { useIndicatorSections, useSectionTitle } from './use-indicators.js';
import { monitoringSearch, readMonitoringState, sectionValue } from './view-model.js';

/**
 * The Bildungsbericht (`/monitoring/bericht`): every field of action in its
 * own section, each indicator with chart and table. The print style sheet
 * hides the navigation and starts each section on a new page, so the
 * browser's print dialogue makes the PDF.
 */
export function ReportPage() {
  const { t, date } = useI18n();
  const { search } = useLocation();
  const state = readMonitoringState(search);
  const data = useIndicatorSections();
  const sectionTitle = useSectionTitle();
  const periodName = usePeriodName();
  const dimension = data.dimensions.find((d) => d.key === state.by)?.title ?? null;
  const back = new URLSearchParams();
  for (const [k, v] of Object.entries(monitoringSearch(state))) if (v) back.set(k, v);

  return (
    <article className="report">
      <PageHeading title={t('monitoringReport.title')}>{t('monitoringReport.title')}</PageHeading>
      <p className="lead">{t('monitoringReport.asOf', { date: date(new Date().toISOString()), period: periodName(state.period) })}</p>
      <p className="no-print">{t('monitoringReport.intro')}</p>
      <p className="report-actions no-print">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('monitoringReport.print')}
        </button>
        <Link href={`/monitoring${back.toString() ? `?${back.toString()}` : ''}`}>{t('monitoringReport.back')}</Link>
      </p>
      <ErrorBox error={data.error} />
      {data.loading && <Loading />}
      {!data.loading && !data.error && data.indicators.length === 0 && <p className="muted">{t('monitoring.noIndicators')}</p>}
      {!data.loading && data.sections.length > 1 && (
        <nav aria-labelledby="report-contents" className="report-contents">
          <h2 id="report-contents">{t('monitoringReport.contents')}</h2>
          <ol>
            {data.sections.map((s) => (
              <li key={sectionValue(s)}>
                <a href={`#report-${sectionValue(s)}`}>{sectionTitle(s)}</a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      {!data.loading &&
        data.sections.map((section) => (
          <section key={sectionValue(section)} className="report-section" aria-labelledby={`report-${sectionValue(section)}`}>
            <h2 id={`report-${sectionValue(section)}`} className="section-heading">
              {sectionTitle(section)}
            </h2>
            {section.indicators.map((i) => (
              <IndicatorCard key={i.key} indicator={i} state={state} dimensionTitle={dimension} />
            ))}
          </section>
        ))}
    </article>
  );
}
