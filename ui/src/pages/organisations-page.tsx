import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { Organisation } from '../api/organisation-types.js';
import { ErrorBox, Loading, Notice, PageHeading } from '../components/common.js';
import { byTitle, forgetOrganisations, kindLabel, ORGANISATION_KINDS } from '../components/organisations.js';
import { useI18n } from '../i18n/i18n.js';
import { setQuery, useLocation } from '../router.js';
import { useAsync } from '../use-async.js';
import { EMPTY_ORG, OrganisationForm, valuesOf, type OrgValues } from './organisation-form.js';

const bodyOf = (v: OrgValues) => ({ title: { de: v.titleDe.trim(), ...(v.titleEn.trim() ? { en: v.titleEn.trim() } : {}) }, kind: v.kind, parent: v.parent || null });

/**
 * Organisationen (administrators): every Kita, school, B-Punkt, company,
 * venue, partner, Träger and office of the tenant, filtered by kind; create,
 * edit, disable and enable. The kind filter lives in the URL.
 */
export function OrganisationsPage() {
  const { t, lt, lang } = useI18n();
  const { search } = useLocation();
  const kind = search.get('kind') ?? '';
  const list = useAsync(() => api.organisations({ disabled: true }).then((r) => r.items), []);
  const [editing, setEditing] = useState<Organisation | null>(null);
  const [notice, setNotice] = useState<{ where: 'new' | 'list'; text: string } | null>(null);
  const [toggleError, setToggleError] = useState<unknown>(null);
  const [created, setCreated] = useState(0);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<string | null>(null);

  const all = list.data ?? [];
  const byKey = new Map(all.map((o) => [o.key, o]));
  const kinds = [...new Set([...ORGANISATION_KINDS, ...all.map((o) => o.kind)])];
  const shown = all.filter((o) => !kind || o.kind === kind).sort((a, b) => a.kind.localeCompare(b.kind) || byTitle(lang)(a, b));

  useEffect(() => {
    if (editing) editHeading.current?.focus();
  }, [editing]);

  // After creating, the emptied form keeps the focus, ready for the next one (the notice is announced).
  useEffect(() => {
    if (created > 0) document.getElementById('org-new-key')?.focus();
  }, [created]);

  const changed = (where: 'new' | 'list', text: string) => {
    forgetOrganisations();
    setNotice({ where, text });
    list.reload();
  };

  const closeEdit = () => {
    setEditing(null);
    const back = returnFocus.current;
    // The row's button is still there: return to it, as a dialog would.
    if (back) setTimeout(() => document.getElementById(back)?.focus(), 0);
  };

  const toggle = async (o: Organisation) => {
    setToggleError(null);
    setNotice(null);
    try {
      await api.updateOrganisation(o.key, { disabled: !o.disabled });
      changed('list', t(o.disabled ? 'org.enabled' : 'org.disabledDone', { title: lt(o.title) }));
    } catch (err) {
      setToggleError(err);
    }
  };

  return (
    <>
      <PageHeading title={t('org.title')}>{t('org.title')}</PageHeading>
      <p className="lead">{t('org.intro')}</p>
      {editing && (
        <section className="card" aria-labelledby="org-edit-heading">
          <h2 id="org-edit-heading" ref={editHeading} tabIndex={-1}>
            {t('org.editHeading', { title: lt(editing.title) })}
          </h2>
          <OrganisationForm
            key={editing.key}
            mode="edit"
            idPrefix="org-edit"
            initial={valuesOf(editing)}
            all={all}
            onCancel={closeEdit}
            onSave={async (v) => {
              const saved = await api.updateOrganisation(editing.key, bodyOf(v));
              closeEdit();
              changed('list', t('org.saved', { title: lt(saved.title) }));
            }}
          />
        </section>
      )}

      <section className="card" aria-labelledby="org-new-heading">
        <h2 id="org-new-heading">{t('org.new')}</h2>
        {notice?.where === 'new' && <Notice kind="success">{notice.text}</Notice>}
        <OrganisationForm
          key={created}
          mode="create"
          idPrefix="org-new"
          initial={EMPTY_ORG}
          all={all}
          onSave={async (v) => {
            const saved = await api.createOrganisation({ key: v.key, ...bodyOf(v) });
            setCreated((n) => n + 1);
            changed('new', t('org.created', { title: lt(saved.title) }));
          }}
        />
      </section>

      <section className="card" aria-labelledby="org-list-heading">
        <h2 id="org-list-heading">{t('org.list')}</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="org-kind-filter">{t('org.filterKind')}</label>
            <select id="org-kind-filter" value={kind} onChange={(e) => setQuery({ kind: e.target.value }, { replace: true })}>
              <option value="">{t('org.allKinds')}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k, t)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {notice?.where === 'list' && <Notice kind="success">{notice.text}</Notice>}
        <ErrorBox error={list.error} />
        <ErrorBox error={toggleError} />
        {list.loading && !list.data && <Loading />}
        {list.data && shown.length === 0 && <p className="muted">{t('org.none')}</p>}
        {shown.length > 0 && (
          <div className="table-wrap">
            <table className="org-table">
              <caption className="visually-hidden">{t('org.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('org.kind')}</th>
                  <th scope="col">{t('org.key')}</th>
                  <th scope="col">{t('org.name')}</th>
                  <th scope="col">{t('org.parent')}</th>
                  <th scope="col">{t('org.status')}</th>
                  <th scope="col">{t('org.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((o) => (
                  <tr key={o.key} className={o.disabled ? 'is-disabled' : undefined}>
                    <td>{kindLabel(o.kind, t)}</td>
                    <td>
                      <code>{o.key}</code>
                    </td>
                    <th scope="row">{lt(o.title)}</th>
                    <td>{o.parent ? lt(byKey.get(o.parent)?.title, o.parent) : '–'}</td>
                    <td>{o.disabled ? <span className="badge badge-closed">{t('org.isDisabled')}</span> : <span className="badge badge-active">{t('org.isActive')}</span>}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        id={`org-row-edit-${o.key}`}
                        className="btn btn-secondary btn-small"
                        aria-label={`${t('org.edit')}: ${lt(o.title)}`}
                        onClick={() => {
                          returnFocus.current = `org-row-edit-${o.key}`;
                          setNotice(null);
                          setEditing(o);
                        }}
                      >
                        {t('org.edit')}
                      </button>{' '}
                      <button
                        type="button"
                        className="btn btn-secondary btn-small"
                        aria-label={`${o.disabled ? t('org.enable') : t('org.disable')}: ${lt(o.title)}`}
                        onClick={() => void toggle(o)}
                      >
                        {o.disabled ? t('org.enable') : t('org.disable')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

    </>
  );
}
