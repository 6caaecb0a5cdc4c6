import { api, exportUrl, type CaseFilter } from '../api/client.js';
import type { BoardProcess, LocalizedText } from '../api/types.js';
import { elapsedText } from '../case/duration-text.js';
import { CaseRows } from '../components/case-rows.js';
import { ErrorBox, Loading, PageHeading, Pager } from '../components/common.js';
import { useCursorPaging } from '../components/paging.js';
import { fieldOfActionTitle } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, setQuery, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';

const PAGE_SIZE = 25;
type SortKey = 'updatedAt' | 'createdAt' | 'dueAt' | 'definition' | 'state' | 'status';

function ProcessCard({ p }: { p: BoardProcess }) {
  const { t, lt, lang, num } = useI18n();
  // Only the steps where cases are (a long list of zeros hides what matters), and only
  // the innermost ones: a case in "Schulanmeldung" also counts for every enclosing state.
  const occupied = p.states.filter((s) => s.count > 0);
  const states = occupied.filter((s) => !occupied.some((o) => o.path.startsWith(`${s.path}.`)));
  const max = Math.max(1, ...states.map((s) => s.count));
  return (
    <section className="card board-card" aria-labelledby={`board-${p.key}`}>
      <h3 id={`board-${p.key}`}>
        <Link href={`/board?definition=${encodeURIComponent(p.key)}`}>{lt(p.title)}</Link>
      </h3>
      <p className="muted">{fieldOfActionTitle(p.fieldOfAction, lang)}</p>
      <dl className="board-figures">
        <div>
          <dt>{t('board.open')}</dt>
          <dd>{num(p.open)}</dd>
        </div>
        <div>
          <dt>{t('board.closed')}</dt>
          <dd>{num(p.closed)}</dd>
        </div>
        <div className={p.overdue > 0 ? 'is-overdue' : undefined}>
          <dt>{t('board.overdue')}</dt>
          <dd>{num(p.overdue)}</dd>
        </div>
      </dl>
      {states.length === 0 && <p className="muted">{t('board.noOpen')}</p>}
      {states.length > 0 && states.reduce((sum, st) => sum + st.count, 0) > p.open && <p className="hint board-parallel">{t('board.parallelNote')}</p>}
      {states.length > 0 && (
        <table className="state-table">
          <caption className="visually-hidden">{t('board.statesCaption', { process: lt(p.title) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('case.state')}</th>
              <th scope="col" className="num">
                {t('board.cases')}
              </th>
            </tr>
          </thead>
          <tbody>
            {states.map((s) => (
              <tr key={s.path}>
                <th scope="row">
                  <Link href={`/board?definition=${encodeURIComponent(p.key)}&state=${encodeURIComponent(s.path)}&status=active`}>{lt(s.title)}</Link>
                  <span className="bar" style={{ width: `${(s.count / max) * 100}%` }} aria-hidden="true" />
                </th>
                <td className="num">{num(s.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Übersicht: open cases per state and process, overdue tasks, and the filterable case list with CSV export. */
export function BoardPage() {
  const { t, lt, num } = useI18n();
  const { search } = useLocation();
  const paging = useCursorPaging();
  const board = useAsync(() => api.board(), []);
  const filter: CaseFilter = {
    definition: search.get('definition') ?? undefined,
    state: search.get('state') ?? undefined,
    status: (search.get('status') as CaseFilter['status']) ?? undefined,
    overdue: search.get('overdue') === 'true' || undefined,
    q: search.get('q') ?? undefined,
    sort: (search.get('sort') as SortKey | null) ?? 'updatedAt',
    order: (search.get('order') as 'asc' | 'desc' | null) ?? 'desc',
  };
  const cases = useAsync(() => api.cases({ ...filter, limit: PAGE_SIZE, cursor: paging.cursor }), [search.toString()]);
  const processes = board.data?.processes ?? [];
  const states = processes.find((p) => p.key === filter.definition)?.states ?? [];

  const sortButton = (key: SortKey, label: string) => {
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
      <PageHeading title={t('board.title')}>{t('board.title')}</PageHeading>
      <p className="lead">{t('board.intro')}</p>
      <section aria-labelledby="board-processes">
        <h2 id="board-processes" className="section-heading">
          {t('board.processes')}
        </h2>
        <ErrorBox error={board.error} />
        {board.loading && <Loading />}
        <div className="board-grid">
          {processes.map((p) => (
            <ProcessCard key={p.key} p={p} />
          ))}
        </div>
      </section>

      {filter.definition && <Durations definition={filter.definition} title={processes.find((p) => p.key === filter.definition)?.title} />}

      <section aria-labelledby="board-cases" className="card">
        <h2 id="board-cases">{t('board.cases')}</h2>
        <form className="filters" role="search" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="b-process">{t('common.process')}</label>
            <select id="b-process" value={filter.definition ?? ''} onChange={(e) => setQuery({ definition: e.target.value, state: undefined, ...paging.reset })}>
              <option value="">{t('common.all')}</option>
              {processes.map((p) => (
                <option key={p.key} value={p.key}>
                  {lt(p.title)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="b-state">{t('case.state')}</label>
            <select id="b-state" value={filter.state ?? ''} disabled={!filter.definition} onChange={(e) => setQuery({ state: e.target.value, ...paging.reset })}>
              <option value="">{filter.definition ? t('common.all') : t('board.chooseProcessFirst')}</option>
              {states.map((s) => (
                <option key={s.path} value={s.path}>
                  {lt(s.title)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="b-status">{t('case.status')}</label>
            <select id="b-status" value={filter.status ?? ''} onChange={(e) => setQuery({ status: e.target.value, ...paging.reset })}>
              <option value="">{t('common.all')}</option>
              <option value="active">{t('status.active')}</option>
              <option value="closed">{t('status.closed')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="b-q">{t('board.search')}</label>
            <input id="b-q" type="search" defaultValue={filter.q ?? ''} onKeyDown={(e) => e.key === 'Enter' && setQuery({ q: e.currentTarget.value, ...paging.reset })} onBlur={(e) => e.currentTarget.value !== (filter.q ?? '') && setQuery({ q: e.currentTarget.value, ...paging.reset })} />
          </div>
          <div className="field field-check">
            <input id="b-overdue" type="checkbox" checked={!!filter.overdue} onChange={(e) => setQuery({ overdue: e.target.checked ? 'true' : undefined, ...paging.reset })} />
            <label htmlFor="b-overdue">{t('board.onlyOverdue')}</label>
          </div>
        </form>
        <p className="export">
          <a className="btn btn-secondary" href={exportUrl({ ...filter })} download>
            {t('board.export')}
          </a>
          {cases.data && <span className="muted"> {t(cases.data.total === 1 ? 'board.foundOne' : 'board.found', { n: num(cases.data.total) })}</span>}
        </p>
        <ErrorBox error={cases.error} />
        {cases.loading && !cases.data && <Loading />}
        {cases.data && (
          <div className="table-wrap" aria-busy={cases.loading}>
            <table className="case-table">
              <caption className="visually-hidden">{t('board.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.case')}</th>
                  {sortButton('definition', t('common.process'))}
                  {sortButton('state', t('case.state'))}
                  {sortButton('status', t('case.status'))}
                  {sortButton('dueAt', t('common.due'))}
                  {sortButton('updatedAt', t('board.updated'))}
                </tr>
              </thead>
              <tbody>
                <CaseRows items={cases.data.items} empty={t('board.none')} />
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

/** Verweildauer je Schritt: median and 90th percentile of completed stays, for the chosen process. */
function Durations({ definition, title }: { definition: string; title?: LocalizedText }) {
  const { t, lt, num } = useI18n();
  const durations = useAsync(() => api.durations(definition), [definition]);
  const text = (ms: number | null) => (ms === null ? t('board.noStays') : elapsedText(ms, t));
  return (
    <section aria-labelledby="board-durations" className="card">
      <h2 id="board-durations">{t('board.durations')}</h2>
      <ErrorBox error={durations.error} />
      {durations.loading && !durations.data && <Loading />}
      {durations.data && (
        <>
          <p className="muted">{t('board.durationsIntro', { process: lt(title, definition), n: num(durations.data.cases) })}</p>
          <p className="hint">{t('board.durationsHow')}</p>
          <div className="table-wrap">
            <table className="case-table">
              <thead>
                <tr>
                  <th scope="col">{t('board.step')}</th>
                  <th scope="col">{t('board.median')}</th>
                  <th scope="col">{t('board.p90')}</th>
                  <th scope="col">{t('board.stays')}</th>
                  <th scope="col">{t('board.inWords')}</th>
                </tr>
              </thead>
              <tbody>
                {durations.data.states
                  .filter((s) => s.count > 0)
                  .map((s) => (
                    <tr key={s.path}>
                      <th scope="row">{lt(s.title)}</th>
                      <td>{text(s.medianMs)}</td>
                      <td>{text(s.p90Ms)}</td>
                      <td>{num(s.count)}</td>
                      <td className="muted">{s.medianMs === null ? '' : t('board.durationSentence', { half: text(s.medianMs), most: text(s.p90Ms) })}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
