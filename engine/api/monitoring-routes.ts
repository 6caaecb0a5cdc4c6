import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyRequest } from 'fastify';
import { AgoraError } from '../errors.js';
import type { Actor } from '../runtime/index.js';
import { bandBody, errorResponses, indicatorList, indicatorParams, indicatorQuery, indicatorTable, populationList, populationResult } from '../schemas/index.js';
import { requireActor, requireRole } from './context.js';
import { excelCsv, type CsvCell } from '../csv/index.js';

/** The roles that read the monitoring (DESIGN.md "Monitoring"). */
export const MONITORING_ROLES = ['coordinator', 'monitoring'];

function requireMonitoring(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!MONITORING_ROLES.some((r) => actor.roles.includes(r))) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'the monitoring needs the role "coordinator" or "monitoring"' });
  return actor;
}

/** The population reference is read by the monitoring and by the administrators who upload it (not personal data). */
function requirePopulationReader(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (!actor.roles.includes('admin') && !MONITORING_ROLES.some((r) => actor.roles.includes(r))) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'the population needs the role "admin", "coordinator" or "monitoring"' });
  return actor;
}

/** A number for German Excel: decimal comma; a hidden value is "." as official statistics print it. */
const germanNumber = (v: number | null, suppressed: boolean) => (suppressed ? '.' : v === null ? '' : String(v).replace('.', ','));

/**
 * The monitoring (#14): indicators of the published processes as tables of
 * anonymous counts with small cells suppressed. Never a case.
 */
export const monitoringRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { monitoring } = app.services;
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get('/api/monitoring/indicators', {
    schema: { tags: ['monitoring'], response: { 200: indicatorList, ...errorResponses } },
  }, async (request) => monitoring.indicators(requireMonitoring(request).tenantId));

  app.get('/api/monitoring/indicators/:key', {
    schema: { tags: ['monitoring'], params: indicatorParams, querystring: indicatorQuery, response: { 200: indicatorTable, ...errorResponses } },
  }, async (request) => monitoring.table(requireMonitoring(request).tenantId, request.params.key, request.query));

  app.get('/api/monitoring/indicators/:key/export.csv', {
    schema: { tags: ['monitoring'], params: indicatorParams, querystring: indicatorQuery },
  }, async (request, reply) => {
    const t = await monitoring.table(requireMonitoring(request).tenantId, request.params.key, request.query);
    const label = new Map(t.groups.map((g) => [g.key, g.label.de]));
    const rows: CsvCell[][] = [['Zeitraum', ...(t.by ? [t.by === 'stadtteil' ? 'Stadtteil' : t.by] : []), t.title.de]];
    for (const c of t.cells) if (t.by) rows.push([c.period, label.get(c.group) ?? '', germanNumber(c.value, c.suppressed)]);
    for (const c of t.totals) rows.push([c.period, ...(t.by ? ['Insgesamt'] : []), germanNumber(c.value, c.suppressed)]);
    const out = excelCsv(rows);
    reply.header('content-disposition', `attachment; filename="${t.key}.csv"`);
    reply.type('text/csv; charset=utf-8');
    return out;
  });

  app.put('/api/monitoring/indicators/:key/band', {
    schema: { tags: ['monitoring'], params: indicatorParams, body: bandBody, response: { 200: indicatorList.items, ...errorResponses } },
  }, async (request) => monitoring.setBand(requireRole(request, 'coordinator').tenantId, request.params.key, request.body));

  app.get('/api/monitoring/population', {
    schema: { tags: ['monitoring'], response: { 200: populationList, ...errorResponses } },
  }, async (request) => ({ items: await monitoring.population(requirePopulationReader(request).tenantId) }));

  app.put('/api/monitoring/population', {
    schema: { tags: ['monitoring'], consumes: ['text/csv'], response: { 200: populationResult, ...errorResponses } } as never,
  }, async (request) => {
    const actor = requireRole(request, 'admin');
    if (typeof request.body !== 'string') throw new AgoraError('POPULATION_INVALID', { reason: 'send the CSV with Content-Type: text/csv' });
    return monitoring.putPopulation(actor.tenantId, request.body);
  });
};
