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

  private configuration(): Promise<client.Configuration> {
    const url = new URL(this.settings.issuer);
    const local = url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    this.config ??= client
      .discovery(url, this.settings.clientId, this.settings.clientSecret, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((e: unknown) => {
        this.config = null;
        throw e;
      });
    return this.config;
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
      const err = e as { error?: string; code?: string; message?: string };
      throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: err.error ?? err.code ?? 'the provider refused the code' });
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
    };
  }
}

function pick(from: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}
