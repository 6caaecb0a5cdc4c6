import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { PrivacyHit } from '../api/types.js';
import { ErrorBox, Notice, PageHeading, StatusBadge } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, setQuery, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';
import { privacyDocument, type PrivacyExport } from './privacy-document.js';

/** Saves a JSON document (or a text of the given type) as a file the browser downloads. */
function download(doc: unknown, name: string, type = 'application/json'): void {
  const body = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Auskunft (DSGVO Art. 15): search a person's cases across every process,
 * choose the ones that concern them, download one document with their data
 * and history. The query lives in the URL so the page survives a reload.
 */
export function PrivacyPage() {
  const { t, lt, date, num, lang } = useI18n();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exported, setExported] = useState(false);
  const hits = useAsync(() => (q.trim().length >= 2 ? api.privacySearch(q) : Promise.resolve({ items: [] as PrivacyHit[] })), [q]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChosen(new Set());
    setExported(false);
    setQuery({ q: text.trim() });
  };

  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
    setExported(false);
  };

  /** The JSON for machines, or the readable document for the person (HTML, printable to PDF). */
  const exportChosen = async (readable = false) => {
    setExporting(true);
    setExportError(null);
    try {
      const doc = await api.privacyExport([...chosen]);
      const day = new Date().toISOString().slice(0, 10);
      if (readable) download(privacyDocument(doc as PrivacyExport, lang), `auskunft-${day}.html`, 'text/html;charset=utf-8');
      else download(doc, `auskunft-${day}.json`);
      setExported(true);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };

  const items = hits.data?.items ?? [];
  return (
    <>
      <PageHeading title={t('privacy.title')}>{t('privacy.title')}</PageHeading>
      <p className="lead">{t('privacy.intro')}</p>

      <form className="filters" role="search" aria-label={t('privacy.title')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="privacy-q">{t('privacy.query')}</label>
          <input id="privacy-q" type="search" value={text} minLength={2} required aria-describedby="privacy-q-hint" onChange={(e) => setText(e.target.value)} />
          <p id="privacy-q-hint" className="hint">
            {t('privacy.queryHint')}
          </p>
        </div>
        <div className="field">
          <button type="submit" className="btn btn-primary">
            {t('privacy.search')}
          </button>
        </div>
      </form>

      <ErrorBox error={hits.error} />
      {q && hits.data && (
        <section aria-label={t('privacy.results')}>
          <p role="status">{items.length === 0 ? t('privacy.none') : items.length === 1 ? t('privacy.foundOne') : t('privacy.found', { count: num(items.length) })}</p>
          {items.length > 0 && (
            <div className="table-wrap">
              <table className="case-table">
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        checked={items.length > 0 && items.every((h) => chosen.has(h.id))}
                        onChange={(e) => {
                          setChosen(e.target.checked ? new Set(items.map((h) => h.id)) : new Set());
                          setExported(false);
                        }}
                        aria-label={t('privacy.selectAll')}
                      />{' '}
                      {t('privacy.chosen')}
                    </th>
                    <th scope="col">{t('board.reference')}</th>
                    <th scope="col">{t('common.process')}</th>
                    <th scope="col">{t('case.state')}</th>
                    <th scope="col">{t('case.status')}</th>
                    <th scope="col">{t('board.updated')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((hit) => (
                    <tr key={hit.id}>
                      <td>
                        <input type="checkbox" checked={chosen.has(hit.id)} onChange={() => toggle(hit.id)} aria-label={t('privacy.select', { reference: hit.reference })} />
                      </td>
                      <td>
                        <Link href={`/cases/${hit.id}`}>{hit.reference}</Link>
                      </td>
                      <td>{lt(hit.definition.title)}</td>
                      <td>{lt(hit.stateTitle)}</td>
                      <td>
                        <StatusBadge status={hit.status} />
                      </td>
                      <td>{date(hit.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {items.length > 0 && (
            <>
            <p>
              <button type="button" className="btn btn-primary" disabled={chosen.size === 0 || exporting} onClick={() => exportChosen(true)}>
                {t('privacy.exportReadable')}
              </button>{' '}
              <button type="button" className="btn btn-secondary" disabled={chosen.size === 0 || exporting} onClick={() => exportChosen(false)}>
                {chosen.size === 1 ? t('privacy.exportOne') : t('privacy.export', { count: num(chosen.size) })}
              </button>
            </p>
            <p className="hint">{t('privacy.exportHint')}</p>
            </>
          )}
          <ErrorBox error={exportError} />
          {exported && <Notice kind="success">{t('privacy.exported')}</Notice>}
        </section>
      )}
    </>
  );
}
