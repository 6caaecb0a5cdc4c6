import { useState, type FormEvent, type ReactNode } from 'react';
import type { NewUser } from '../../api/account-types.js';
import { ErrorBox } from '../../components/common.js';
import { useI18n } from '../../i18n/i18n.js';

/** Roles every installation knows besides the process roles of its definitions. */
export const BUILT_IN_ROLES = ['admin', 'coordinator', 'datenschutz', 'monitoring'];

/**
 * One field of the user form: a label, the control, an optional hint. New
 * fields (e.g. the organisations of issue 9) are one more entry in
 * {@link UserForm}'s `extraFields`, with their own part of the {@link NewUser} value.
 */
export interface UserFormField {
  id: string;
  render: (value: NewUser, change: (patch: Partial<NewUser>) => void) => ReactNode;
}

const EMPTY: NewUser = { username: '', password: '', roles: [] };

/** The "create a user" form: user name, first password, roles as checkboxes. */
export function UserForm({ roles, onCreate, extraFields = [] }: { roles: string[]; onCreate: (user: NewUser) => Promise<void>; extraFields?: UserFormField[] }) {
  const { t } = useI18n();
  const [value, setValue] = useState<NewUser>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const change = (patch: Partial<NewUser>) => setValue((v) => ({ ...v, ...patch }));
  const toggleRole = (role: string) => change({ roles: value.roles.includes(role) ? value.roles.filter((r) => r !== role) : [...value.roles, role] });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate(value);
      setValue(EMPTY);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="user-form" aria-labelledby="user-form-title" onSubmit={submit}>
      <h2 id="user-form-title">{t('users.create')}</h2>
      <div className="field">
        <label htmlFor="new-username">{t('users.username')}</label>
        <input id="new-username" required pattern="[A-Za-z0-9._\-]{2,64}" autoComplete="off" value={value.username} aria-describedby="new-username-hint" onChange={(e) => change({ username: e.target.value })} />
        <p id="new-username-hint" className="hint">{t('users.usernameHint')}</p>
      </div>
      <div className="field">
        <label htmlFor="new-password">{t('users.password')}</label>
        <input id="new-password" type="password" required minLength={12} autoComplete="new-password" value={value.password} aria-describedby="new-password-hint" onChange={(e) => change({ password: e.target.value })} />
        <p id="new-password-hint" className="hint">{t('users.passwordHint')}</p>
      </div>
      <fieldset className="field">
        <legend>{t('users.roles')}</legend>
        <div className="role-choices">
          {roles.map((role) => (
            <label key={role} className="role-choice">
              <input type="checkbox" checked={value.roles.includes(role)} onChange={() => toggleRole(role)} /> {role}
            </label>
          ))}
        </div>
      </fieldset>
      {extraFields.map((f) => (
        <div key={f.id}>{f.render(value, change)}</div>
      ))}
      <ErrorBox error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? t('common.saving') : t('users.createSubmit')}
      </button>
    </form>
  );
}
