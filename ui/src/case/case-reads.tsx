import { useState } from 'react';
import { api } from '../api/client.js';
import type { CaseRead } from '../api/organisation-types.js';
import type { FormSpec, LocalizedText } from '../api/types.js';
import { ErrorBox, Loading, Pager } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useAsync } from '../use-async.js';

/** Entries per page of the read log. */
export const READS_PAGE_SIZE = 20;
const KINDS = ['view', 'history', 'export', 'privacy'];

/** The words for what was read: the forms' titles, „alle Formulare“ (null) or „keine Formulardaten“ (none). */
export function formsText(forms: CaseRead['forms'], specs: Record<string, Pick<FormSpec, 'title'>>, t: (k: MessageKey) => string, lt: (x: LocalizedText) => string): string {
  if (forms === null) return t('reads.allForms');
  if (!forms.length) return t('reads.noForms');
  return forms.map((f) => (specs[f] ? lt(specs[f].title) : f)).join(', ');
}

/**
 * Zugriffe: who read this case's data when, and which forms (never what they
 * contained), newest first, paged. For administrators and the role
 * `datenschutz` (`GET /api/cases/:id/reads`). `forms` (the case's form
 * specs) name the forms by title; without them (a reader who may not see the
 * case's data) they are named by key.
 */
export function CaseReads({ caseId, forms = {} }: { caseId: string; forms?: Record<string, Pick<FormSpec, 'title'>> }) {
  const { t, lt, dateTime } = useI18n();
  // Cursors of the pages seen so far: page n starts at cursors[n - 1].
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const page = cursors.length;
  const reads = useAsync(() => api.caseReads(caseId, { limit: READS_PAGE_SIZE, cursor: cursors[page - 1] }), [caseId, page]);
  const items = reads.data?.items ?? [];
  const kindText = (kind: string) => (KINDS.includes(kind) ? t(`reads.kind.${kind}` as MessageKey) : kind);

  return (
    <section className="card" aria-labelledby="reads-heading">
      <h2 id="reads-heading">{t('reads.heading')}</h2>
      <p className="muted small">{t('reads.intro')}</p>
      <ErrorBox error={reads.error} />
      {reads.loading && !reads.data && <Loading />}
      {reads.data && items.length === 0 && <p className="muted">{t('reads.none')}</p>}
      {items.length > 0 && (
        // On a narrow screen the table scrolls: keyboard users reach it with Tab.
        <div className="table-wrap" tabIndex={0} role="group" aria-label={t('reads.heading')}>
          <table className="reads-table">
            <caption className="visually-hidden">{t('reads.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reads.when')}</th>
                <th scope="col">{t('reads.who')}</th>
                <th scope="col">{t('reads.what')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r, i) => (
                <tr key={`${r.at}-${i}`}>
                  <td>
                    <time dateTime={r.at}>{dateTime(r.at)}</time>
                  </td>
                  <td>{r.username}</td>
                  <td>
                    {kindText(r.kind)}
                    <span className="muted small"> · {formsText(r.forms, forms, t, lt)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reads.data && (
        <Pager
          page={page}
          pageSize={READS_PAGE_SIZE}
          shown={items.length}
          total={reads.data.total}
          hasNext={!!reads.data.nextCursor}
          onPrev={page > 1 ? () => setCursors((c) => c.slice(0, -1)) : null}
          onNext={() => reads.data?.nextCursor && setCursors((c) => [...c, reads.data!.nextCursor!])}
          label={t('reads.pages')}
        />
      )}
    </section>
  );
}
