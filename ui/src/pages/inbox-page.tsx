import { api } from '../api/client.js';
import { Due, ErrorBox, Loading, PageHeading, Pager } from '../components/common.js';
import { useCursorPaging } from '../components/paging.js';
import { fieldOfActionTitle, fieldsOf, usePublishedProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, setQuery, useLocation } from '../router.js';
import { useSession } from '../session.js';
import { useAsync } from '../use-async.js';

const PAGE_SIZE = 20;

/** Meine Aufgaben: the open tasks this person may work on, due first. */
export function InboxPage() {
  const { t, lt, lang, num } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  const paging = useCursorPaging();
  const definition = search.get('definition') ?? '';
  const fieldOfAction = search.get('fieldOfAction') ?? '';
  const processes = usePublishedProcesses();
  const tasks = useAsync(
    () => api.tasks({ definition: definition || undefined, fieldOfAction: fieldOfAction || undefined, limit: PAGE_SIZE, cursor: paging.cursor }),
    [definition, fieldOfAction, paging.cursor],
  );
  const fields = fieldsOf(processes.data ?? []);
  const processOptions = (processes.data ?? []).filter((p) => !fieldOfAction || p.fieldOfAction === fieldOfAction);

  return (
    <>
      <PageHeading title={t('inbox.title')}>{t('inbox.title')}</PageHeading>
      <p className="lead">{t('inbox.intro', { name: user?.displayName || user?.username || '' })}</p>

      <form className="filters" role="search" aria-label={t('inbox.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="f-field">{t('common.fieldOfAction')}</label>
          <select
            id="f-field"
            value={fieldOfAction}
            onChange={(e) => setQuery({ fieldOfAction: e.target.value, definition: undefined, ...paging.reset })}
          >
            <option value="">{t('common.all')}</option>
            {fields.map((f) => (
              <option key={f} value={f}>
                {fieldOfActionTitle(f, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-process">{t('common.process')}</label>
          <select id="f-process" value={definition} onChange={(e) => setQuery({ definition: e.target.value, ...paging.reset })}>
            <option value="">{t('common.all')}</option>
            {processOptions.map((p) => (
              <option key={p.key} value={p.key}>
                {lt(p.title)}
              </option>
            ))}
          </select>
        </div>
      </form>

      <section aria-labelledby="tasks-heading" aria-busy={tasks.loading}>
        <h2 id="tasks-heading" className="section-heading">
          {t('inbox.open')}
          {tasks.data && <span className="count"> ({num(tasks.data.total)})</span>}
        </h2>
        <ErrorBox error={tasks.error} />
        {tasks.loading && !tasks.data && <Loading />}
        {tasks.data && tasks.data.items.length === 0 && (
          <div className="empty">
            <p>{definition || fieldOfAction ? t('inbox.emptyFiltered') : t('inbox.empty')}</p>
            <p>
              <Link href="/cases/new" className="btn btn-secondary">
                {t('nav.newCase')}
              </Link>
            </p>
          </div>
        )}
        {tasks.data && tasks.data.items.length > 0 && (
          <ul className="task-list">
            {tasks.data.items.map((task) => (
              <li key={`${task.caseId}:${task.statePath}:${task.kind}`} className={`task${task.overdue ? ' task-overdue' : ''}`}>
                <div className="task-main">
                  <Link href={`/cases/${encodeURIComponent(task.caseId)}`} className="task-link">
                    {task.caseTitle && task.caseTitle !== task.reference && (
                      <>
                        <span className="task-case">{task.caseTitle}</span>
                        <span className="visually-hidden">: </span>
                      </>
                    )}
                    <span className="task-what">{lt(task.title)}</span>
                  </Link>
                  <span className="task-meta">
                    {lt(task.definition.title)} · <span className="reference">{task.reference}</span>
                    {task.kind === 'reminder' && <span className="badge badge-reminder">{t('inbox.reminder')}</span>}
                  </span>
                </div>
                <div className="task-due">
                  <span className="task-due-label">{t('common.due')}: </span>
                  <Due dueAt={task.dueAt} overdue={task.overdue} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {tasks.data && (
          <Pager
            label={t('pager.label')}
            page={paging.page}
            pageSize={PAGE_SIZE}
            shown={tasks.data.items.length}
            total={tasks.data.total}
            hasNext={!!tasks.data.nextCursor}
            onPrev={paging.prev}
            onNext={() => tasks.data?.nextCursor && paging.next(tasks.data.nextCursor)}
          />
        )}
      </section>
    </>
  );
}
