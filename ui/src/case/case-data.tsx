import { useState } from 'react';
import { api } from '../api/client.js';
import type { CaseView, CollectionEntry, FormSpec } from '../api/types.js';
import { ErrorBox } from '../components/common.js';
import { mayStart, usePublishedDetails } from '../components/processes.js';
import { DataView } from '../forms/data-view.js';
import { humanize } from '../forms/schema-titles.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';

const isEntry = (v: unknown): v is CollectionEntry => typeof v === 'object' && v !== null && 'value' in v && 'at' in v;

/** The entries of a collection form, newest last, each with who and when. */
export function CollectionEntries({ entries, spec, view }: { entries: unknown; spec?: FormSpec; view: CaseView }) {
  const { t, dateTime } = useI18n();
  const list = Array.isArray(entries) ? entries.filter(isEntry) : [];
  if (!list.length) return <p className="muted">{t('case.noEntries')}</p>;
  return (
    <ol className="entries">
      {list.map((e, i) => (
        <li key={i} className="entry">
          <p className="entry-meta">{t('case.entryBy', { who: e.by, when: dateTime(e.at) })}</p>
          <DataView value={e.value} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} caseId={view.id} />
        </li>
      ))}
    </ol>
  );
}

/** Everything recorded in the case so far, one block per form, as definition lists. */
export function RecordedData({ view }: { view: CaseView }) {
  const { t, lt } = useI18n();
  const keys = Object.keys(view.data ?? {});
  if (!keys.length) return <p className="muted">{t('case.noData')}</p>;
  return (
    <div className="stack">
      {keys.map((k) => {
        const spec = view.forms[k];
        const title = spec ? lt(spec.title) : humanize(k);
        return (
          <section key={k} className="data-block" aria-labelledby={`data-${k}`}>
            <h3 id={`data-${k}`}>{title}</h3>
            {spec?.collection || Array.isArray(view.data[k]) ? (
              <CollectionEntries entries={view.data[k]} spec={spec} view={view} />
            ) : (
              <DataView value={view.data[k]} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} caseId={view.id} />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** Buttons to start the sub-processes that belong to this case (e.g. a registration for a course). */
function StartChildren({ view }: { view: CaseView }) {
  const { t, lt } = useI18n();
  const { user } = useSession();
  const details = usePublishedDetails();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (view.status === 'closed') return null;
  const children = (details.data ?? []).filter((d) => d.body.parent?.definition === view.definition.key && mayStart(user, d));
  if (!children.length) return null;
  const start = async (key: string, version: number) => {
    setBusy(key);
    setError(null);
    try {
      const created = await api.createCase(key, version, view.id);
      navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };
  return (
    <div className="stack">
      <ErrorBox error={error} />
      <div className="form-actions">
        {children.map((d) => (
          <button key={d.key} type="button" className="btn btn-secondary" disabled={busy !== null} onClick={() => void start(d.key, d.version)}>
            {busy === d.key ? t('newCase.starting') : t('case.startChild', { title: lt(d.title) })}
          </button>
        ))}
      </div>
    </div>
  );
}

/** Parent and child cases, with links, and the start of new child cases. */
export function LinkedCases({ view, canHaveChildren }: { view: CaseView; canHaveChildren: boolean }) {
  const { t, lt } = useI18n();
  if (!view.parent && !view.children.length && !canHaveChildren) return null;
  return (
    <section className="card" aria-labelledby="linked-heading">
      <h2 id="linked-heading">{t('case.linked')}</h2>
      {view.parent && (
        <p>
          {t('case.parent')}:{' '}
          <Link href={`/cases/${encodeURIComponent(view.parent.id)}`}>
            {lt(view.parent.definition.title)} {view.parent.reference}
          </Link>{' '}
          <span className="muted">({lt(view.parent.stateTitle)})</span>
        </p>
      )}
      {view.children.length > 0 && (
        <>
          <p>{t('case.children')}:</p>
          <ul className="linked-list">
            {view.children.map((c) => (
              <li key={c.id}>
                <Link href={`/cases/${encodeURIComponent(c.id)}`}>
                  {lt(c.definition.title)} {c.reference}
                </Link>{' '}
                <span className="muted">
                  ({lt(c.stateTitle)}
                  {c.status === 'closed' ? `, ${t('status.closed')}` : ''})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {canHaveChildren && <StartChildren view={view} />}
    </section>
  );
}
