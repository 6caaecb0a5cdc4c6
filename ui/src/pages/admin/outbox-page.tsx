import type { FromSchema } from 'json-schema-to-ts';
import type { outboxList } from '../../../../engine/schemas/offers.js';
import { query, request } from '../../api/client.js';
import { ErrorBox, Loading, PageHeading, Pager } from '../../components/common.js';
import { useCursorPaging } from '../../components/paging.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { setQuery, useLocation } from '../../router.js';
import { useAsync } from '../../use-async.js';

/** A mail of the outbox (`GET /api/outbox`), typed from the API's schema. */
type OutboxItem = FromSchema<typeof outboxList>['items'][number];

const PAGE_SIZE = 25;

/** Postausgang (administrators): every e-mail with its status, attempts and last error. */
export function OutboxPage() {
  const { t, dateTime, num } = useI18n();
  const { search } = useLocation();
  const paging = useCursorPaging();
  const status = search.get('status') ?? '';
  const mails = useAsync(
    () => request<{ items: OutboxItem[]; total: number; nextCursor: string | null }>('GET', `/api/outbox${query({ status, limit: PAGE_SIZE, cursor: paging.cursor })}`),
    [search.toString()],
  );
  return (
    <>
      <PageHeading title={t('outbox.title')}>{t('outbox.title')}</PageHeading>
      <p className="lead">{t('outbox.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="ob-status">{t('outbox.status')}</label>
          <select id="ob-status" value={status} onChange={(e) => setQuery({ status: e.target.value, ...paging.reset })}>
            <option value="">{t('offers.all')}</option>
            {(['queued', 'sent', 'failed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`outbox.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox error={mails.error} />
      {mails.loading && !mails.data ? (
        <Loading />
      ) : mails.data && mails.data.items.length === 0 ? (
        <p className="empty">{t('outbox.none')}</p>
      ) : mails.data ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('outbox.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('outbox.created')}</th>
                  <th scope="col">{t('outbox.to')}</th>
                  <th scope="col">{t('outbox.subject')}</th>
                  <th scope="col">{t('outbox.status')}</th>
                  <th scope="col">{t('outbox.attempts')}</th>
                  <th scope="col">{t('outbox.lastError')}</th>
                </tr>
              </thead>
              <tbody>
                {mails.data.items.map((m) => (
                  <tr key={m.id}>
                    <td>{dateTime(m.createdAt)}</td>
                    <td>{m.to}</td>
                    <td>{m.subject}</td>
                    <td>{t(`outbox.${m.status}` as MessageKey)}</td>
                    <td>{num(m.attempts)}</td>
                    <td>{m.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            page={paging.page}
            pageSize={PAGE_SIZE}
            shown={mails.data.items.length}
            total={mails.data.total}
            hasNext={!!mails.data.nextCursor}
            onPrev={paging.prev}
            onNext={() => mails.data?.nextCursor && paging.next(mails.data.nextCursor)}
            label={t('outbox.title')}
          />
        </>
      ) : null}
    </>
  );
}
