import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized } from './api/client.js';
import type { User } from './api/types.js';

/** Who is signed in, as the shell sees it. */
export type SessionState = { status: 'loading' } | { status: 'signedOut'; expired?: boolean } | { status: 'signedIn'; user: User };

interface SessionApi {
  state: SessionState;
  user: User | null;
  signIn: (username: string, password: string) => Promise<void>;
  /** Signs out; resolves `true` when the browser is on its way to the identity provider to end the sign-in there too. */
  signOut: () => Promise<boolean>;
}

const SessionContext = createContext<SessionApi | null>(null);

/**
 * Loads the session once (`GET /api/session`) and keeps it current: a 401
 * from any later call means the session ran out, which sends the person to
 * sign-in (and back afterwards).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    api
      .session()
      .then((r) => alive && setState({ status: 'signedIn', user: r.user }))
      .catch(() => alive && setState({ status: 'signedOut' }));
    const off = onUnauthorized(() => setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', expired: true } : s)));
    return () => {
      alive = false;
      off();
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    await api.signIn(username, password);
    // The session answer carries the effective organisations (with those below a Träger); the sign-in answer does not.
    const r = await api.session();
    setState({ status: 'signedIn', user: r.user });
  }, []);

  const signOut = useCallback(async () => {
    let endSessionUrl: string | null = null;
    try {
      endSessionUrl = (await api.signOut())?.endSessionUrl ?? null;
    } catch (err) {
      // Signing out of an expired session is still signing out.
      if (!(err instanceof ApiError)) throw err;
    }
    setState({ status: 'signedOut' });
    // A sign-in through the identity provider ends there too; the provider sends the browser back to /login.
    if (endSessionUrl) window.location.assign(endSessionUrl);
    return endSessionUrl !== null;
  }, []);

  const value = useMemo<SessionApi>(
    () => ({ state, user: state.status === 'signedIn' ? state.user : null, signIn, signOut }),
    [state, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; throws outside the provider. */
export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** Whether the user holds `role`. */
export function hasRole(user: User | null, ...roles: string[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}
