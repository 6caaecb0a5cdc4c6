import type { FastifyRequest } from 'fastify';
import { AgoraError } from '../errors.js';
import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { definitionSchema } from '../definition/index.js';
import { anyObject, definitionDetail, definitionGraph, definitionKeyParams, definitionList, definitionListQuery, definitionParams, definitionSummary, errorResponses, lintResult, migrationBody, migrationSummary } from '../schemas/index.js';
import type { DefinitionRow } from '../service/index.js';
import type { Move } from '../simulation/index.js';
import { requireActor, requireRole } from './context.js';

const summary = (d: DefinitionRow) => ({
  key: d.key,
  version: d.version,
  status: d.status,
  title: d.title,
  description: d.body.description,
  fieldOfAction: d.fieldOfAction,
  roles: d.body.roles,
  parent: d.body.parent?.definition ?? null,
  parentRequired: d.body.parent?.required ?? false,
  createdAt: d.createdAt,
  publishedAt: d.publishedAt,
});

/** Process definitions: list, read, import, lint, publish, export, the format's schema. */
export const definitionRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { definitions } = app.services;

  app.get('/api/schemas/definition.json', { schema: { tags: ['definitions'] } }, async () => definitionSchema);

  app.get('/api/definitions', {
    schema: { tags: ['definitions'], querystring: definitionListQuery, response: { 200: definitionList, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const rows = await definitions.list(actor.tenantId, request.query.status);
    const visible = actor.roles.includes('admin') ? rows : rows.filter((r) => r.status === 'published');
    return { items: visible.map(summary) };
  });

  /** A stored version; drafts only for administrators (others get 404, as for a version that does not exist). */
  const readable = async (request: FastifyRequest, key: string, version: number) => {
    const actor = requireActor(request);
    const row = await definitions.get(actor.tenantId, key, version);
    if (row.status !== 'published' && !actor.roles.includes('admin')) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version });
    return row;
  };

  app.get('/api/definitions/:key/:version', {
    schema: { tags: ['definitions'], params: definitionParams, response: { 200: definitionDetail, ...errorResponses } },
  }, async (request) => {
    const row = await readable(request, request.params.key, request.params.version);
    return { ...summary(row), checksum: row.checksum, body: row.body };
  });

  app.get('/api/definitions/:key/:version/graph', {
    schema: { tags: ['definitions'], params: definitionParams, response: { 200: definitionGraph, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    await readable(request, request.params.key, request.params.version);
    return { ...(await definitions.graph(actor.tenantId, request.params.key, request.params.version)) };
  });

  app.get('/api/definitions/:key/:version/export', {
    schema: { tags: ['definitions'], params: definitionParams },
  }, async (request, reply) => {
    const row = await readable(request, request.params.key, request.params.version);
    reply.header('content-disposition', `attachment; filename="${row.key}-v${row.version}.json"`);
    reply.type('application/json; charset=utf-8');
    return JSON.stringify(row.body, null, 2);
  });

  app.post('/api/definitions', {
    schema: { tags: ['definitions'], body: anyObject, response: { 201: definitionSummary, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireRole(request, 'admin');
    const row = await definitions.import(actor.tenantId, request.body);
    return reply.status(201).send(summary(row));
  });

  app.post('/api/definitions/lint', {
    schema: { tags: ['definitions'], body: {}, response: { 200: lintResult, ...errorResponses } },
  }, async (request) => {
    requireRole(request, 'admin');
    return definitions.lint(request.body);
  });

  app.post('/api/definitions/simulate', {
    schema: {
      tags: ['definitions'],
      body: { type: 'object', required: ['document'], properties: { document: anyObject, paths: { type: 'array', maxItems: 100, items: { type: 'array', maxItems: 500, items: anyObject } } } },
      response: { 200: anyObject, ...errorResponses },
    },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    const { document, paths } = request.body as { document: unknown; paths?: Move[][] };
    return definitions.simulate(actor.tenantId, document, paths);
  });

  app.post('/api/definitions/diff', {
    schema: { tags: ['definitions'], body: { type: 'object', required: ['before', 'after'], properties: { before: anyObject, after: anyObject } }, response: { 200: anyObject, ...errorResponses } },
  }, async (request) => {
    requireRole(request, 'admin');
    const { before, after } = request.body as { before: unknown; after: unknown };
    return definitions.diff(before, after);
  });

  app.post('/api/definitions/:key/:version/publish', {
    schema: { tags: ['definitions'], params: definitionParams, response: { 200: definitionSummary, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    return summary(await definitions.publish(actor.tenantId, request.params.key, request.params.version));
  });

  app.post('/api/definitions/:key/migrations', {
    schema: { tags: ['definitions'], params: definitionKeyParams, body: migrationBody, response: { 200: migrationSummary, ...errorResponses } },
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    const { from, to, states, dryRun, limit, cursor } = request.body;
    return app.services.migrations.migrate(actor, request.params.key, { from, to, states, dryRun: dryRun ?? false, limit, cursor });
  });
};
