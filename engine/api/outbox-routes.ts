import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { DEFAULT_NOTIFICATIONS } from '../service/index.js';
import { errorResponses, notificationPatch, notificationSettings, outboxList, outboxQuery } from '../schemas/index.js';
import { nextCursor, offsetOf, requireActor, requireRole } from './context.js';

/** The e-mail outbox for administrators, and each user's notification settings and their language. */
export const outboxRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { outbox, knex } = app.services;

  app.get('/api/outbox', {
    schema: { tags: ['mail'], querystring: outboxQuery, response: { 200: outboxList, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    const offset = offsetOf(request.query.cursor);
    const page = await outbox.list(actor.tenantId, { limit: request.query.limit ?? 50, offset, status: request.query.status });
    return { ...page, nextCursor: nextCursor(offset, page.items.length, page.total) };
  });

  const settingsOf = async (userId: string) => {
    const row = await knex('users').where({ id: userId }).first('notifications', 'email', 'language');
    return { ...DEFAULT_NOTIFICATIONS, ...(row?.notifications ?? {}), language: row?.language === 'en' ? ('en' as const) : ('de' as const), email: row?.email ?? null };
  };

  app.get('/api/account/notifications', {
    schema: { tags: ['mail'], response: { 200: notificationSettings, ...errorResponses } },
  }, async (request) => settingsOf(requireActor(request).id));

  app.patch('/api/account/notifications', {
    schema: { tags: ['mail'], body: notificationPatch, response: { 200: notificationSettings, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const { language, ...kinds } = request.body;
    const { email: _email, language: _language, ...current } = await settingsOf(actor.id);
    await knex('users').where({ id: actor.id, tenant_id: actor.tenantId }).update({ notifications: JSON.stringify({ ...current, ...kinds }), ...(language ? { language } : {}) });
    return settingsOf(actor.id);
  });
};
