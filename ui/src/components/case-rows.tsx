import type { CaseSummary } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { CaseName } from './case-name.js';
import { Due, StatusBadge } from './common.js';

/**
 * The rows of a case list (name, process, step, status, due date, last
 * change), as "Meine Vorgänge" and the board list show them; `empty` is the
 * line shown when there is none.
 */
export function CaseRows({ items, empty }: { items: CaseSummary[]; empty: string }) {
  const { t, lt, date } = useI18n();
  return (
    <>
      {items.length === 0 && (
        <tr>
          <td colSpan={6} className="muted">
            {empty}
          </td>
        </tr>
      )}
      {items.map((c) => (
        <tr key={c.id}>
          <td data-label={t('cases.case')}>
            <Link href={`/cases/${encodeURIComponent(c.id)}`}>
              <CaseName title={c.title} reference={c.reference} />
            </Link>
          </td>
          <td data-label={t('common.process')}>{lt(c.definition.title)}</td>
          <td data-label={t('case.state')}>{lt(c.stateTitle)}</td>
          <td data-label={t('case.status')}>
            <StatusBadge status={c.status} />
          </td>
          <td data-label={t('common.due')}>
            <Due dueAt={c.dueAt} overdue={c.overdue} />
          </td>
          <td data-label={t('board.updated')}>{date(c.updatedAt)}</td>
        </tr>
      ))}
    </>
  );
}
