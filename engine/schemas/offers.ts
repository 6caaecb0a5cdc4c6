/** Request and response schemas of the public offers API and the outbox (issue 15). */
import { catalogueEntry } from './responses.js';

const nullableString = { type: ['string', 'null'] } as const;

/** An offer as the public sees it (DESIGN.md, "Public offers"). */
export const publicOffer = {
  type: 'object',
  required: ['id', 'definition', 'title', 'dates', 'seats', 'registration'],
  properties: {
    id: { type: 'string' },
    definition: { type: 'string' },
    fieldOfAction: nullableString,
    title: { type: 'string' },
    description: nullableString,
    dates: { type: 'array', items: { type: 'string' } },
    schedule: { enum: ['sessions', 'period'] },
    place: nullableString,
    audience: nullableString,
    district: nullableString,
    provider: nullableString,
    // An entry of a list (a lecture of a programme): the offer it belongs to and registers with.
    partOf: { anyOf: [{ type: 'object', required: ['id', 'title'], properties: { id: { type: 'string' }, title: { type: 'string' } }, additionalProperties: false }, { type: 'null' }] },
    seats: { anyOf: [{ type: 'object', required: ['total', 'free'], properties: { total: { type: 'integer' }, free: { type: 'integer' } }, additionalProperties: false }, { type: 'null' }] },
    registration: {
      anyOf: [
        {
          type: 'object',
          required: ['open', 'form'],
          properties: {
            open: { type: 'boolean' },
            // The registration form is the process's own JSON Schema: data, not a contract of the API.
            form: { type: 'object', required: ['title', 'schema', 'uiSchema'], properties: { title: { type: 'string' }, schema: { type: 'object', additionalProperties: true }, uiSchema: { type: 'object', additionalProperties: true } }, additionalProperties: false },
            catalogues: { type: 'object', additionalProperties: { type: 'array', items: catalogueEntry } },
            // Form data the registration starts with on an entry's page (the entry chosen): data, like the form.
            prefill: { type: 'object', additionalProperties: true },
          },
          additionalProperties: false,
        },
        { type: 'null' },
      ],
    },
  },
  additionalProperties: false,
} as const;

const lang = { enum: ['de', 'en'] } as const;

export const publicOfferListQuery = {
  type: 'object',
  properties: {
    fieldOfAction: { type: 'string', maxLength: 64 },
    district: { type: 'string', maxLength: 100 },
    audience: { type: 'string', maxLength: 100 },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    freeSeats: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    cursor: { type: 'string', pattern: '^[0-9]{1,7}$' },
    lang,
  },
  additionalProperties: false,
} as const;

export const publicOfferList = {
  type: 'object',
  required: ['items', 'total', 'nextCursor'],
  properties: { items: { type: 'array', items: publicOffer }, total: { type: 'integer' }, nextCursor: nullableString },
  additionalProperties: false,
} as const;

/** An offer's id: its case id, or `<case id>.<n>` for the n-th entry of its list (a lecture of a programme). */
export const publicOfferParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(\\.[1-9][0-9]{0,5})?$' } },
} as const;
export const publicOfferQuery = { type: 'object', properties: { lang }, additionalProperties: false } as const;
export const icsQuery = { type: 'object', properties: { fieldOfAction: { type: 'string', maxLength: 64 }, lang }, additionalProperties: false } as const;

/** `POST /api/public/offers/:id/registrations`: the form's data; `website` is the honeypot people never see. */
export const registrationBody = {
  type: 'object',
  required: ['data'],
  properties: { data: { type: 'object' }, website: { type: 'string', maxLength: 500 }, language: lang },
  additionalProperties: false,
} as const;

export const tokenBody = { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } }, additionalProperties: false } as const;

export const registrationResult = {
  type: 'object',
  required: ['status', 'offer', 'seat'],
  properties: { status: { enum: ['confirmed', 'withdrawn'] }, offer: { type: 'string' }, seat: { enum: ['place', 'waitingList', 'other'] } },
  additionalProperties: false,
} as const;

export const accepted = { type: 'object', required: ['status'], properties: { status: { const: 'pending' } }, additionalProperties: false } as const;

export const outboxQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', pattern: '^[0-9]{1,7}$' }, status: { enum: ['queued', 'sent', 'failed'] } },
  additionalProperties: false,
} as const;

export const outboxList = {
  type: 'object',
  required: ['items', 'total', 'nextCursor'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind', 'to', 'subject', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'createdAt', 'sentAt'],
        properties: {
          id: { type: 'string' }, kind: { type: 'string' }, to: { type: 'string' }, subject: { type: 'string' }, status: { enum: ['queued', 'sent', 'failed'] },
          attempts: { type: 'integer' }, nextAttemptAt: { type: 'string' }, lastError: nullableString, createdAt: { type: 'string' }, sentAt: nullableString,
        },
        additionalProperties: false,
      },
    },
    total: { type: 'integer' },
    nextCursor: nullableString,
  },
  additionalProperties: false,
} as const;
