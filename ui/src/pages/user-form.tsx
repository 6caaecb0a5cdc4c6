import { useRef, useState, type FormEvent } from 'react';
import { ErrorBox } from '../components/common.js';
import { Field } from '../components/field.js';
import { fieldErrorsOf, type FieldErrors } from '../components/field-errors.js';
import { OrganisationPicker } from '../components/organisation-picker.js';
import { useI18n } from '../i18n/i18n.js';

/** Roles every office has besides the processes' own (DESIGN.md). */
export const OFFICE_ROLES = ['admin', 'coordinator', 'datenschutz', 'monitoring'];
/** The API's username pattern (`engine/schemas/api.ts`, createUserBody). */
const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

/** The fields of the user form. */
export type UserField = 'username' | 'password' | 'email' | 'roles' | 'organisations';
/** What the form edits. */
export interface UserValues {
  username: string;
  password: string;
  /** Where staff notifications go; empty: none. */
  email?: string;
  roles: string[];
  organisations: string[];
}

/** Which field shows a problem at a JSON pointer of the request body. */
export function userFieldOf(pointer: string): UserField | null {
  const top = pointer.split('/')[1] ?? '';
  return (['username', 'password', 'email', 'roles', 'organisations'] as const).find((f) => f === top) ?? null;
}

/**
 * Creates (`mode="create"`: name, first password) or edits a user's roles
 * and organisations. The API's answers are shown at the field they concern.
 */
export function UserForm({
  mode,
  initial,
  roles,
  onSave,
  onCancel,
  idPrefix,
}: {
  mode: 'create' | 'edit';
  initial: UserValues;
  roles: string[];
  onSave: (values: UserValues) => Promise<void>;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const { t } = useI18n();
  const [v, setV] = useState<UserValues>(initial);
  const [errors, setErrors] = useState<FieldErrors<UserField>>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirst = (found: FieldErrors<UserField>) => {
    const first = (['username', 'password', 'email', 'roles', 'organisations'] as const).find((f) => found[f]);
    const target = first === 'roles' ? `#${idPrefix}-roles input` : first === 'organisations' ? `#${idPrefix}-orgs-search` : first ? `#${idPrefix}-${first}` : null;
    if (target) formRef.current?.querySelector<HTMLElement>(target)?.focus();
  };
  const offered = [...new Set([...roles, ...initial.roles])].sort();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors<UserField> = {};
    if (mode === 'create' && !USERNAME_PATTERN.test(v.username)) found.username = v.username ? t('users.usernameInvalid') : t('org.required');
    if (mode === 'create' && v.password.length < 12) found.password = t('error.PASSWORD_TOO_SHORT');
    setErrors(found);
    setOther(null);
    if (Object.keys(found).length) return focusFirst(found);
    setBusy(true);
    try {
      await onSave(v);
    } catch (err) {
      const { fields, rest } = fieldErrorsOf(err, userFieldOf, {
        USER_EXISTS: { field: 'username', message: t('users.taken', { username: v.username }) },
        PASSWORD_TOO_SHORT: { field: 'password', message: t('error.PASSWORD_TOO_SHORT') },
        ORGANISATION_NOT_FOUND: { field: 'organisations', message: t('users.orgMissing') },
      });
      setErrors(fields);
      if (rest) setOther(err);
      focusFirst(fields);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      {Object.keys(errors).length > 0 && (
        <p className="notice notice-error" role="alert">
          {t('org.checkFields')}
        </p>
      )}
      <ErrorBox error={other} />
      {mode === 'create' && (
        <>
          <Field id={`${idPrefix}-username`} label={t('users.username')} hint={t('users.usernameHint')} error={errors.username} required>
            <input value={v.username} onChange={(e) => setV({ ...v, username: e.target.value })} autoCapitalize="none" spellCheck={false} autoComplete="off" maxLength={64} />
          </Field>
          <Field id={`${idPrefix}-password`} label={t('users.password')} hint={t('users.passwordHint')} error={errors.password} required>
            <input type="password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} autoComplete="new-password" />
          </Field>
        </>
      )}
      <Field id={`${idPrefix}-email`} label={t('users.email')} error={errors.email}>
        <input type="email" value={v.email ?? ''} onChange={(e) => setV({ ...v, email: e.target.value })} autoComplete="off" maxLength={320} />
      </Field>
      <fieldset id={`${idPrefix}-roles`} className={errors.roles ? 'field-invalid' : undefined} aria-describedby={errors.roles ? `${idPrefix}-roles-error` : undefined}>
        <legend>{t('users.roles')}</legend>
        {errors.roles && (
          <p id={`${idPrefix}-roles-error`} className="field-error">
            {errors.roles}
          </p>
        )}
        <ul className="role-options">
          {offered.map((r) => (
            <li key={r}>
              <label>
                <input type="checkbox" checked={v.roles.includes(r)} onChange={() => setV({ ...v, roles: v.roles.includes(r) ? v.roles.filter((x) => x !== r) : [...v.roles, r] })} />
                <code>{r}</code>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <OrganisationPicker
        id={`${idPrefix}-orgs`}
        label={t('users.organisations')}
        hint={t('users.organisationsHint')}
        value={v.organisations}
        onChange={(organisations) => setV({ ...v, organisations })}
        error={errors.organisations}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : mode === 'create' ? t('users.create') : t('org.save')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
