import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { CaseView, ErrorDetail } from '../api/types.js';
import { Due, ErrorBox, Loading, Notice, PageHeading, StatusBadge, useErrorText } from '../components/common.js';
import { AgoraForm } from '../forms/agora-form.js';
import { prefill } from '../forms/prefill.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { hasRole, useSession } from '../session.js';
import { useAsync } from '../use-async.js';
import { mayStart, usePublishedProcesses } from '../components/processes.js';
import { LinkedCases, RecordedData, CollectionEntries } from './case-data.js';
import { CaseHeading } from './case-heading.js';
import { CaseReads } from './case-reads.js';
import { DiagramSection } from './diagram-section.js';
import { EventAction } from './event-action.js';
import { HistoryTimeline } from './history-timeline.js';
import { useDraft, type DraftStatus } from './use-draft.js';

const SUBMIT = 'SUBMIT';

/** Start values per form: the draft for its form, else what the case already holds (not for collections), else earlier answers. */
function startValues(view: CaseView, draft: { form: string; data: unknown } | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const ev of view.availableEvents) {
    if (!ev.form) continue;
    const spec = view.forms[ev.form];
    const recorded = spec && !spec.collection ? view.data[ev.form] : undefined;
    // A form not answered yet starts with the earlier answers its fields name (x-prefill).
    out[ev.form] = draft?.form === ev.form ? draft.data : (recorded ?? (spec ? prefill(spec.schema, view.data) : undefined));
  }
  return out;
}

/** Where the draft is. "Saving …" is only shown, not announced: a screen reader would hear it at every pause in typing. */
function DraftNote({ status }: { status: DraftStatus }) {
  const { t, dateTime } = useI18n();
  const text = status.kind === 'saved' ? t('draft.saved', { at: dateTime(status.at) }) : status.kind === 'local' ? t('draft.local') : '';
  return (
    <p className={`draft-note${status.kind === 'local' ? ' draft-local' : ''}`}>
      {status.kind === 'saving' && <span aria-hidden="true">{t('draft.saving')}</span>}
      <span role="status">{text}</span>
    </p>
  );
}

/** The owning organisation by its title (disabled ones too, so it is read one by one). */
function OwnerFact({ orgKey }: { orgKey: string }) {
  const { t, lt } = useI18n();
  const org = useAsync(() => api.organisation(orgKey), [orgKey]);
  return (
    <div>
      <dt>{t('case.organisation')}</dt>
      <dd>{org.data ? lt(org.data.title) : org.error ? orgKey : t('common.loading')}</dd>
    </div>
  );
}

