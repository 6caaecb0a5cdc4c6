import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { UserRecord } from '../../api/account-types.js';
import { ErrorBox, Notice, PageHeading } from '../../components/common.js';
import { useI18n } from '../../i18n/i18n.js';
import { useSession } from '../../session.js';
import { useAsync } from '../../use-async.js';
import { BUILT_IN_ROLES, UserForm } from './user-form.js';
import { usersApi } from './users-api.js';

/** Sets a new password for one user, inline in the table row. */
function ResetPassword({ user, onDone }: { user: UserRecord; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const id = `reset-${user.id}`;
  if (!open) {
    return (
      <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen(true)}>
        {t('users.reset')}
        <span className="visually-hidden"> ({user.username})</span>
      </button>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await usersApi.resetPassword(user.username, password);
      setOpen(false);
      setPassword('');
      onDone(t('users.resetDone', { name: user.username }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id}>{t('users.newPasswordFor', { name: user.username })}</label>
      <input id={id} type="password" required minLength={12} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit" className="btn btn-primary btn-small">{t('users.resetSubmit')}</button>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

/**
 * Benutzerverwaltung (admin): list the office's users, create one with roles,
 * disable or enable, set a new password. Disabling ends the user's sessions.
 */
export function UsersPage() {
  const { t } = useI18n();
  const { user: me } = useSession();
  const users = useAsync(() => usersApi.list(), []);
  const definitions = useAsync(() => api.definitions('published'), []);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>(null);

  const processRoles = (definitions.data?.items ?? []).flatMap((d) => (d as { roles?: string[] }).roles ?? []);
  const roles = [...new Set([...BUILT_IN_ROLES, ...processRoles])].sort();
  const items = users.data?.items ?? [];

  const setDisabled = async (u: UserRecord, disabled: boolean) => {
    setError(null);
    try {
      await usersApi.update(u.username, { disabled });
      setNotice(t(disabled ? 'users.disabledDone' : 'users.enabledDone', { name: u.username }));
      users.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <PageHeading title={t('users.title')}>{t('users.title')}</PageHeading>
      <p className="lead">{t('users.intro')}</p>
      <ErrorBox error={users.error ?? error} />
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="table-wrap">
        <table className="case-table">
          <caption className="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.roles')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">{t('users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>{u.roles.join(', ') || '–'}</td>
                <td>
                  <span className={`badge ${u.disabled ? 'badge-closed' : 'badge-active'}`}>{u.disabled ? t('users.disabled') : t('users.active')}</span>
                </td>
                <td className="user-actions">
                  {u.username !== me?.username && (
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => setDisabled(u, !u.disabled)}>
                      {u.disabled ? t('users.enable') : t('users.disable')}
                      <span className="visually-hidden"> ({u.username})</span>
                    </button>
                  )}
                  <ResetPassword user={u} onDone={setNotice} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <UserForm
        roles={roles}
        onCreate={async (draft) => {
          const created = await usersApi.create(draft);
          setNotice(t('users.created', { name: created.username }));
          users.reload();
        }}
      />
    </>
  );
}
