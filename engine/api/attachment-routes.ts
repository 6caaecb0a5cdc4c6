import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { errorResponses } from '../schemas/index.js';
import { requireActor } from './context.js';

const attachmentParams = {
  type: 'object',
  required: ['id', 'attachment'],
  properties: { id: { type: 'string', format: 'uuid' }, attachment: { type: 'string', format: 'uuid' } },
} as const;

/** Files uploaded with forms: download for those who may read the case. */
export const attachmentRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { attachments } = app.services;

  app.get('/api/cases/:id/attachments/:attachment', {
    schema: { tags: ['cases'], params: attachmentParams, response: { ...errorResponses } },
  }, async (request, reply) => {
    const file = await attachments.download(requireActor(request), request.params.id, request.params.attachment);
    // Always a download, never rendered in the app's origin: an uploaded HTML or SVG cannot run there.
    const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_');
    reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, no-store');
    reply.type(file.contentType);
    return reply.send(file.content as never);
  });
};
