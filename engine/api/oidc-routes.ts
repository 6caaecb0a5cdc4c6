import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TENANT_ROLES } from '../access/index.js';
import { DEFAULT_TENANT } from '../boot-constants.js';
import { failureReason, type OidcSignIn, type PendingSignIn } from '../auth/index.js';
import { AgoraError, isSignInErrorCode, type ErrorCode } from '../errors.js';
import { errorResponses, signInMethods } from '../schemas/index.js';
import { PRIVACY_ROLES } from '../service/index.js';
import { SESSION_COOKIE } from './context.js';
import { MONITORING_ROLES } from './monitoring-routes.js';
import { BOARD_ROLES } from './work-routes.js';

/** The cookie that carries state, PKCE verifier and nonce from the redirect to the provider's answer. */
export const OIDC_COOKIE = 'agora_oidc';
/**
 * Over HTTPS the cookie is `__Host-` prefixed: browsers then refuse it from a
 * sibling subdomain (no `Domain`, `Path=/`, `Secure`), so nobody can plant a
 * pending sign-in of their own in a victim's browser and sign the victim in
 * as themselves (login CSRF). Plain HTTP (local development) cannot use it.
 */
export const OIDC_HOST_COOKIE = `__Host-${OIDC_COOKIE}`;
const OIDC_PATH = '/api/session/oidc';
const PENDING_SECONDS = 600;

/** Roles that mean something without any process: administration, coordination, privacy, monitoring. */
const OFFICE_ROLES: ReadonlySet<string> = new Set([...TENANT_ROLES, ...PRIVACY_ROLES, ...MONITORING_ROLES, ...BOARD_ROLES]);

/**
 * The stable code a failed sign-in shows at `/login?error=`, and a log-safe
 * reason. Only catalogue codes of the sign-in reach the URL, never the
 * provider's words or anything about the person.
 */
export function signInFailure(e: unknown): { code: ErrorCode; reason: string } {
  if (e instanceof AgoraError && isSignInErrorCode(e.code)) return { code: e.code, reason: e.message };
  return { code: 'OIDC_SIGN_IN_FAILED', reason: `unexpected: ${failureReason(e)}` };
}

const encode = (p: PendingSignIn) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(value: string | undefined): PendingSignIn | null {
  if (!value) return null;
  try {
    const p = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof p?.state === 'string' && typeof p.verifier === 'string' && typeof p.nonce === 'string' ? p : null;
  } catch {
    return null;
  }
}

/**
 * Sign-in through the city's identity provider (#15, DESIGN.md): `GET
 * /api/session/oidc` sends the browser to the provider (authorization code
 * flow with PKCE), `GET /api/session/oidc/callback` takes its answer, brings
 * the local account in step with the claims and starts the normal session.
 * Both are top-level GET navigations, so the cross-site rules
 * (cross-site.ts) let them through and the SameSite=Lax cookie comes back
 * from the provider's redirect. `GET /api/session/methods` tells the login
 * page whether to offer it.
 */
export const oidcRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: { oidc: OidcSignIn | null; secureCookies: boolean; publicUrl?: string } }> = async (app, opts) => {
  const { auth } = app.services;
  const base = (request: FastifyRequest) => (opts.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  const redirectUri = (request: FastifyRequest) => `${base(request)}${OIDC_PATH}/callback`;
  const required = (): OidcSignIn => {
    if (!opts.oidc) throw new AgoraError('OIDC_NOT_CONFIGURED');
    return opts.oidc;
  };
  const cookieName = opts.secureCookies ? OIDC_HOST_COOKIE : OIDC_COOKIE;
  const cookiePath = opts.secureCookies ? '/' : OIDC_PATH;
  const forget = (reply: FastifyReply) => reply.clearCookie(cookieName, { path: cookiePath, secure: opts.secureCookies });
  /**
   * A person in a browser is sent back to the login page with a stable code
   * (the page words it in their language), not left on a JSON answer. The
   * reason goes to the log: OIDC messages carry no personal data.
   */
  const backToLogin = (request: FastifyRequest, reply: FastifyReply, e: unknown) => {
    const { code, reason } = signInFailure(e);
    if (code === 'OIDC_SIGN_IN_FAILED' && !(e instanceof AgoraError)) request.log.error({ err: { message: reason } }, 'OIDC sign-in failed');
    else request.log.warn({ code, reason }, 'OIDC sign-in failed');
    return reply.redirect(`/login?error=${code}`, 302);
  };
  const knowsAnyRole = async (roles: string[]): Promise<boolean> => {
    if (roles.some((r) => OFFICE_ROLES.has(r))) return true;
    const definitions = await app.services.definitions.list(DEFAULT_TENANT);
    return definitions.some((d) => d.body.roles.some((r) => roles.includes(r)));
  };

  app.get('/api/session/methods', { schema: { tags: ['session'], response: { 200: signInMethods } } }, async () => ({ password: true, oidc: opts.oidc !== null }));

  app.get(OIDC_PATH, { schema: { tags: ['session'], response: { ...errorResponses } } }, async (request, reply) => {
    const oidc = required();
    try {
      const { url, pending } = await oidc.start(redirectUri(request));
      reply.setCookie(cookieName, encode(pending), { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: PENDING_SECONDS });
      return reply.redirect(url, 302);
    } catch (e) {
      return backToLogin(request, reply, e);
    }
  });

  app.get(`${OIDC_PATH}/callback`, { schema: { tags: ['session'], response: { ...errorResponses } } }, async (request, reply) => {
    const oidc = required();
    const pending = decode(request.cookies[cookieName]);
    // One answer per started sign-in: the pending cookie goes whatever happens next.
    forget(reply);
    try {
      const query = request.query as Record<string, unknown>;
      // The provider's own error comes first: a person who cancelled is told so, whatever became of the cookie.
      if (typeof query.error === 'string') {
        if (query.error === 'access_denied') throw new AgoraError('OIDC_SIGN_IN_CANCELLED');
        throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: `the provider answered ${failureReason({ error: query.error })}` });
      }
      if (!pending) throw new AgoraError('OIDC_STATE_INVALID', { reason: 'no sign-in was started in this browser, or it expired' });
      const identity = await oidc.finish(new URL(request.url, base(request)), pending);
      // Nobody gets an account that could do nothing: at least one role must be one this office knows.
      if (!(await knowsAnyRole(identity.roles))) throw new AgoraError('OIDC_NO_ROLE', { claim: oidc.settings.rolesClaim });
      const { user, ignoredOrganisations } = await auth.upsertOidcUser(DEFAULT_TENANT, identity).catch((e: unknown) => {
        if (e instanceof AgoraError && e.code === 'AUTH_INVALID_CREDENTIALS') throw new AgoraError('OIDC_ACCOUNT_DISABLED');
        if (e instanceof AgoraError && e.code === 'USER_EXISTS') throw new AgoraError('OIDC_ACCOUNT_CONFLICT');
        throw e;
      });
      if (ignoredOrganisations.length) request.log.warn({ user: user.id, organisations: ignoredOrganisations }, 'OIDC sign-in: organisations unknown to this office ignored');
      const session = await auth.createSession(DEFAULT_TENANT, user.id, { oidcIdToken: identity.idTokenForLogout });
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, expires: session.expiresAt });
      return reply.redirect('/', 302);
    } catch (e) {
      return backToLogin(request, reply, e);
    }
  });
};
