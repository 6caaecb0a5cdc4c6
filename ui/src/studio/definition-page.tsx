import { useState } from 'react';
import { api, definitionExportUrl } from '../api/client.js';
import type { DefinitionDetail, ErrorDetail } from '../api/types.js';
import { ErrorBox, Loading, Notice, PageHeading, useErrorText } from '../components/common.js';
import { fieldOfActionTitle, forgetProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';
import { DraftProvider, useDefinitionDraft } from './draft.js';
import { ProblemList } from './problem-list.js';
import { StudioTabs } from './studio-tabs.js';

/** A success message that survives the move to the page of a newly saved version. */
let carriedMessage: string | null = null;

/** One definition version: facts, the editors in tabs over one draft document, save as draft, publish, download. */
export default function DefinitionPage({ defKey, version }: { defKey: string; version: number }) {
  const { t } = useI18n();
  const def = useAsync(() => api.definition(defKey, version), [defKey, version]);
  const [message, setMessage] = useState<string | null>(() => {
    const m = carriedMessage;
    carriedMessage = null;
    return m;
  });
  if (def.error) {
    return (
      <>
        <PageHeading title={t('studio.title')}>{t('studio.title')}</PageHeading>
        <ErrorBox error={def.error} />
        <Link href="/studio">{t('studio.back')}</Link>
      </>
    );
  }
  if (!def.data) return <Loading />;
  return (
    <DraftProvider key={`${def.data.key}/${def.data.version}/${def.data.checksum}/${def.data.status}`} document={def.data.body} status={def.data.status}>
      <DefinitionShell detail={def.data} reload={def.reload} message={message} setMessage={setMessage} />
    </DraftProvider>
  );
}

interface ShellProps {
  detail: DefinitionDetail;
  reload: () => void;
  message: string | null;
  setMessage: (message: string | null) => void;
}

function DefinitionShell({ detail: d, reload, message, setMessage }: ShellProps) {
  const { t, lt, lang, dateTime } = useI18n();
  const errorText = useErrorText();
  const draft = useDefinitionDraft();
  const { search } = useLocation();
  const [problems, setProblems] = useState<ErrorDetail[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const isDraft = d.status === 'draft';

  const save = async () => {
    setError(null);
    setProblems([]);
    setMessage(null);
    setBusy(true);
    try {
      const result = await draft.save();
      if (result.problems) {
        setProblems(result.problems);
        return;
      }
      forgetProcesses();
      setMessage(t('studio.savedVersion', { n: result.saved.version }));
      if (result.saved.version !== d.version || result.saved.key !== d.key) {
        carriedMessage = t('studio.savedVersion', { n: result.saved.version });
        const tab = search.get('tab');
        navigate(`/studio/${encodeURIComponent(result.saved.key)}/${result.saved.version}${tab ? `?tab=${encodeURIComponent(tab)}` : ''}`);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await api.publish(d.key, d.version);
      forgetProcesses();
      setConfirming(false);
      setMessage(t('studio.publishedNow'));
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href="/studio">{t('nav.studio')}</Link> <span aria-hidden="true">›</span> {lt(d.title)}
      </p>
      <PageHeading title={`${lt(d.title)} – ${t('studio.version', { n: d.version })}`}>
        {lt(d.title)} <span className="reference">{t('studio.version', { n: d.version })}</span>
      </PageHeading>
      {d.description && <p className="lead">{lt(d.description)}</p>}
      <dl className="case-facts">
        <div>
          <dt>{t('studio.status')}</dt>
          <dd>
            <span className={`badge badge-${d.status}`}>{isDraft ? t('studio.draft') : t('studio.published')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('studio.key')}</dt>
          <dd>
            <code>{d.key}</code>
          </dd>
        </div>
        <div>
          <dt>{t('common.fieldOfAction')}</dt>
          <dd>{fieldOfActionTitle(d.fieldOfAction, lang)}</dd>
        </div>
        <div>
          <dt>{t('studio.created')}</dt>
          <dd>{dateTime(d.createdAt)}</dd>
        </div>
        {d.publishedAt && (
          <div>
            <dt>{t('studio.publishedAt')}</dt>
            <dd>{dateTime(d.publishedAt)}</dd>
          </div>
        )}
      </dl>
      {!isDraft && <p className="hint">{t('studio.publishedEditHint')}</p>}
      <div className="form-actions page-actions studio-toolbar" role="toolbar" aria-label={t('studio.toolbar')}>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy || (isDraft && !draft.dirty)}>
          {busy ? t('common.saving') : t('studio.saveDraft')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={draft.undo} disabled={!draft.canUndo}>
          {t('studio.undo')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={draft.redo} disabled={!draft.canRedo}>
          {t('studio.redo')}
        </button>
        {draft.dirty && <span className="badge badge-draft">{t('studio.unsaved')}</span>}
        <a className="btn btn-secondary" href={definitionExportUrl(d.key, d.version)} download>
          {t('studio.download')}
        </a>
        {isDraft && !confirming && (
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(true)} disabled={busy || draft.dirty} title={draft.dirty ? t('studio.saveFirst') : undefined}>
            {t('studio.publish')}
          </button>
        )}
      </div>
      <div aria-live="polite">{message && <Notice kind="success">{message}</Notice>}</div>
      {error !== null && <ErrorBox>{errorText(error)}</ErrorBox>}
      <ProblemList problems={problems} onJump={(p) => draft.setFocus(p)} />
      {isDraft && confirming && (
        <div className="card confirm" role="group" aria-labelledby="publish-confirm">
          <p id="publish-confirm">{t('studio.publishConfirm')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => void publish()} disabled={busy} autoFocus>
              {t('studio.publishYes')}
            </button>
            <button type="button" className="btn btn-link" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <StudioTabs detail={d} />
    </>
  );
}