/** Vorgang: the current task's form, the other possible events, data, history and diagram of one case. */
export function CasePage({ id }: { id: string }) {
  const { t, lt } = useI18n();
  const { user } = useSession();
  const errorText = useErrorText();
  const view = useAsync(() => api.getCase(id), [id]);
  // Loaded once the case is (and again after each change): every load is a logged read.
  const history = useAsync(() => (view.data ? api.history(id) : Promise.resolve(undefined)), [id, view.data?.version]);
  const draft = useDraft(id, user?.id ?? 'anon');
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [openEvent, setOpenEvent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ error: unknown; conflict: boolean } | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const successRef = useRef<HTMLDivElement>(null);
  const baseline = useRef<Record<string, string>>({});

  const v = view.data;
  const processes = usePublishedProcesses();
  const canHaveChildren = !!v && (processes.data ?? []).some((d) => d.parent === v.definition.key && mayStart(user, d));
  useEffect(() => {
    if (!v || !draft.loaded || values) return;
    const start = startValues(v, draft.initial);
    baseline.current = Object.fromEntries(Object.entries(start).map(([k, val]) => [k, JSON.stringify(val ?? null)]));
    setValues(start);
    const draftEvent = draft.initial && v.availableEvents.find((e) => e.form === draft.initial?.form && e.type !== SUBMIT);
    if (draftEvent && !v.availableEvents.some((e) => e.type === SUBMIT && e.form === draftEvent.form)) setOpenEvent(draftEvent.type);
  }, [v, draft.loaded, draft.initial, values]);

  useEffect(() => {
    if (success) successRef.current?.focus();
  }, [success]);

  if (view.error) {
    const notFound = view.error instanceof ApiError && (view.error.status === 404 || view.error.status === 403);
    const readsOnly = notFound && hasRole(user, 'datenschutz');
    return (
      <>
        <PageHeading title={t('case.title')}>{t('case.title')}</PageHeading>
        {readsOnly ? <Notice>{t('case.readsOnly')}</Notice> : <ErrorBox>{notFound ? t('case.notFound') : errorText(view.error)}</ErrorBox>}
        <p>
          <Link href="/">{t('case.backToInbox')}</Link>
        </p>
        {/* Data protection reads who read a case even where its data are not theirs to see; the log says 404 for a case that does not exist. */}
        {readsOnly && <CaseReads caseId={id} />}
      </>
    );
  }
  if (!v) return <Loading />;

  const change = (form: string) => (value: unknown, byUser: boolean) => {
    setValues((prev) => ({ ...(prev ?? {}), [form]: value }));
    const json = JSON.stringify(value ?? null);
    if (!byUser || baseline.current[form] === json) return;
    baseline.current[form] = json;
    draft.save(form, value);
  };

  const send = async (type: string, form: string | null, data: unknown): Promise<ErrorDetail[] | void> => {
    setBusy(true);
    setProblem(null);
    setSuccess(null);
    try {
      const next = await api.sendEvent(v.id, type, form ? data : undefined, v.version);
      await draft.clear(false);
      setValues(null);
      setOpenEvent(null);
      view.set(next);
      setSuccess(next.status === 'closed' ? t('case.sentClosed') : t('case.sent', { state: lt(next.stateTitle) }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.details.length) return err.details;
      // A rule of the process refused the step: its message belongs at the form the person just sent (#12).
      if (form && err instanceof ApiError && err.code === 'GUARD_REJECTED' && err.details.some((d) => d.message)) {
        return err.details.filter((d) => d.message).map((d) => ({ path: d.path || '/', message: d.message, code: 'guard' }));
      }
      setProblem({ error: err, conflict: err instanceof ApiError && err.code === 'VERSION_CONFLICT' });
    } finally {
      setBusy(false);
    }
  };

  const submitEvent = v.availableEvents.find((e) => e.type === SUBMIT);
  const others = v.availableEvents.filter((e) => e.type !== SUBMIT);
  const task = v.tasks.find((tk) => tk.kind === 'task' && (!submitEvent || tk.form === submitEvent.form)) ?? v.tasks.find((tk) => tk.kind === 'task');
  const submitSpec = submitEvent?.form ? v.forms[submitEvent.form] : undefined;
  const title = lt(v.definition.title);

  return (
    <>
      <CaseHeading view={v} processTitle={title} />
      <dl className="case-facts">
        <div>
          <dt>{t('case.state')}</dt>
          <dd>
            <span className="badge badge-state">{lt(v.stateTitle)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('case.status')}</dt>
          <dd>
            <StatusBadge status={v.status} />
          </dd>
        </div>
        {v.organisation && <OwnerFact orgKey={v.organisation} />}
        {task && (
          <div>
            <dt>{t('common.due')}</dt>
            <dd>
              <Due dueAt={task.dueAt} overdue={task.overdue} />
            </dd>
          </div>
        )}
      </dl>

      <div ref={successRef} tabIndex={-1} role="status" className={success ? 'notice notice-success' : 'visually-hidden'}>
        {success}
      </div>
      {problem && (
        <ErrorBox>
          {errorText(problem.error)}{' '}
          {problem.conflict && (
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                setProblem(null);
                view.reload();
              }}
            >
              {t('case.reload')}
            </button>
          )}
        </ErrorBox>
      )}

      <div className="case-layout">
        <div className="case-main">
          <section className="card" aria-labelledby="task-heading">
            <h2 id="task-heading">{submitEvent ? t('case.yourTask', { task: task ? lt(task.title) : lt(submitEvent.label) }) : t('case.noTaskHeading')}</h2>
            {!submitEvent && <p>{v.status === 'closed' ? t('case.closed') : t('case.noTask')}</p>}
            {submitEvent && !values && <Loading />}
            {submitEvent && values && submitSpec && (
              <>
                {submitSpec.collection && <CollectionEntries entries={v.data[submitEvent.form as string]} spec={submitSpec} view={v} />}
                <AgoraForm
                  idPrefix="task"
                  spec={submitSpec}
                  catalogues={v.catalogues}
                  value={values[submitEvent.form as string]}
                  onChange={change(submitEvent.form as string)}
                  onSubmit={(data) => send(SUBMIT, submitEvent.form, data)}
                  submitLabel={t('case.submit')}
                  busy={busy}
                  headingLevel={3}
                  actions={
                    draft.initial?.form === submitEvent.form || draft.status.kind !== 'idle' ? (
                      <button
                        type="button"
                        className="btn btn-link"
                        onClick={() => {
                          void draft.clear(true);
                          setValues(null);
                        }}
                      >
                        {t('draft.discard')}
                      </button>
                    ) : null
                  }
                />
                <DraftNote status={draft.status} />
              </>
            )}
            {submitEvent && !submitEvent.form && (
              <div className="form-actions">
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void send(SUBMIT, null, undefined)}>
                  {t('case.done')}
                </button>
              </div>
            )}
          </section>

          {others.length > 0 && (
            <section className="card" aria-labelledby="actions-heading">
              <h2 id="actions-heading">{t('case.otherActions')}</h2>
              <div className="event-actions">
                {others.map((ev) => (
                  <EventAction
                    key={ev.type}
                    event={ev}
                    view={v}
                    open={openEvent === ev.type}
                    onToggle={(o) => setOpenEvent(o ? ev.type : null)}
                    value={ev.form ? values?.[ev.form] : undefined}
                    onChange={ev.form ? change(ev.form) : () => undefined}
                    onSend={(data) => send(ev.type, ev.form, data)}
                    busy={busy}
                  />
                ))}
              </div>
            </section>
          )}
          <LinkedCases view={v} canHaveChildren={canHaveChildren} />
        </div>

        <div className="case-side">
          <section className="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{t('case.data')}</h2>
            <RecordedData view={v} />
          </section>
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t('case.history')}</h2>
            <ErrorBox error={history.error} />
            {history.data ? <HistoryTimeline items={history.data.items} view={v} /> : <Loading />}
          </section>
          {hasRole(user, 'admin', 'datenschutz') && <CaseReads key={v.version} caseId={v.id} forms={v.forms} />}
        </div>
      </div>

      <section className="card" aria-labelledby="diagram-heading">
        <h2 id="diagram-heading">{t('case.diagram')}</h2>
        <DiagramSection definition={v.definition.key} version={v.definition.version} active={v.statePaths} caption={t('diagram.caption', { state: lt(v.stateTitle) })} />
      </section>
    </>
  );
}
