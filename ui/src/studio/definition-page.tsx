import { useEffect, useState } from 'react';
import { api, ApiError, definitionExportUrl } from '../api/client.js';
import type { DefinitionDocument, ErrorDetail, LintResponse } from '../api/types.js';
import { ErrorBox, Loading, Notice, PageHeading, useErrorText } from '../components/common.js';
import { fieldOfActionTitle, forgetProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { useAsync } from '../use-async.js';
import { DefinitionEditor, parseDocument } from './definition-editor.js';
import { DefinitionPreview } from './definition-preview.js';

/** One definition version: facts, preview of forms and diagram, editing a draft, publishing, download. */
export default function DefinitionPage({ defKey, version }: { defKey: string; version: number }) {
  const { t, lt, lang, dateTime } = useI18n();
  const errorText = useErrorText();
  const def = useAsync(() => api.definition(defKey, version), [defKey, version]);
  const [text, setText] = useState('');
  const [linted, setLinted] = useState<{ doc: DefinitionDocument; result: LintResponse } | null>(null);
  const [saveProblems, setSaveProblems] = useState<ErrorDetail[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (def.data) setText(JSON.stringify(def.data.body, null, 2));
  }, [def.data]);

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
  const d = def.data;
  const isDraft = d.status === 'draft';

  const saveDraft = async () => {
    setError(null);
    setSaveProblems([]);
    setMessage(null);
    const parsed = parseDocument(text);
    if (!parsed.doc) {
      setSaveProblems([{ path: '/', message: t('studio.notJson', { message: parsed.problem?.message ?? '' }) }]);
      return;
    }
    if (parsed.doc.key !== d.key || parsed.doc.version !== d.version) {
      setSaveProblems([{ path: '/version', message: t('studio.keyChanged') }]);
      return;
    }
    setBusy(true);
    try {
      await api.importDefinition(parsed.doc);
      setMessage(t('studio.saved'));
      def.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DEFINITION_INVALID') setSaveProblems(err.details);
      else setError(err);
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
      def.reload();
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
      {message && <Notice kind="success">{message}</Notice>}
      {error !== null && <ErrorBox>{errorText(error)}</ErrorBox>}
      <div className="form-actions page-actions">
        <a className="btn btn-secondary" href={definitionExportUrl(d.key, d.version)} download>
          {t('studio.download')}
        </a>
        {!isDraft && (
          <Link className="btn btn-secondary" href={`/studio?from=${encodeURIComponent(`${d.key}/${d.version}`)}`}>
            {t('studio.newVersion')}
          </Link>
        )}
        {isDraft && !confirming && (
          <button type="button" className="btn btn-primary" onClick={() => setConfirming(true)} disabled={busy}>
            {t('studio.publish')}
          </button>
        )}
      </div>
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

      <DefinitionPreview doc={linted?.result.ok ? linted.doc : d.body} graph={linted?.result.ok ? linted.result.graph : undefined} idBase="def" />

      <section className="card stack" aria-labelledby="source-heading">
        <h2 id="source-heading">{isDraft ? t('studio.edit') : t('studio.source')}</h2>
        {!isDraft && <p className="hint">{t('studio.publishedReadOnly')}</p>}
        {isDraft ? (
          <DefinitionEditor
            id="def-source"
            label={t('studio.document')}
            text={text}
            onText={(v) => {
              setText(v);
              setSaveProblems([]);
            }}
            onLinted={(doc, result) => setLinted(doc && result ? { doc, result } : null)}
            extraProblems={saveProblems}
            actions={
              <button type="button" className="btn btn-primary" onClick={() => void saveDraft()} disabled={busy}>
                {busy ? t('common.saving') : t('studio.saveChanges')}
              </button>
            }
          />
        ) : (
          <details>
            <summary>{t('studio.showSource')}</summary>
            <pre className="mono source" tabIndex={0}>
              {text}
            </pre>
          </details>
        )}
      </section>
    </>
  );
}
