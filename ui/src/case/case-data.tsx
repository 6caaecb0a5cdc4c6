import type { CaseView, CollectionEntry, FormSpec } from '../api/types.js';
import { DataView } from '../forms/data-view.js';
import { humanize } from '../forms/schema-titles.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';

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
          <DataView value={e.value} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} />
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
              <DataView value={view.data[k]} schema={spec?.schema} uiSchema={spec?.uiSchema} catalogues={view.catalogues} />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** Parent and child cases, with links. */
export function LinkedCases({ view }: { view: CaseView }) {
  const { t, lt } = useI18n();
  if (!view.parent && !view.children.length) return null;
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
    </section>
  );
}
