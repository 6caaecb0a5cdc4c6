import { api, type CaseFilter } from '../api/client.js';
import { CaseRows } from '../components/case-rows.js';
import { CaseSearch } from '../components/case-search.js';
import { ErrorBox, Loading, PageHeading, Pager } from '../components/common.js';
import { useCursorPaging } from '../components/paging.js';
import { usePublishedProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { setQuery, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';

const PAGE_SIZE = 25;
type SortKey = NonNullable<CaseFilter['sort']>;

/** The filters of the list as the URL holds them (so a reload or a shared link shows the same list). */
export function casesFilter(search: URLSearchParams): CaseFilter {
  const status = search.get('status');
  return {
    definition: search.get('definition') || undefined,
    status: status === 'active' || status === 'closed' ? status : undefined,
    overdue: search.get('overdue') === 'true' || undefined,
    sort: (search.get('sort') as SortKey | null) ?? 'updatedAt',
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/**
 * Meine Vorgänge: every case the person may open (the API limits the list to
 * their organisations and roles), by name first, with process, step, status
 * and due date; filters, sorting and paging in the URL; search as you type.
 */
export function CasesPage() {
  const { t, lt, num } = useI18n();
  const { search } = useLocation();
  const paging = useCursorPaging();
  const processes = usePublishedProcesses();
  const filter = casesFilter(search);
  const cases = useAsync(() => api.cases({ ...filter, limit: PAGE_SIZE, cursor: paging.cursor }), [search.toString()]);
  const filtered = !!(filter.definition || filter.status || filter.overdue);

  const sortHeader = (key: SortKey, label: string) => {
    const active = filter.sort === key;
    const nextOrder = active && filter.order === 'desc' ? 'asc' : 'desc';
    return (
      <th scope="col" className="sortable" aria-sort={active ? (filter.order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort" onClick={() => setQuery({ sort: key, order: nextOrder, ...paging.reset })}>
          {label}
          <span aria-hidden="true">{active ? (filter.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };

  return (
    <>
      <PageHeading title={t('cases.title')}>{t('cases.title')}</PageHeading>
      <p className="lead">{t('cases.intro')}</p>

      <div className="card search-card" role="search" aria-label={t('search.label')}>
        <CaseSearch />
      </div>

      <section aria-labelledby="cases-heading" className="card">
        <h2 id="cases-heading">
          {t('cases.list')}
          {cases.data && <span className="count"> ({num(cases.data.total)})</span>}
        </h2>
        <form className="filters" aria-label={t('cases.filters')} onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="c-process">{t('common.process')}</label>
            <select id="c-process" value={filter.definition ?? ''} onChange={(e) => setQuery({ definition: e.target.value, ...paging.reset })}>
              <option value="">{t('common.all')}</option>
              {(processes.data ?? []).map((p) => (
                <option key={p.key} value={p.key}>
                  {lt(p.title)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="c-status">{t('case.status')}</label>
            <select id="c-status" value={filter.status ?? ''} onChange={(e) => setQuery({ status: e.target.value, ...paging.reset })}>
              <option value="">{t('common.all')}</option>
              <option value="active">{t('status.active')}</option>
              <option value="closed">{t('status.closed')}</option>
            </select>
          </div>
          <div className="field field-check">
            <input id="c-overdue" type="checkbox" checked={!!filter.overdue} onChange={(e) => setQuery({ overdue: e.target.checked ? 'true' : undefined, ...paging.reset })} />
            <label htmlFor="c-overdue">{t('board.onlyOverdue')}</label>
          </div>
        </form>
        <ErrorBox error={cases.error} />
        {cases.loading && !cases.data && <Loading />}
        {cases.data && (
          <div className="table-wrap" aria-busy={cases.loading}>
            <table className="case-table">
              <caption className="visually-hidden">{t('cases.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.case')}</th>
                  {sortHeader('definition', t('common.process'))}
                  {sortHeader('state', t('case.state'))}
                  {sortHeader('status', t('case.status'))}
                  {sortHeader('dueAt', t('common.due'))}
                  {sortHeader('updatedAt', t('board.updated'))}
                </tr>
              </thead>
              <tbody>
                <CaseRows items={cases.data.items} empty={filtered ? t('cases.none') : t('cases.empty')} />
              </tbody>
            </table>
          </div>
        )}
        {cases.data && (
          <Pager
            label={t('pager.label')}
            page={paging.page}
            pageSize={PAGE_SIZE}
            shown={cases.data.items.length}
            total={cases.data.total}
            hasNext={!!cases.data.nextCursor}
            onPrev={paging.prev}
            onNext={() => cases.data?.nextCursor && paging.next(cases.data.nextCursor)}
          />
        )}
      </section>
    </>
  );
}
