import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { createOrganisationBody, errorResponses, organisation, organisationListQuery, organisationParams, updateOrganisationBody } from '../schemas/index.js';
import { requireActor, requireRole } from './context.js';

/**
 * Organisations: everyone signed in reads their names (to show whose a case
 * is and to choose one when starting a case); administrators create and edit.
 */
export const organisationRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { organisations } = app.services;

  app.get('/api/organisations', {
    schema: { tags: ['organisations'], querystring: organisationListQuery, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: organisation } }, additionalProperties: false }, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const includeDisabled = request.query.disabled === true && actor.roles.includes('admin');
    return { items: await organisations.list(actor.tenantId, { kind: request.query.kind, includeDisabled }) };
  });

  app.get('/api/organisations/:key', {
    schema: { tags: ['organisations'], params: organisationParams, response: { 200: organisation, ...errorResponses } },
  }, async (request) => organisations.get(requireActor(request).tenantId, request.params.key));

  app.post('/api/organisations', {
    schema: { tags: ['organisations'], body: createOrganisationBody, response: { 201: organisation, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    return reply.status(201).send(await organisations.create(actor.tenantId, request.body));
  });

  app.put('/api/organisations/:key', {
    schema: { tags: ['organisations'], params: organisationParams, body: updateOrganisationBody, response: { 200: organisation, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    return organisations.update(actor.tenantId, request.params.key, request.body);
  });
};
