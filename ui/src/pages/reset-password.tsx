import { useState, type FormEvent } from 'react';
import type { UserRecord } from '../api/account-types.js';
import { ErrorBox } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { usersApi } from './admin/users-api.js';

/** Sets a new password for one user, inline in the table row. */
export function ResetPassword({ user, onDone }: { user: UserRecord; onDone: (message: string) => void }) {
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

