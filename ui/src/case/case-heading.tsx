import type { CaseView } from '../api/types.js';
import { CaseName, caseNameText } from '../components/case-name.js';
import { PageHeading } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

/**
 * Breadcrumb (Meine Vorgänge › course › registration) and the page's h1: the
 * case's title with its reference beside it, and the process below; a case
 * without a title (or whose title the reader may not see) is named by process
 * and reference.
 */
export function CaseHeading({ view, processTitle }: { view: CaseView; processTitle: string }) {
  const { t } = useI18n();
  const named = !!view.title && view.title !== view.reference;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/vorgaenge">{t('nav.cases')}</Link> <span aria-hidden="true">›</span>{' '}
        {view.parent && (
          <>
            <Link href={`/cases/${encodeURIComponent(view.parent.id)}`}>{caseNameText(view.parent.title, view.parent.reference)}</Link> <span aria-hidden="true">›</span>{' '}
          </>
        )}
        <span aria-current="page">{named ? view.title : view.reference}</span>
      </p>
      <PageHeading title={named ? `${caseNameText(view.title, view.reference)} · ${processTitle}` : `${processTitle} ${view.reference}`}>
        {named ? <CaseName title={view.title} reference={view.reference} /> : (
          <>
            {processTitle} <span className="reference">{view.reference}</span>
          </>
        )}
      </PageHeading>
      {named && <p className="case-process">{processTitle}</p>}
    </>
  );
}
