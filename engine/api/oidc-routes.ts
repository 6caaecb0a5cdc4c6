import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_TENANT } from '../boot-constants.js';
import type { OidcSignIn, PendingSignIn } from '../auth/index.js';
import { AgoraError } from '../errors.js';
import { errorResponses, signInMethods } from '../schemas/index.js';
import { SESSION_COOKIE } from './context.js';

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

  app.get('/api/session/methods', { schema: { tags: ['session'], response: { 200: signInMethods } } }, async () => ({ password: true, oidc: opts.oidc !== null }));

  app.get(OIDC_PATH, { schema: { tags: ['session'], response: { ...errorResponses } } }, async (request, reply) => {
    const { url, pending } = await required().start(redirectUri(request));
    reply.setCookie(cookieName, encode(pending), { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: PENDING_SECONDS });
    return reply.redirect(url, 302);
  });

  app.get(`${OIDC_PATH}/callback`, { schema: { tags: ['session'], response: { ...errorResponses } } }, async (request, reply) => {
    const oidc = required();
    const pending = decode(request.cookies[cookieName]);
    // One answer per started sign-in: the pending cookie goes whatever happens next.
    forget(reply);
    if (!pending) throw new AgoraError('OIDC_STATE_INVALID', { reason: 'no sign-in was started in this browser, or it expired' });
    const query = request.query as Record<string, unknown>;
    if (typeof query.error === 'string') throw new AgoraError('OIDC_SIGN_IN_FAILED', { reason: query.error.slice(0, 100) });
    const identity = await oidc.finish(new URL(request.url, base(request)), pending);
    const { user, ignoredOrganisations } = await auth.upsertOidcUser(DEFAULT_TENANT, identity);
    if (ignoredOrganisations.length) request.log.warn({ user: user.username, organisations: ignoredOrganisations }, 'OIDC sign-in: organisations unknown to this office ignored');
    const session = await auth.createSession(DEFAULT_TENANT, user.id);
    reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, expires: session.expiresAt });
    return reply.redirect('/', 302);
  });
};
