import type { CaseView, HistoryItem } from '../api/types.js';
import { DataView } from '../forms/data-view.js';
import { useI18n } from '../i18n/i18n.js';

/** What happened, in words: the event's label, else a description of a system event. */
function useEventLabel() {
  const { t, lt } = useI18n();
  return (item: HistoryItem, view: CaseView): string => {
    if (item.type === 'case.created') return t('history.created');
    if (item.type === 'MIGRATED') return t('history.migrated', { n: (item.data as { to?: number } | null)?.to ?? '?' });
    // The server says which deadline passed, and whether it had passed before the case got there.
    if (item.type.startsWith('xstate.after')) return item.label ? lt(item.label) : t('history.timer');
    if (item.label) return lt(item.label);
    if (item.type === 'SUBMIT' && item.form && view.forms[item.form]) return t('history.submitted', { form: lt(view.forms[item.form].title) });
    return t('history.system');
  };
}

/**
 * The case's history as a timeline, oldest first: who, when, what, the step
 * it moved to, and the submitted answers on demand.
 */
export function HistoryTimeline({ items, view }: { items: HistoryItem[]; view: CaseView }) {
  const { t, lt, dateTime } = useI18n();
  const labelOf = useEventLabel();
  return (
    <ol className="timeline">
      {items.map((item) => {
        const spec = item.form ? view.forms[item.form] : undefined;
        const moved = item.toTitle && JSON.stringify(item.fromState) !== JSON.stringify(item.toState);
        const hasData = item.data !== null && item.data !== undefined && (typeof item.data !== 'object' || Object.keys(item.data as object).length > 0);
        return (
          <li key={item.seq} className="timeline-item">
            <p className="timeline-what">{labelOf(item, view)}</p>
            <p className="timeline-meta">
              <time dateTime={item.at}>{dateTime(item.at)}</time> · {item.actor === 'system' || !item.actor ? t('history.bySystem') : t('history.by', { who: item.actor })}
            </p>
            {moved && (
              <p className="timeline-move">
                {item.fromTitle ? (
                  <>
                    {lt(item.fromTitle)} <span aria-hidden="true">→</span>
                    <span className="visually-hidden">{t('history.to')}</span> {lt(item.toTitle)}
                  </>
                ) : (
                  t('history.startedIn', { state: lt(item.toTitle) })
                )}
              </p>
            )}
            {hasData && (
              <details className="timeline-data">
                <summary>{spec ? t('history.showData', { form: lt(spec.title) }) : t('history.showDataPlain')}</summary>
                <DataView value={item.data} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} caseId={view.id} />
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
