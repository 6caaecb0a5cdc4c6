import { useState } from 'react';
import { api } from '../../api/client.js';
import type { DefinitionDocument, DefinitionSummary } from '../../api/types.js';
import { ErrorBox, Loading } from '../../components/common.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { useAsync } from '../../use-async.js';
import { useDefinitionDraft } from '../draft.js';
import type { StudioTabProps } from '../tabs.js';
import { MigrationPanel } from './migration-panel.js';

/** The "Versionen" tab: the draft's changes in words against another version, the versions, moving running cases. */
export default function VersionsTab({ detail }: StudioTabProps) {
  const draft = useDefinitionDraft();
  return <VersionsView document={draft.document} status={detail.status} focusElement={draft.setFocus} />;
}

/** The versions view over one document; `focusElement` gets the JSON pointer of a change the person clicks. */
export function VersionsView({ document, status, focusElement }: { document: DefinitionDocument; status: 'draft' | 'published'; focusElement: (pointer: string) => void }) {
  const { t, lt } = useI18n();
  const all = useAsync(() => api.definitions(), []);
  const versions: DefinitionSummary[] = (all.data?.items ?? []).filter((d) => d.key === document.key).sort((a, b) => b.version - a.version);
  const others = versions.filter((v) => v.version !== document.version);
  const defaultBase = others.find((v) => v.status === 'published' && v.version < document.version) ?? others[0];
  const [chosen, setChosen] = useState<number | null>(null);
  const base = chosen ?? defaultBase?.version ?? null;

  if (all.error) return <ErrorBox error={all.error} />;
  if (!all.data) return <Loading />;
  return (
    <div className="studio-versions">
      {base === null ? (
        <p className="muted">{t('versions.none')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="versions-base">{t('versions.compare')}</label>
            <select id="versions-base" value={base} onChange={(e) => setChosen(Number(e.target.value))}>
              {others.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('studio.version', { n: v.version })} ({v.status === 'published' ? t('studio.published') : t('studio.draft')})
                </option>
              ))}
            </select>
          </div>
          <ChangeList defKey={document.key} base={base} document={document} focusElement={focusElement} />
        </>
      )}
      <h3>{t('versions.list')}</h3>
      <ul className="version-list">
        {versions.map((v) => (
          <li key={v.version}>
            <Link href={`/studio/${encodeURIComponent(v.key)}/${v.version}?tab=versionen`}>{t('studio.version', { n: v.version })}</Link>{' '}
            <span className={`badge badge-${v.status}`}>{v.status === 'published' ? t('studio.published') : t('studio.draft')}</span> {lt(v.title)}
          </li>
        ))}
      </ul>
      <h3>{t('versions.migrate')}</h3>
      {status === 'published' ? (
        <MigrationPanel document={document} versions={versions.filter((v) => v.status === 'published' && v.version < document.version).map((v) => v.version)} />
      ) : (
        <p className="muted">{t('versions.migratePublishFirst')}</p>
      )}
    </div>
  );
}

function ChangeList({ defKey, base, document, focusElement }: { defKey: string; base: number; document: DefinitionDocument; focusElement: (pointer: string) => void }) {
  const { t, lt } = useI18n();
  const diff = useAsync(async () => {
    const before = await api.definition(defKey, base);
    return before.version < document.version ? api.diffDefinitions(before.body, document) : api.diffDefinitions(document, before.body);
  }, [defKey, base, document]);
  if (diff.error) return <p className="muted">{t('versions.invalid')}</p>;
  if (!diff.data) return <Loading />;
  if (!diff.data.changes.length) return <p>{t('versions.noChanges', { n: base })}</p>;
  return (
    <section aria-labelledby="versions-changes">
      <h3 id="versions-changes">{t('versions.changes', { n: base })}</h3>
      <ul className="change-list">
        {diff.data.changes.map((c, i) => (
          <li key={i}>
            <button type="button" className="btn-link" onClick={() => focusElement(c.path)} title={c.path}>
              {lt(c.text)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
