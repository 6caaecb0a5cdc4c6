import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { AgoraError } from '../errors.js';
import {
  anyObject, board, catalogue, catalogueBody, catalogueList, durationsQuery, importStatus, privacyExportBody, privacyHits, privacySearchQuery, catalogueParams, caseIdParams, errorResponses, importBody, jobIdParams, jobViewSchema, pageOf, stepDurations, taskItem, taskListQuery,
} from '../schemas/index.js';
import { nextCursor, offsetOf, requireActor, requireRole } from './context.js';

/**
 * Roles that open the board: the platform's coordinators and admins, and the
 * Bildungsbüro's process role `koordination`, which sees the processes it has
 * a role in (the board counts only readable definitions) (#12). The UI gates
 * its navigation with the same list (ui/src/app.tsx).
 */
export const BOARD_ROLES = ['coordinator', 'admin', 'koordination'] as const;

/** Whether someone with these roles may open the board. */
export function mayOpenBoard(roles: readonly string[]): boolean {
  return BOARD_ROLES.some((r) => roles.includes(r));
}

/** Inbox, coordinator board, catalogues, bulk start, data subject requests. */
export const workRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { reads, catalogues, imports, queries, privacy } = app.services;

  app.get('/api/tasks', {
    schema: { tags: ['tasks'], querystring: taskListQuery, response: { 200: pageOf(taskItem), ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const offset = offsetOf(request.query.cursor);
    const page = await reads.inbox(actor, { definition: request.query.definition, fieldOfAction: request.query.fieldOfAction, limit: request.query.limit ?? 50, offset });
    return { ...page, nextCursor: nextCursor(offset, page.items.length, page.total) };
  });

  app.get('/api/board', { schema: { tags: ['board'], response: { 200: board, ...errorResponses } } }, async (request) => {
    const actor = requireActor(request);
    if (!mayOpenBoard(actor.roles)) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'the board is for coordinators' });
    return reads.board(actor);
  });

  app.get('/api/board/durations', {
    schema: { tags: ['board'], querystring: durationsQuery, response: { 200: stepDurations, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    if (!mayOpenBoard(actor.roles)) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'the board is for coordinators' });
    return reads.durations(actor, request.query.definition);
  });

  app.get('/api/catalogues', { schema: { tags: ['catalogues'], response: { 200: catalogueList, ...errorResponses } } }, async (request) => ({
    items: await catalogues.list(requireActor(request).tenantId),
  }));

  app.get('/api/catalogues/:key', {
    schema: { tags: ['catalogues'], params: catalogueParams, response: { 200: catalogue, ...errorResponses } },
  }, async (request) => catalogues.get(requireActor(request).tenantId, request.params.key));

  app.put('/api/catalogues/:key', {
    schema: { tags: ['catalogues'], params: catalogueParams, body: catalogueBody, response: { 200: catalogue, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    return catalogues.put(actor.tenantId, request.params.key, request.body.title, request.body.entries, app.services.rt.now());
  });

  app.post('/api/imports', {
    schema: { tags: ['imports'], body: importBody, response: { 202: jobViewSchema, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    // The job (its id is the import's id); a job worker does the work, `GET /api/jobs/:id` follows it.
    return reply.status(202).send(await imports.start(actor, request.body));
  });

  app.get('/api/jobs/:id', {
    schema: { tags: ['imports'], params: jobIdParams, response: { 200: jobViewSchema, ...errorResponses } },
  }, async (request) => app.services.jobs.get(requireActor(request), request.params.id));

  app.get('/api/imports/:id', {
    schema: { tags: ['imports'], params: caseIdParams, response: { 200: importStatus, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const row = await queries.getImport(actor.tenantId, request.params.id);
    if (!row || (row.userId !== actor.id && !actor.roles.includes('admin'))) throw new AgoraError('NOT_FOUND', { path: request.url });
    return { id: row.id, definition: row.definitionKey, version: row.definitionVersion, status: row.status, total: row.total, processed: row.processed, created: row.created, rejected: row.rejected };
  });

  app.get('/api/privacy/cases', {
    schema: { tags: ['privacy'], querystring: privacySearchQuery, response: { 200: privacyHits, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const items = await privacy.search(actor, request.query.q);
    request.log.info({ user: actor.username, found: items.length }, 'privacy search');
    return { items };
  });

  app.post('/api/privacy/export', {
    schema: { tags: ['privacy'], body: privacyExportBody, response: { 200: anyObject, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const doc = await privacy.export(actor, request.body.ids);
    // Who exported how many cases is logged for accountability (Art. 5(2)); what they contain is not.
    request.log.info({ user: actor.username, cases: doc.cases.length }, 'privacy export');
    reply.header('content-disposition', `attachment; filename="auskunft-${doc.exportedAt.slice(0, 10)}.json"`);
    return doc;
  });
};
