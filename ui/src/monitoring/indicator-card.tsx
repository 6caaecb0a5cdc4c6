import { lazy, Suspense, useMemo, useState } from 'react';
import { monitoringApi, monitoringCsvUrl } from '../api/monitoring.js';
import type { MonitoringIndicator, MonitoringPeriod } from '../api/monitoring-types.js';
import { ErrorBox, Loading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { hasRole, useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { BandForm } from './band-form.js';
import { bandMessage, cellText, periodLabel, seriesQuery, smallMultiples, SUPPRESSED_MARK, tableModel, type MonitoringState, type TableModel } from './view-model.js';

// ECharts is big: it comes in its own chunk, on the monitoring pages only, and the table does not wait for it.
const TrendChart = lazy(() => import('./charts.js').then((m) => ({ default: m.TrendChart })));
const SmallMultiples = lazy(() => import('./charts.js').then((m) => ({ default: m.SmallMultiples })));

/** The name of a period kind ("Schuljahr") for captions and pickers. */
export function usePeriodName(): (kind: MonitoringPeriod) => string {
  const { t } = useI18n();
  return (kind) => t(`monitoring.period.${kind}` as MessageKey);
}

/** A table cell: the figure, or the suppression mark with its meaning for screen readers. */
function Cell({ cell, type }: { cell: Parameters<typeof cellText>[0]; type: MonitoringIndicator['type'] }) {
  const { t, lang } = useI18n();
  if (cell?.suppressed) {
    return (
      <td className="num suppressed">
        <span aria-hidden="true">{SUPPRESSED_MARK}</span>
        <span className="visually-hidden">{t('monitoring.suppressed')}</span>
      </td>
    );
  }
  return <td className="num">{cellText(cell, lang, type)}</td>;
}

/** The figures as a table: periods across, groups down, the total below; the chart's accessible twin. */
function FiguresTable({ model, caption, groupHeader, kind, type }: { model: TableModel; caption: string; groupHeader: string; kind: MonitoringPeriod; type: MonitoringIndicator['type'] }) {
  const { t, lt, lang } = useI18n();
  const periodName = usePeriodName();
  return (
    // Focusable so that keyboard users can scroll a table wider than the screen.
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="figures-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{model.rows.length > 0 ? groupHeader : periodName(kind)}</th>
            {model.periods.map((p) => (
              <th key={p} scope="col" className="num">
                {periodLabel(p, kind, lang)}
              </th>
            ))}
          </tr>
        </thead>
        {model.rows.length > 0 && (
          <tbody>
            {model.rows.map((r) => (
              <tr key={r.group ?? ''}>
                <th scope="row">{lt(r.label)}</th>
                {r.cells.map((c, i) => (
                  <Cell key={model.periods[i]} cell={c} type={type} />
                ))}
              </tr>
            ))}
          </tbody>
        )}
        <tfoot>
          <tr>
            <th scope="row">{t('monitoring.total')}</th>
            {model.totals.map((c, i) => (
              <Cell key={model.periods[i]} cell={c} type={type} />
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Props of {@link IndicatorCard} (its title is an h3, below a field of action's h2). */
export interface IndicatorCardProps {
  indicator: MonitoringIndicator;
  state: MonitoringState;
  /** The chosen dimension's name ("Stadtteil"), if any. */
  dimensionTitle: string | null;
  /** Whether coordinators may set the early-warning band here (the page; not the printed report). */
  editable?: boolean;
}

/**
 * One indicator: its chart and, beside it, the same figures as a table; below,
 * a small chart per group (Stadtteil); the legend of the marks and the CSV.
 */
export function IndicatorCard({ indicator: listed, state, dimensionTitle, editable = false }: IndicatorCardProps) {
  const { t, lt, lang } = useI18n();
  const { user } = useSession();
  // The band a coordinator sets here shows at once, without loading the list again.
  const [indicator, setIndicator] = useState(listed);
  const periodName = usePeriodName();
  const q = seriesQuery(state, indicator);
  const series = useAsync(() => monitoringApi.series(indicator.key, q), [indicator.key, JSON.stringify(q)]);
  const title = lt(indicator.title, indicator.key);
  const byGroup = !!q.by;
  const model = useMemo(() => (series.data ? tableModel(series.data, (label) => lt(label)) : null), [series.data, lt]);
  const multiples = useMemo(() => (model && byGroup ? smallMultiples(model) : null), [model, byGroup]);
  const headingId = `ind-${indicator.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const period = periodName(state.period);
  const caption = byGroup && dimensionTitle ? t('monitoring.tableCaptionBy', { indicator: title, period, dimension: dimensionTitle }) : t('monitoring.tableCaption', { indicator: title, period });
  const unit = q.per ? t('monitoring.perUnit') : indicator.type === 'share' ? t('monitoring.unitShare') : indicator.type === 'duration' ? t('monitoring.unitDuration') : null;
  const band = bandMessage(indicator, lang);
  const empty = model !== null && model.periods.length === 0;

  return (
    <section className="card indicator" aria-labelledby={headingId}>
      <h3 id={headingId} className="indicator-title">
        {title}
        {unit && <span className="muted indicator-unit"> ({unit})</span>}
      </h3>
      {indicator.description && <p className="muted">{lt(indicator.description)}</p>}
      {band && <p className="hint indicator-band">{t(band.key, band.params)}</p>}
      {editable && hasRole(user, 'coordinator') && <BandForm indicator={indicator} onSaved={setIndicator} />}
      {state.by !== null && !byGroup && <p className="hint">{t('monitoring.notBrokenDown')}</p>}
      {state.per && !q.per && <p className="hint">{t('monitoring.perUnavailable')}</p>}
      {q.per && model?.hasEmpty && <p className="hint">{t('monitoring.perNoPopulation')}</p>}
      <ErrorBox error={series.error} />
      {series.loading && !model && <Loading />}
      {empty && <p className="muted">{t('monitoring.noData')}</p>}
      {model && !empty && (
        <>
          <div className="indicator-body" aria-busy={series.loading}>
            <div className="indicator-chart">
              <Suspense fallback={<p className="muted">{t('monitoring.chartLoading')}</p>}>
                <TrendChart
                  periods={model.periods}
                  values={model.totals.map((c) => (c && !c.suppressed ? c.value : null))}
                  kind={state.period}
                  lang={lang}
                  type={indicator.type}
                  label={t('monitoring.chartLabel', { indicator: title, period })}
                />
              </Suspense>
            </div>
            <FiguresTable model={model} caption={caption} groupHeader={dimensionTitle ?? t('monitoring.group')} kind={state.period} type={indicator.type} />
          </div>
          <p className="hint figures-legend">
            {model.hasSuppressed && <span>{t('monitoring.suppressedNote')} </span>}
            <span>{t('monitoring.emptyNote')}</span>
          </p>
          {multiples && multiples.items.length > 0 && dimensionTitle && (
            <div className="small-multiples-block">
              <h4 className="small-multiples-heading">{t('monitoring.smallMultiples', { dimension: dimensionTitle })}</h4>
              <p className="muted">{t('monitoring.smallMultiplesHint', { dimension: dimensionTitle })}</p>
              <Suspense fallback={null}>
                <SmallMultiples
                  periods={multiples.periods}
                  max={multiples.max}
                  items={multiples.items.map((m) => ({ key: m.group ?? '', label: lt(m.label), values: m.values }))}
                  type={indicator.type}
                  kind={state.period}
                  lang={lang}
                />
              </Suspense>
            </div>
          )}
          <p className="indicator-actions no-print">
            <a className="btn btn-secondary" href={monitoringCsvUrl(indicator.key, q)} download>
              {t('monitoring.csv')}
              <span className="visually-hidden">: {title}</span>
            </a>
          </p>
        </>
      )}
    </section>
  );
}
