import { useEffect, useId, useState, type FormEvent } from 'react';
import type { NotificationPatch, NotificationSettings } from '../api/account-types.js';
import { ErrorBox, Loading, PageHeading, useErrorText } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useAsync } from '../use-async.js';
import { accountApi } from './account-api.js';

/** The notification kinds a staff member switches (the boolean keys of `PATCH /api/account/notifications`). */
type Kind = 'newTask' | 'reminder' | 'overdueDigest';
type Draft = Required<NotificationPatch>;
const draftOf = (s: NotificationSettings): Draft => ({ newTask: s.newTask, reminder: s.reminder, overdueDigest: s.overdueDigest, language: s.language });
/** The languages staff e-mails come in, each named in itself. */
const LANGUAGES: Array<{ value: Draft['language']; label: string }> = [
  { value: 'de', label: 'Deutsch' },
  { value: 'en', label: 'English' },
];
const KINDS: Array<{ key: Kind; label: MessageKey }> = [
  { key: 'newTask', label: 'account.newTask' },
  { key: 'reminder', label: 'account.reminder' },
  { key: 'overdueDigest', label: 'account.overdueDigest' },
];

/** The outcome of a save, shown in the form's status region. */
type Outcome = { ok: true; text: string } | { ok: false; error: unknown } | null;

/** A polite status region that is always in the page, so that what appears in it is announced. */
function Status({ outcome }: { outcome: Outcome }) {
  const errorText = useErrorText();
  return (
    <div role="status">
      {outcome?.ok === true && <p className="notice notice-success">{outcome.text}</p>}
      {outcome?.ok === false && <p className="notice notice-error">{errorText(outcome.error)}</p>}
    </div>
  );
}

/** Which staff e-mails one gets, and where they go. */
function NotificationsForm({ settings, onSaved }: { settings: NotificationSettings; onSaved: (s: NotificationSettings) => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(draftOf(settings));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const id = useId();
  useEffect(() => {
    setDraft(draftOf(settings));
  }, [settings]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setOutcome(null);
    try {
      onSaved(await accountApi.saveNotifications(draft));
      setOutcome({ ok: true, text: t('account.saved') });
    } catch (err) {
      setOutcome({ ok: false, error: err });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <p className="field">
        {settings.email ? (
          <>
            {t('account.email')}: <strong className="account-email">{settings.email}</strong>
          </>
        ) : (
          t('account.noEmail')
        )}
        <br />
        <span className="help-block">{t('account.emailHint')}</span>
      </p>
      <fieldset>
        <legend>{t('account.kinds')}</legend>
        <div className="checkboxes account-kinds">
          {KINDS.map((k) => (
            <label key={k.key} htmlFor={`${id}-${k.key}`}>
              <input
                id={`${id}-${k.key}`}
                type="checkbox"
                checked={draft[k.key]}
                onChange={(e) => {
                  setDraft({ ...draft, [k.key]: e.target.checked });
                  setOutcome(null);
                }}
              />
              {t(k.label)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-language`}>{t('account.language')}</label>
        <select
          id={`${id}-language`}
          value={draft.language}
          onChange={(e) => {
            setDraft({ ...draft, language: e.target.value === 'en' ? 'en' : 'de' });
            setOutcome(null);
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l.value} value={l.value} lang={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? t('common.saving') : t('account.save')}
        </button>
      </div>
      <Status outcome={outcome} />
    </form>
  );
}

/** One's own password, after the current one (`PUT /api/session/password`); other sessions end. */
function PasswordForm() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setOutcome(null);
    try {
      await accountApi.changePassword({ current, password });
      setCurrent('');
      setPassword('');
      setOutcome({ ok: true, text: t('account.passwordChanged') });
    } catch (err) {
      setOutcome({ ok: false, error: err });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-current`}>{t('account.currentPassword')}</label>
        <input id={`${id}-current`} type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>{t('account.newPassword')}</label>
        <p id={`${id}-new-hint`} className="field-description">
          {t('users.passwordHint')}
        </p>
        <input
          id={`${id}-new`}
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          aria-describedby={`${id}-new-hint`}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={saving}>
          {saving ? t('common.saving') : t('account.passwordSubmit')}
        </button>
      </div>
      <Status outcome={outcome} />
    </form>
  );
}

/**
 * "Mein Konto" (`/konto`, from the signed-in name in the header): the
 * address staff e-mails go to, the three kinds of them switched on or off
 * and their language (#15), and one's own password.
 */
export function AccountPage() {
  const { t } = useI18n();
  const settings = useAsync(() => accountApi.notifications(), []);
  return (
    <>
      <PageHeading title={t('account.title')}>{t('account.title')}</PageHeading>
      <section className="account-section" aria-labelledby="account-mail">
        <h2 id="account-mail">{t('account.mailHeading')}</h2>
        {settings.error ? <ErrorBox error={settings.error} /> : settings.data ? <NotificationsForm settings={settings.data} onSaved={settings.set} /> : <Loading />}
      </section>
      <section className="account-section" aria-labelledby="account-password">
        <h2 id="account-password">{t('account.passwordHeading')}</h2>
        <PasswordForm />
      </section>
    </>
  );
}
