import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { errorResponses, sessionAnswer, sessionBody, signOutAnswer } from '../schemas/index.js';
import { requireActor, SESSION_COOKIE } from './context.js';
import { DEFAULT_TENANT } from '../boot-constants.js';
import { displayNameOf, type OidcSignIn } from '../auth/index.js';

/**
 * Sign-in and sign-out; the session lives in the database behind an HttpOnly
 * cookie. `oidc` and `publicUrl` serve the sign-out of a session that came
 * from the identity provider (see `DELETE /api/session`).
 */
export const sessionRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: { secureCookies: boolean; oidc?: OidcSignIn | null; publicUrl?: string } }> = async (app, opts) => {
  const { auth } = app.services;
  app.post('/api/session', {
    schema: { tags: ['session'], body: sessionBody, response: { 200: sessionAnswer, ...errorResponses } },
  }, async (request, reply) => {
    const found = await auth.verifyPassword(DEFAULT_TENANT, request.body.username, request.body.password, request.ip);
    const session = await auth.createSession(found.tenantId, found.id);
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, expires: session.expiresAt,
    });
    return { user: { id: found.id, username: found.username, roles: found.roles, displayName: await displayNameOf(app.services.knex, found.id) } };
  });

  app.get('/api/session', {
    schema: { tags: ['session'], response: { 200: sessionAnswer, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    return { user: { id: actor.id, username: actor.username, roles: actor.roles, organisations: actor.organisations ?? [], displayName: await displayNameOf(app.services.knex, actor.id) } };
  });

  /**
   * Ends the local session at once. A session that came from the identity
   * provider (its ID token was kept) answers 200 with the provider's
   * end-session URL, which the UI follows so the sign-in ends there too
   * (else the next "Mit Dienstkonto anmelden" would pass silently); the
   * provider sends the browser back to `/login`. Otherwise 204, as before.
   */
  app.delete('/api/session', { schema: { tags: ['session'], response: { 200: signOutAnswer, 204: { type: 'null', description: 'signed out (a local session)' } } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    const { oidcIdToken } = token ? await auth.deleteSession(token) : { oidcIdToken: null };
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    if (oidcIdToken && opts.oidc) {
      const base = (opts.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
      const endSessionUrl = await opts.oidc.endSessionUrl(oidcIdToken, `${base}/login`);
      if (endSessionUrl) return { endSessionUrl };
      request.log.warn('sign-out: the identity provider is unreachable or has no end_session_endpoint; signed out locally only');
    }
    return reply.status(204).send(null);
  });
};
