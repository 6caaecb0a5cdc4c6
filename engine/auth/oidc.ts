import * as client from 'openid-client';
import { AgoraError } from '../errors.js';

/** Settings of the sign-in through the city's identity provider (DESIGN.md, "Sign-in through the city's identity provider"). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim holding the person's Agora roles (default `roles`). */
  rolesClaim: string;
  /** Claim holding the keys of the person's organisations (default `organisations`). */
  organisationsClaim: string;
}

/** Reads the OIDC settings from the environment; `null` unless issuer, client id and secret are all set. */
export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, rolesClaim: env.OIDC_ROLES_CLAIM || 'roles', organisationsClaim: env.OIDC_ORGANISATIONS_CLAIM || 'organisations' };
}

/** What the browser keeps between the redirect to the provider and its answer (an HttpOnly cookie). */
export interface PendingSignIn {
  state: string;
  verifier: string;
  nonce: string;
}

/** The person the provider vouched for, as Agora's account needs it. */
export interface OidcIdentity {
  subject: string;
  username: string;
  displayName: string | null;
  roles: string[];
  organisations: string[];
  /**
   * The ID token, kept with the session only where the provider offers
   * RP-initiated logout (`end_session_endpoint`): signing out sends it back
   * as `id_token_hint`. `null` otherwise, so nothing is stored for nothing.
   */
  idTokenForLogout: string | null;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' && value ? value.split(/[\s,]+/).filter(Boolean) : []);

/**
 * Authorization code flow with PKCE through openid-client (v6). The
 * provider's metadata is discovered at the first sign-in, not at start-up,
 * so Agora starts while the provider is down. A plain-http issuer is only
 * accepted for a provider on this machine (tests, local development).
 */
export class OidcSignIn {
  private config: Promise<client.Configuration> | null = null;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once; a failure is OIDC_PROVIDER_UNAVAILABLE and is tried again next time. */
  private configuration(): Promise<client.Configuration> {
    const url = new URL(this.settings.issuer);
    const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    this.config ??= client
      .discovery(url, this.settings.clientId, this.settings.clientSecret, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        this.config = null;
        throw new AgoraError('OIDC_PROVIDER_UNAVAILABLE', { reason: `discovery at ${url.origin}: ${failureReason(e)}` });
      });
    return this.config;
  }

  /**
   * Where to send the browser to end the session at the provider too
   * (OpenID Connect RP-Initiated Logout 1.0), or `null` when the provider
   * has no `end_session_endpoint` or cannot be reached (the local sign-out
   * stands either way).
   */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.configuration().catch(() => null);
    if (!config?.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }

  /** The provider's sign-in page to send the browser to, and what to keep for the answer. */
  async start(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending = { state: client.randomState(), verifier: client.randomPKCECodeVerifier(), nonce: client.randomNonce() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Redeems the provider's answer (`currentUrl`: the callback URL with its
   * query) with the PKCE verifier and checks state and nonce; the claims come
   * from the ID token and, where the provider has one, its userinfo endpoint.
   */
  async finish(currentUrl: URL, pending: PendingSignIn): Promise<OidcIdentity> {
    const returned = currentUrl.searchParams.get('state');
    if (returned !== pending.state) throw new AgoraError('OIDC_STATE_INVALID', { reason: returned ? 'state does not match' : 'no state in the answer' });
    const config = await this.configuration();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (e) {
      const err = e as { error?: unknown; code?: unknown };
      // No answer at all (connection refused, DNS, TLS) is the provider being away, not a refusal.
      if (typeof err.error !== 'string' && typeof err.code !== 'string') throw new AgoraError('OIDC_PROVIDER_UNAVAILABLE', { reason: `token endpoint: ${failureReason(e)}` });
      throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: failureReason(e) });
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: 'no ID token' });
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => null);
      if (info) claims = { ...info, ...claims, ...pick(info, [this.settings.rolesClaim, this.settings.organisationsClaim]) };
    }
    const username = [claims.preferred_username, claims.sub].find((v): v is string => typeof v === 'string' && /^[A-Za-z0-9._-]{2,64}$/.test(v));
    if (!username) throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: 'no usable user name (preferred_username or sub)' });
    return {
      subject: `${idClaims.iss}#${idClaims.sub}`,
      username,
      displayName: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : null,
      roles: strings(claims[this.settings.rolesClaim]).filter((r) => /^[a-z][a-z0-9_-]{0,62}$/.test(r)),
      organisations: strings(claims[this.settings.organisationsClaim]),
      idTokenForLogout: config.serverMetadata().end_session_endpoint && tokens.id_token ? tokens.id_token : null,
    };
  }
}

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

/**
 * A short, log-safe reason: the OAuth error code (`invalid_grant`), the
 * library's error code, or the error's class name. Never the provider's
 * `error_description` or a message, which may quote the person's data.
 */
export function failureReason(e: unknown): string {
  const err = (e ?? {}) as { error?: unknown; code?: unknown; name?: unknown; cause?: { code?: unknown } };
  const safe = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9_.-]{1,60}$/.test(v) ? v : null);
  return safe(err.error) ?? safe(err.code) ?? safe(err.cause?.code) ?? safe(err.name) ?? 'unknown';
}
