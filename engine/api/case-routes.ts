import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { AgoraError } from '../errors.js';
import { caseRead, caseReadsQuery, caseIdParams, caseListQuery, caseView, createCaseBody, draft, draftBody, errorResponses, eventBody, historyList, pageOf, caseSummary } from '../schemas/index.js';
import { requireActor, nextCursor, offsetOf } from './context.js';
import { PRIVACY_ROLES } from '../service/index.js';
import { excelCsv } from '../csv/index.js';
import { phaseDone, timingPhases } from '../phases.js';

/** Cases: start, list, export, read, send events, history, drafts. */
export const caseRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { cases, reads, queries } = app.services;

  app.post('/api/cases', {
    schema: { tags: ['cases'], body: createCaseBody, response: { 201: caseView, ...errorResponses } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { definition, version, parentId, organisation, data } = request.body;
    const row = await cases.start(actor, { definition, version, parentId, organisation, data: data as Record<string, unknown> | undefined });
    return reply.status(201).send(await reads.viewOf(actor, row));
  });

  app.get('/api/cases', {
    schema: { tags: ['cases'], querystring: caseListQuery, response: { 200: pageOf(caseSummary), ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const { cursor, limit, ...filters } = request.query;
    const offset = offsetOf(cursor);
    const page = await reads.listCases(actor, { ...filters, sort: filters.sort ?? 'updatedAt', order: filters.order ?? 'desc', limit: limit ?? 50, offset });
    return { ...page, nextCursor: nextCursor(offset, page.items.length, page.total) };
  });

  app.get('/api/cases/export.csv', {
    schema: { tags: ['cases'], querystring: caseListQuery },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { cursor: _cursor, limit: _limit, ...filters } = request.query;
    const rows = reads.exportCases(actor, { ...filters, sort: filters.sort ?? 'updatedAt', order: filters.order ?? 'desc' });
    // The same words as the board on screen (#12): "in Bearbeitung", "Zuletzt geändert"; no technical version column.
    let out = excelCsv([['Aktenzeichen', 'Prozess', 'Stand', 'Status', 'Fällig', 'Überfällig', 'Angelegt am', 'Zuletzt geändert']]);
    for await (const page of rows) {
      out += excelCsv(
        page.map((c) => [
          c.reference, c.definition.title.de, c.stateTitle.de, c.status === 'active' ? 'in Bearbeitung' : 'abgeschlossen',
          c.dueAt ? new Date(c.dueAt) : null, c.overdue, new Date(c.createdAt), new Date(c.updatedAt),
        ]),
        { bom: false },
      );
    }
    reply.header('content-disposition', 'attachment; filename="vorgaenge.csv"');
    reply.type('text/csv; charset=utf-8');
    return out;
  });

  app.get('/api/cases/:id', {
    schema: { tags: ['cases'], params: caseIdParams, response: { 200: caseView, ...errorResponses } },
  }, async (request) => reads.caseView(requireActor(request), request.params.id));

  app.post('/api/cases/:id/events', {
    schema: { tags: ['cases'], params: caseIdParams, body: eventBody, response: { 200: caseView, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const { type, data, expectedVersion } = request.body;
    const row = await cases.send(actor, request.params.id, { type, data, expectedVersion });
    const t = timingPhases ? performance.now() : 0;
    const view = await reads.viewOf(actor, row);
    if (timingPhases) phaseDone('view', t);
    return view;
  });

  app.get('/api/cases/:id/history', {
    schema: { tags: ['cases'], params: caseIdParams, response: { 200: historyList, ...errorResponses } },
  }, async (request) => ({ items: await reads.history(requireActor(request), request.params.id) }));

  app.get('/api/cases/:id/reads', {
    schema: {
      tags: ['cases'], params: caseIdParams, querystring: caseReadsQuery,
      response: { 200: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: caseRead }, total: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } }, additionalProperties: false }, ...errorResponses },
    },
  }, async (request) => {
    const actor = requireActor(request);
    if (!PRIVACY_ROLES.some((r) => actor.roles.includes(r))) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'the read log is for administrators and the role "datenschutz"' });
    const { row } = await reads.loadReadable({ ...actor, roles: [...actor.roles, 'coordinator'] }, request.params.id);
    const offset = offsetOf(request.query.cursor);
    const page = await queries.caseReads(actor.tenantId, row.id, request.query.limit ?? 50, offset);
    return { ...page, nextCursor: nextCursor(offset, page.items.length, page.total) };
  });

  app.get('/api/cases/:id/draft', {
    schema: { tags: ['drafts'], params: caseIdParams, response: { 200: draft, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const { forms } = await reads.loadReadable(actor, request.params.id);
    const draft = await queries.getDraft(request.params.id, actor.id);
    // A draft of a form the person no longer sees (consent withdrawn) is not given back.
    if (!draft || (forms !== null && !forms.includes(draft.form))) throw new AgoraError('DRAFT_NOT_FOUND');
    return draft;
  });

  app.put('/api/cases/:id/draft', {
    schema: { tags: ['drafts'], params: caseIdParams, body: draftBody, response: { 200: draft, ...errorResponses } },
  }, async (request) => {
    const actor = requireActor(request);
    const { row, forms } = await reads.loadReadable(actor, request.params.id);
    if (row.status === 'closed') throw new AgoraError('CASE_CLOSED', { id: row.id });
    if (forms !== null && !forms.includes(request.body.form)) throw new AgoraError('CASE_NOT_FOUND', { id: row.id });
    return queries.putDraft(actor.tenantId, row.id, actor.id, request.body.form, request.body.data ?? null, app.services.rt.now());
  });

  app.delete('/api/cases/:id/draft', {
    schema: { tags: ['drafts'], params: caseIdParams },
  }, async (request, reply) => {
    const actor = requireActor(request);
    await reads.loadReadable(actor, request.params.id);
    await queries.deleteDraft(request.params.id, actor.id);
    return reply.status(204).send();
  });
};
