import { useEffect, useState } from 'react';
import { api, ApiError, definitionExportUrl } from '../api/client.js';
import type { DefinitionDocument, DefinitionSummary, ErrorDetail, LintResponse } from '../api/types.js';
import { ErrorBox, Loading, PageHeading } from '../components/common.js';
import { fieldOfActionTitle, forgetProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';
import { DefinitionEditor, parseDocument } from './definition-editor.js';
import { DefinitionPreview } from './definition-preview.js';
import { NewProcess } from './new-process.js';

function groupByKey(items: DefinitionSummary[]): DefinitionSummary[][] {
  const map = new Map<string, DefinitionSummary[]>();
  for (const d of items) map.set(d.key, [...(map.get(d.key) ?? []), d]);
  return [...map.values()]
    .map((list) => list.sort((a, b) => b.version - a.version))
    .sort((a, b) => a[0].title.de.localeCompare(b[0].title.de, 'de'));
}

/** Import by upload or paste: lint, preview, store as draft. */
function ImportDefinition() {
  const { t } = useI18n();
  const { search } = useLocation();
  const [text, setText] = useState('');
  const from = search.get('from');

  // "Neue Version anlegen" on a published definition: its document with the next version number.
  useEffect(() => {
    const m = from ? /^([a-z][a-z0-9-]*)\/(\d+)$/.exec(from) : null;
    if (!m) return;
    let alive = true;
    Promise.all([api.definition(m[1], Number(m[2])), api.definitions()]).then(
      ([d, all]) => {
        if (!alive) return;
        const next = Math.max(...all.items.filter((x) => x.key === d.key).map((x) => x.version)) + 1;
        setText(JSON.stringify({ ...d.body, version: next }, null, 2));
        document.getElementById('import-heading')?.scrollIntoView();
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [from]);
  const [linted, setLinted] = useState<{ doc: DefinitionDocument; result: LintResponse } | null>(null);
  const [saveProblems, setSaveProblems] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setError(null);
    setSaveProblems([]);
    const parsed = parseDocument(text);
    if (!parsed.doc) {
      setSaveProblems([{ path: '/', message: t('studio.notJson', { message: parsed.problem?.message ?? '' }) }]);
      return;
    }
    setBusy(true);
    try {
      const saved = await api.importDefinition(parsed.doc);
      forgetProcesses();
      navigate(`/studio/${encodeURIComponent(saved.key)}/${saved.version}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DEFINITION_INVALID') setSaveProblems(err.details);
      else setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('studio.import')}</h2>
      <p>{t('studio.importIntro')}</p>
      <div className="field">
        <label htmlFor="def-file">{t('studio.upload')}</label>
        <input
          id="def-file"
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) {
              setText(await file.text());
              setLinted(null);
            }
          }}
        />
      </div>
      <DefinitionEditor
        id="def-text"
        label={t('studio.paste')}
        text={text}
        onText={(v) => {
          setText(v);
          setLinted(null);
          setSaveProblems([]);
        }}
        onLinted={(doc, result) => setLinted(doc && result ? { doc, result } : null)}
        extraProblems={saveProblems}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy || !text.trim()}>
            {busy ? t('common.saving') : t('studio.saveDraft')}
          </button>
        }
      />
      <ErrorBox error={error} />
      {linted?.result.ok && (
        <>
          <DefinitionPreview doc={linted.doc} graph={linted.result.graph} idBase="imp" />
        </>
      )}
    </section>
  );
}

/** Prozesse: every definition with its versions and status, and the import. */
export default function StudioPage() {
  const { t, lt, lang, date } = useI18n();
  const defs = useAsync(() => api.definitions(), []);
  const groups = groupByKey(defs.data?.items ?? []);
  return (
    <>
      <PageHeading title={t('studio.title')}>{t('studio.title')}</PageHeading>
      <p className="lead">{t('studio.intro')}</p>
      <section aria-labelledby="defs-heading" className="card">
        <h2 id="defs-heading">{t('studio.definitions')}</h2>
        <ErrorBox error={defs.error} />
        {defs.loading && <Loading />}
        {defs.data && groups.length === 0 && <p className="muted">{t('studio.none')}</p>}
        {groups.length > 0 && (
          <div className="table-wrap">
            <table className="def-table">
              <caption className="visually-hidden">{t('studio.definitions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.process')}</th>
                  <th scope="col">{t('common.fieldOfAction')}</th>
                  <th scope="col">{t('studio.versions')}</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((list) => (
                  <tr key={list[0].key}>
                    <th scope="row">
                      {lt(list[0].title)}
                      <span className="muted small"> ({list[0].key})</span>
                    </th>
                    <td>{fieldOfActionTitle(list[0].fieldOfAction, lang)}</td>
                    <td>
                      <ul className="versions">
                        {list.map((d) => (
                          <li key={d.version}>
                            <Link href={`/studio/${encodeURIComponent(d.key)}/${d.version}`}>{t('studio.version', { n: d.version })}</Link>{' '}
                            <span className={`badge badge-${d.status}`}>{d.status === 'published' ? t('studio.published') : t('studio.draft')}</span>
                            {d.publishedAt && <span className="muted small"> {date(d.publishedAt)}</span>}{' '}
                            <a href={definitionExportUrl(d.key, d.version)} download className="small" aria-label={t('studio.downloadVersion', { title: lt(d.title), n: d.version })}>
                              {t('studio.download')}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewProcess existing={defs.data?.items ?? []} />
      <ImportDefinition />
    </>
  );
}
