import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { DefinitionDocument, MigrationSummary } from '../../api/types.js';
import { ErrorBox, Loading, Notice } from '../../components/common.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { useAsync } from '../../use-async.js';
import { stateList, suggestMapping } from './state-list.js';

/** Cases per request while applying, so the page can show progress between requests. */
const PAGE = 25;

/** Adds one page's summary to the running total. */
function add(total: MigrationSummary | null, page: MigrationSummary): MigrationSummary {
  if (!total) return page;
  const byState = { ...total.byState };
  for (const [state, c] of Object.entries(page.byState)) {
    const prev = byState[state];
    byState[state] = prev ? { cases: prev.cases + c.cases, migrated: prev.migrated + c.migrated, problems: prev.problems + c.problems, target: c.target } : c;
  }
  return { cases: total.cases + page.cases, migrated: total.migrated + page.migrated, byState, problems: [...total.problems, ...page.problems], nextCursor: page.nextCursor };
}

/**
 * "Laufende Fälle umstellen": choose the older version, map its states to
 * this version's (suggested by path and by the renames the diff finds), dry
 * run (a table by state, the problems per case), then apply page by page
 * with progress (POST /api/definitions/:key/migrations).
 */
export function MigrationPanel({ document, versions }: { document: DefinitionDocument; versions: number[] }) {
  const { t } = useI18n();
  const [from, setFrom] = useState<number | null>(versions[0] ?? null);
  if (from === null) return <p className="muted">{t('versions.none')}</p>;
  return (
    <div className="migration">
      <p>{t('versions.migrateIntro', { n: document.version })}</p>
      <div className="field">
        <label htmlFor="migration-from">{t('versions.from')}</label>
        <select id="migration-from" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {t('studio.version', { n: v })}
            </option>
          ))}
        </select>
      </div>
      <MigrationForm key={from} from={from} document={document} />
    </div>
  );
}

function MigrationForm({ from, document }: { from: number; document: DefinitionDocument }) {
  const { t, lt } = useI18n();
  const source = useAsync(async () => {
    const old = await api.definition(document.key, from);
    const diff = await api.diffDefinitions(old.body, document);
    return { states: stateList(old.body.machine), renames: diff.renames };
  }, [document.key, from]);
  const targets = stateList(document.machine);
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [result, setResult] = useState<{ summary: MigrationSummary; dryRun: boolean } | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (source.data && mapping === null) setMapping(suggestMapping(source.data.states, targets, source.data.renames));
  }, [source.data, mapping, targets]);

  if (source.error) return <ErrorBox error={source.error} />;
  if (!source.data || !mapping) return <Loading />;
  const suggested = suggestMapping(source.data.states, targets, source.data.renames);
  const titleOf = (path: string | null) => (path ? lt(targets.find((s) => s.path === path)?.title ?? source.data!.states.find((s) => s.path === path)?.title ?? { de: path }) : '–');
  const states = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== ''));

  const run = async (dryRun: boolean) => {
    setError(null);
    setResult(null);
    try {
      if (dryRun) {
        setResult({ summary: await api.migrateCases(document.key, { from, to: document.version, states, dryRun: true }), dryRun });
        return;
      }
      let total: MigrationSummary | null = null;
      let cursor: string | undefined;
      setProgress(0);
      do {
        const page: MigrationSummary = await api.migrateCases(document.key, { from, to: document.version, states, dryRun: false, limit: PAGE, cursor });
        total = add(total, page);
        setProgress(total.cases);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      setResult({ summary: total, dryRun });
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <div className="table-wrap" tabIndex={0} role="group" aria-label={t('versions.mapping')}>
      <table className="table mapping-table">
        <caption>{t('versions.mapping')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('versions.oldState', { n: from })}</th>
            <th scope="col">{t('versions.newState', { n: document.version })}</th>
          </tr>
        </thead>
        <tbody>
          {source.data.states.filter((s) => s.leaf && !s.final).map((s) => (
            <tr key={s.path}>
              <th scope="row">
                <label htmlFor={`map-${s.path}`}>{lt(s.title)}</label> <code>{s.path}</code>
              </th>
              <td>
                <select id={`map-${s.path}`} value={mapping[s.path] ?? ''} onChange={(e) => setMapping({ ...mapping, [s.path]: e.target.value })}>
                  <option value="">{t('versions.unmapped')}</option>
                  {targets.map((target) => (
                    <option key={target.path} value={target.path}>
                      {lt(target.title)} ({target.path}){suggested[s.path] === target.path ? ` – ${t('versions.suggested')}` : ''}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void run(true)} disabled={progress !== null}>
          {t('versions.dryRun')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void run(false)} disabled={progress !== null}>
          {t('versions.apply')}
        </button>
      </div>
      <div aria-live="polite">
        {progress !== null && (
          <p>
            <progress aria-label={t('versions.progress', { done: progress })} /> {t('versions.progress', { done: progress })}
          </p>
        )}
        {result && (
          <Notice kind={result.dryRun ? 'info' : 'success'}>
            {result.summary.cases === 0
              ? t('versions.noCases', { n: from })
              : result.dryRun
                ? t('versions.dryRunResult', { migrated: result.summary.migrated, cases: result.summary.cases })
                : t('versions.done', { migrated: result.summary.migrated, cases: result.summary.cases, n: document.version })}
          </Notice>
        )}
      </div>
      {error !== null && <ErrorBox error={error} />}
      {result && result.summary.cases > 0 && (
        <>
          <div className="table-wrap" tabIndex={0} role="group" aria-label={result.dryRun ? t('versions.dryRun') : t('versions.apply')}>
          <table className="table">
            <caption>{result.dryRun ? t('versions.dryRun') : t('versions.apply')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('versions.state')}</th>
                <th scope="col">{t('versions.target')}</th>
                <th scope="col">{t('versions.cases')}</th>
                <th scope="col">{t('versions.movable')}</th>
                <th scope="col">{t('versions.problemCount')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(result.summary.byState).map(([state, c]) => (
                <tr key={state}>
                  <th scope="row">{lt(source.data!.states.find((s) => s.path === state)?.title ?? { de: state })}</th>
                  <td>{titleOf(c.target)}</td>
                  <td>{c.cases}</td>
                  <td>{c.migrated}</td>
                  <td>{c.problems}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          {result.summary.problems.length > 0 && (
            <section aria-labelledby="migration-problems">
              <h4 id="migration-problems">{t('versions.problems')}</h4>
              <ul className="problems">
                {result.summary.problems.map((p, i) => (
                  <li key={i}>
                    <Link href={`/cases/${encodeURIComponent(p.caseId)}`}>{p.reference}</Link> <code>{p.path}</code> {p.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
