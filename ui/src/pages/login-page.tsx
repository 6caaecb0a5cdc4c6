import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isSignInErrorCode, type ErrorCode } from '../../../engine/errors.js';
import { api, ApiError } from '../api/client.js';
import { useAsync } from '../use-async.js';
import { PageHeading, Notice, useErrorText } from '../components/common.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/**
 * The sign-in error named by `?error=`, as a failed sign-in through the
 * identity provider sends it back (engine/api/oidc-routes.ts), or null: any
 * other value is ignored, so a crafted link cannot put words of its own on
 * this page.
 */
export function signInErrorOf(value: string | null): ErrorCode | null {
  return isSignInErrorCode(value) ? value : null;
}

/** Sign-in with username and password; returns to `?next=` afterwards. */
export function LoginPage() {
  const { t } = useI18n();
  const { signIn, state } = useSession();
  const { search } = useLocation();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // A failed sign-in at the identity provider comes back here with a stable code only.
  const fromProvider = signInErrorOf(search.get('error'));
  const [error, setError] = useState<string | null>(() => (fromProvider ? t(`error.${fromProvider}`) : null));
  const alertRef = useRef<HTMLDivElement>(null);
  const [fieldError, setFieldError] = useState<'username' | 'password' | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  // The identity provider is offered only where it is set up (OIDC_ISSUER …); without an answer, passwords alone.
  const methods = useAsync(() => api.signInMethods().catch(() => ({ password: true, oidc: false })), []);
  // An alert already on the page at load is not announced by every screen reader: focus takes the reader to it.
  useEffect(() => {
    if (fromProvider) alertRef.current?.focus();
  }, [fromProvider]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (!username.trim()) {
      setError(t('login.usernameMissing'));
      setFieldError('username');
      userRef.current?.focus();
      return;
    }
    if (!password) {
      setError(t('login.passwordMissing'));
      setFieldError('password');
      passRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      navigate(safeNext(search.get('next')), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'AUTH_INVALID_CREDENTIALS' ? t('login.invalid') : errorText(err));
      setPassword('');
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="card login-card">
        <PageHeading title={t('login.title')}>{t('login.title')}</PageHeading>
        <p className="lead">{t('login.intro')}</p>
        {state.status === 'signedOut' && state.expired && <Notice>{t('login.expired')}</Notice>}
        <div ref={alertRef} tabIndex={-1} role="alert" aria-atomic="true" className={error ? 'notice notice-error' : 'visually-hidden'} id="login-error">
          {error}
        </div>
        {methods.data?.oidc && (
          <div className="stack">
            {/* A plain link, not a script: the browser goes to the provider and comes back signed in. */}
            <a className="btn btn-primary btn-block" href="/api/session/oidc" aria-describedby="login-oidc-hint">
              {t('login.oidc')}
            </a>
            <p className="muted" id="login-oidc-hint">
              {t('login.oidcHint')}
            </p>
            <p className="muted">{t('login.or')}</p>
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="username">{t('login.username')}</label>
            <input
              id="username"
              ref={userRef}
              // The page is there to sign in: the cursor starts in the user name (#12).
              autoFocus
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              aria-invalid={fieldError === 'username' || undefined}
              aria-describedby={fieldError === 'username' ? 'login-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              id="password"
              ref={passRef}
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              aria-invalid={fieldError === 'password' || (error !== null && fieldError === null) || undefined}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
