import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { errorResponses, sessionAnswer, sessionBody } from '../schemas/index.js';
import { requireActor, SESSION_COOKIE } from './context.js';
import { DEFAULT_TENANT } from '../boot-constants.js';
import { displayNameOf } from '../auth/index.js';

/** Sign-in and sign-out; the session lives in the database behind an HttpOnly cookie. */
export const sessionRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: { secureCookies: boolean } }> = async (app, opts) => {
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

  app.delete('/api/session', { schema: { tags: ['session'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.deleteSession(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
};
