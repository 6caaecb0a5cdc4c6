import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import {
  changePasswordBody, createdToken, createTokenBody, createUserBody, errorResponses, resetPasswordBody, tokenIdParams, tokenList, updateUserBody, userList, usernameParams, userRecord,
} from '../schemas/index.js';
import { requireActor, requireRole, SESSION_COOKIE } from './context.js';

const DAY_MS = 86_400_000;

/** Account lifecycle: user administration (admin), one's own password, API tokens. */
export const accountRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { auth, rt } = app.services;

  app.get('/api/users', {
    schema: { tags: ['users'], response: { 200: userList, ...errorResponses } },
  }, async (request) => ({ items: await auth.listUsers(requireRole(request, 'admin').tenantId) }));

  app.post('/api/users', {
    schema: { tags: ['users'], body: createUserBody, response: { 201: userRecord, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const { username, password, roles, organisations, email } = request.body;
    return reply.status(201).send(await auth.createUser(actor.tenantId, username, password, roles, { organisations, email }));
  });

  app.patch('/api/users/:username', {
    schema: { tags: ['users'], params: usernameParams, body: updateUserBody, response: { 200: userRecord, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    return auth.updateUser(actor.tenantId, request.params.username, request.body, actor);
  });

  app.put('/api/users/:username/password', {
    schema: { tags: ['users'], params: usernameParams, body: resetPasswordBody, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    await auth.resetPassword(actor.tenantId, request.params.username, request.body.password);
    return reply.status(204).send(null);
  });

  app.put('/api/session/password', {
    schema: { tags: ['session'], body: changePasswordBody, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await auth.changePassword(actor, request.body.current, request.body.password, request.cookies[SESSION_COOKIE]);
    return reply.status(204).send(null);
  });

  app.get('/api/tokens', {
    schema: { tags: ['tokens'], response: { 200: tokenList, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    return { items: await auth.tokens.list(actor.tenantId, actor.id) };
  });

  app.post('/api/tokens', {
    schema: { tags: ['tokens'], body: createTokenBody, response: { 201: createdToken, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const expiresAt = new Date(rt.now().getTime() + (request.body.expiresInDays ?? 90) * DAY_MS);
    const issued = await auth.tokens.issue(actor.tenantId, actor.id, { name: request.body.name, scope: request.body.scope ?? 'read', expiresAt });
    return reply.status(201).send(issued);
  });

  app.delete('/api/tokens/:id', {
    schema: { tags: ['tokens'], params: tokenIdParams, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    await auth.revokeToken(requireActor(request), request.params.id);
    return reply.status(204).send(null);
  });
};
