import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import type { UserAccount } from '../api/organisation-types.js';
import { ErrorBox, Loading, Notice, PageHeading } from '../components/common.js';
import { useOrganisations } from '../components/organisations.js';
import { usePublishedProcesses } from '../components/processes.js';
import { useI18n } from '../i18n/i18n.js';
import { useAsync } from '../use-async.js';
import { OFFICE_ROLES, UserForm, type UserValues } from './user-form.js';
import { ResetPassword } from './reset-password.js';
import { usersApi } from './admin/users-api.js';
import { useSession } from '../session.js';

const EMPTY_USER: UserValues = { username: '', password: '', roles: [], organisations: [] };

/**
 * Benutzer (administrators): every account with its roles and
 * organisations; create one, change roles and organisations.
 */
export function UsersPage() {
  const { t, lt } = useI18n();
  const { user: me } = useSession();
  const [actionError, setActionError] = useState<unknown>(null);
  const users = useAsync(() => api.users().then((r) => r.items), []);
  const processes = usePublishedProcesses();
  const orgs = useOrganisations();
  const [editing, setEditing] = useState<UserAccount | null>(null);
  const [notice, setNotice] = useState<{ where: 'new' | 'list'; text: string } | null>(null);
  const [created, setCreated] = useState(0);
  const editHeading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<string | null>(null);
  const roles = [...new Set([...OFFICE_ROLES, ...(processes.data ?? []).flatMap((d) => d.roles), ...(users.data ?? []).flatMap((u) => u.roles)])];
  const orgTitle = (key: string) => lt(orgs.data?.find((o) => o.key === key)?.title, key);

  useEffect(() => {
    if (editing) editHeading.current?.focus();
  }, [editing]);

  // After creating, the emptied form keeps the focus, ready for the next one (the notice is announced).
  useEffect(() => {
    if (created > 0) document.getElementById('user-new-username')?.focus();
  }, [created]);

  const isDisabled = (u: UserAccount) => Boolean((u as { disabled?: boolean }).disabled);
  /** Disabling ends the user's sessions; the account and its history stay. */
  const setDisabled = async (u: UserAccount, disabled: boolean) => {
    setActionError(null);
    try {
      await usersApi.update(u.username, { disabled });
      setNotice({ where: 'list', text: t(disabled ? 'users.disabledDone' : 'users.enabledDone', { name: u.username }) });
      users.reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const closeEdit = () => {
    setEditing(null);
    const back = returnFocus.current;
    if (back) setTimeout(() => document.getElementById(back)?.focus(), 0);
  };

  return (
    <>
      <PageHeading title={t('users.title')}>{t('users.title')}</PageHeading>
      <p className="lead">{t('users.intro')}</p>

      {editing && (
        <section className="card" aria-labelledby="user-edit-heading">
          <h2 id="user-edit-heading" ref={editHeading} tabIndex={-1}>
            {t('users.editHeading', { username: editing.username })}
          </h2>
          <UserForm
            key={editing.username}
            mode="edit"
            idPrefix="user-edit"
            roles={roles}
            initial={{ username: editing.username, password: '', email: typeof editing.email === 'string' ? editing.email : '', roles: editing.roles, organisations: editing.organisations ?? [] }}
            onCancel={closeEdit}
            onSave={async (v) => {
              await api.updateUser(editing.username, { roles: v.roles, organisations: v.organisations, email: v.email ?? '' });
              closeEdit();
              setNotice({ where: 'list', text: t('users.saved', { username: editing.username }) });
              users.reload();
            }}
          />
        </section>
      )}

      <section className="card" aria-labelledby="user-new-heading">
        <h2 id="user-new-heading">{t('users.new')}</h2>
        {notice?.where === 'new' && <Notice kind="success">{notice.text}</Notice>}
        <UserForm
          key={created}
          mode="create"
          idPrefix="user-new"
          roles={roles}
          initial={EMPTY_USER}
          onSave={async (v) => {
            const saved = await api.createUser({ username: v.username, password: v.password, roles: v.roles, organisations: v.organisations, ...(v.email ? { email: v.email } : {}) });
            setCreated((n) => n + 1);
            setNotice({ where: 'new', text: t('users.created', { username: saved.username }) });
            users.reload();
          }}
        />
      </section>

      <section className="card" aria-labelledby="user-list-heading">
        <h2 id="user-list-heading">{t('users.list')}</h2>
        {notice?.where === 'list' && <Notice kind="success">{notice.text}</Notice>}
        <ErrorBox error={users.error ?? actionError} />
        {users.loading && !users.data && <Loading />}
        {users.data && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('users.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.username')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.organisations')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('org.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.username}</th>
                    <td>{u.roles.join(', ') || '–'}</td>
                    <td>{(u.organisations ?? []).map(orgTitle).join(', ') || '–'}</td>
                    <td>
                      <span className={`badge ${isDisabled(u) ? 'badge-closed' : 'badge-active'}`}>{isDisabled(u) ? t('users.disabled') : t('users.active')}</span>
                    </td>
                    <td>
                      <div className="user-actions">
                      <button
                        type="button"
                        id={`user-row-edit-${u.username}`}
                        className="btn btn-secondary btn-small"
                        aria-label={`${t('org.edit')}: ${u.username}`}
                        onClick={() => {
                          returnFocus.current = `user-row-edit-${u.username}`;
                          setNotice(null);
                          setEditing(u);
                        }}
                      >
                        {t('org.edit')}
                      </button>
                      {u.username !== me?.username && (
                        <button type="button" className="btn btn-secondary btn-small" onClick={() => void setDisabled(u, !isDisabled(u))}>
                          {isDisabled(u) ? t('users.enable') : t('users.disable')}
                          <span className="visually-hidden"> ({u.username})</span>
                        </button>
                      )}
                      <ResetPassword user={u as never} onDone={(text) => setNotice({ where: 'list', text })} />
                      </div>
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
