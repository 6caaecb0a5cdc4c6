import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import ical from 'ical-generator';
import { DEFAULT_TENANT } from '../boot-constants.js';
import {
  accepted, errorResponses, icsQuery, publicOffer, publicOfferList, publicOfferListQuery, publicOfferParams, publicOfferQuery, registrationBody, registrationResult, tokenBody,
} from '../schemas/index.js';
import type { PublicOffer } from '../service/index.js';
import { nextCursor, offsetOf } from './context.js';

const DAY_MS = 86_400_000;

/** One calendar with an event per session (or one for a period) of each offer. */
function calendarOf(offers: PublicOffer[], baseUrl: string, name: string, partOfLabel: string): string {
  const cal = ical({ name, prodId: { company: 'Agora', product: 'Angebote', language: 'DE' } });
  for (const o of offers) {
    const dates = o.dates.map((d) => d.slice(0, 10));
    const spans = o.schedule === 'period' && dates.length > 1 ? [[dates[0], dates[dates.length - 1]]] : dates.map((d) => [d, d]);
    spans.forEach(([from, to], i) => {
      cal.createEvent({
        id: `${o.id}-${i}@agora`,
        start: new Date(`${from}T00:00:00Z`),
        // All-day events end on the day after (RFC 5545: DTEND is exclusive).
        end: new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS),
        allDay: true,
        summary: o.title,
        description: [o.description, o.partOf && `${partOfLabel} ${o.partOf.title}`].filter(Boolean).join('\n\n') || undefined,
        location: o.place ?? undefined,
        url: `${baseUrl}/angebote/${o.id}`,
      });
    });
  }
  return cal.toString();
}

/**
 * The public side (issue 15): offers, their calendar feed, and
 * self-registration with double opt-in. No sign-in; nothing here reads a
 * case except through the public record. The POSTs carry no cookie
 * requirement; the cross-site check still refuses them from another site's
 * page (Sec-Fetch-Site/Origin), which only our own `/angebote` pages need.
 */
export const publicRoutes: FastifyPluginAsyncJsonSchemaToTs = async (app) => {
  const { offers, registrations, config } = app.services;

  app.get('/api/public/offers', {
    schema: { tags: ['public'], security: [], querystring: publicOfferListQuery, response: { 200: publicOfferList, ...errorResponses } },
  }, async (request) => {
    const { cursor, limit = 50, lang = 'de', ...filters } = request.query;
    const offset = offsetOf(cursor);
    const page = await offers.list(DEFAULT_TENANT, { ...filters, limit, offset }, lang);
    return { ...page, nextCursor: nextCursor(offset, page.items.length, page.total) };
  });

  app.get('/api/public/offers.ics', {
    schema: { tags: ['public'], security: [], querystring: icsQuery },
  }, async (request, reply) => {
    const lang = request.query.lang ?? 'de';
    const { items } = await offers.list(DEFAULT_TENANT, { fieldOfAction: request.query.fieldOfAction, limit: 10_000 }, lang);
    const body = calendarOf(items, config.publicUrl, lang === 'en' ? 'Offers' : 'Angebote', lang === 'en' ? 'Part of:' : 'Teil von:');
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="angebote.ics"').send(body);
  });

  app.get('/api/public/offers/:id', {
    schema: { tags: ['public'], security: [], params: publicOfferParams, querystring: publicOfferQuery, response: { 200: publicOffer, ...errorResponses } },
  }, async (request) => offers.get(DEFAULT_TENANT, request.params.id, request.query.lang ?? 'de'));

  app.post('/api/public/offers/:id/registrations', {
    schema: { tags: ['public'], security: [], params: publicOfferParams, body: registrationBody, response: { 202: accepted, ...errorResponses } },
  }, async (request, reply) => {
    // An entry of a list (a lecture) registers with the offer it is part of (the programme).
    const target = await offers.registrationTarget(DEFAULT_TENANT, request.params.id);
    await registrations.request(DEFAULT_TENANT, target, request.body, request.ip);
    return reply.status(202).send({ status: 'pending' as const });
  });

  app.post('/api/public/registrations/confirm', {
    schema: { tags: ['public'], security: [], body: tokenBody, response: { 200: registrationResult, ...errorResponses } },
  }, async (request) => registrations.confirm(DEFAULT_TENANT, request.body.token));

  app.post('/api/public/registrations/withdraw', {
    schema: { tags: ['public'], security: [], body: tokenBody, response: { 200: registrationResult, ...errorResponses } },
  }, async (request) => registrations.withdraw(DEFAULT_TENANT, request.body.token));
};
