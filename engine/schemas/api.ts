/**
 * JSON Schemas of the HTTP API's bodies, params and answers, as `as const`
 * objects: the same object validates requests in fastify, types the handlers
 * through json-schema-to-ts and feeds the OpenAPI document.
 */

export const localizedText = {
  type: 'object',
  required: ['de'],
  properties: { de: { type: 'string' }, en: { type: 'string' } },
  additionalProperties: false,
} as const;

export const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: {
              path: { type: 'string' },
              message: { type: 'string' },
              code: { type: 'string' },
              params: { type: 'object', description: 'the schema keyword\'s parameters, e.g. { "limit": 2020 } for minimum', additionalProperties: true },
            },
          },
        },
      },
    },
  },
} as const;

/** Error answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
} as const;

const open = { type: 'object', additionalProperties: true } as const;

export const user = {
  type: 'object',
  required: ['id', 'username', 'roles'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    organisations: { type: 'array', items: { type: 'string' }, description: 'keys of the organisations the user works for (with those below a Träger, for the signed-in user)' },
    displayName: { type: ['string', 'null'], description: 'the name to greet the person by; null: use the user name' },
    email: { type: ['string', 'null'], description: 'where notifications go (new tasks, reminders, the overdue digest); null: none' },
  },
  additionalProperties: false,
} as const;

/** `GET /api/session/methods`: how people can sign in here (public, for the login page). */
export const signInMethods = {
  type: 'object',
  required: ['password', 'oidc'],
  properties: { password: { type: 'boolean' }, oidc: { type: 'boolean', description: 'sign-in through the identity provider (GET /api/session/oidc) is set up' } },
  additionalProperties: false,
} as const;

/**
 * `DELETE /api/session` of a session that came from the identity provider:
 * the local session is over; the browser goes on to the provider's
 * end-session endpoint to end the sign-in there too (RP-initiated logout).
 * A local session answers 204 without a body.
 */
export const signOutAnswer = {
  type: 'object',
  required: ['endSessionUrl'],
  properties: { endSessionUrl: { type: 'string', description: "the provider's end_session_endpoint with id_token_hint and post_logout_redirect_uri (AGORA_PUBLIC_URL/login)" } },
  additionalProperties: false,
} as const;

/** `POST/GET /api/session`: the signed-in person. */
export const sessionAnswer = { type: 'object', required: ['user'], properties: { user }, additionalProperties: false } as const;

export const sessionBody = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1000 } },
  additionalProperties: false,
} as const;

export const definitionParams = {
  type: 'object',
  required: ['key', 'version'],
  properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' }, version: { type: 'integer', minimum: 1, maximum: 1000000 } },
} as const;

export const definitionKeyParams = {
  type: 'object',
  required: ['key'],
  properties: { key: definitionParams.properties.key },
} as const;

/** `POST /api/definitions/:key/migrations` (DESIGN.md, "Changing a running process"). */
export const migrationBody = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: { type: 'integer', minimum: 1, maximum: 1000000 },
    to: { type: 'integer', minimum: 1, maximum: 1000000 },
    states: { type: 'object', additionalProperties: { type: 'string', maxLength: 500 }, maxProperties: 1000, description: 'old innermost state path -> new state path; a state not named keeps its path where the new version has it' },
    dryRun: { type: 'boolean', default: false },
    limit: { type: 'integer', minimum: 1, maximum: 10000, description: 'at most this many cases; continue with nextCursor' },
    cursor: { type: 'string', maxLength: 100 },
  },
  additionalProperties: false,
} as const;

export const migrationSummary = {
  type: 'object',
  required: ['cases', 'migrated', 'byState', 'problems', 'nextCursor'],
  properties: {
    cases: { type: 'integer', description: 'active cases of `from` looked at' },
    migrated: { type: 'integer', description: 'cases moved (in a dry run: that would move)' },
    byState: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['cases', 'migrated', 'problems', 'target'],
        properties: { cases: { type: 'integer' }, migrated: { type: 'integer' }, problems: { type: 'integer' }, target: { type: ['string', 'null'] } },
        additionalProperties: false,
      },
    },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['caseId', 'reference', 'path', 'message'],
        properties: { caseId: { type: 'string' }, reference: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
    nextCursor: { type: ['string', 'null'] },
  },
  additionalProperties: false,
} as const;

export const definitionSummary = {
  type: 'object',
  required: ['key', 'version', 'status', 'title', 'fieldOfAction', 'roles', 'parent', 'parentRequired', 'createdAt', 'publishedAt'],
  properties: {
    key: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['draft', 'published'] },
    title: localizedText,
    description: localizedText,
    fieldOfAction: { type: ['string', 'null'] },
    /** Process roles: who works on it (the UI offers "new case" to these). */
    roles: { type: 'array', items: { type: 'string' } },
    /** Key of the process its cases belong to, or null for a top-level process. */
    parent: { type: ['string', 'null'] },
    parentRequired: { type: 'boolean', description: 'cases start only inside a case of the parent process (the UI does not offer them on "Neuer Vorgang")' },
    createdAt: { type: 'string' },
    publishedAt: { type: ['string', 'null'] },
  },
  additionalProperties: false,
} as const;

/** A stored version with its document (`GET /api/definitions/:key/:version`); the body is the definition format's (docs/definition-format.md). */
export const definitionDetail = {
  ...definitionSummary,
  required: [...definitionSummary.required, 'checksum', 'body'],
  properties: { ...definitionSummary.properties, checksum: { type: 'string' }, body: { type: 'object', additionalProperties: true, description: 'the definition document' } },
} as const;

export const definitionList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: definitionSummary } }, additionalProperties: false } as const;

export const definitionListQuery = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['draft', 'published'] } },
  additionalProperties: false,
} as const;

export const caseIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const createCaseBody = {
  type: 'object',
  required: ['definition'],
  properties: {
    definition: { type: 'string', minLength: 1, maxLength: 64 },
    version: { type: 'integer', minimum: 1, maximum: 1000000 },
    parentId: { type: 'string', format: 'uuid' },
    organisation: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'the owning organisation (one of the starter\'s); default: the starter\'s only one' },
    data: { type: 'object' },
  },
  additionalProperties: false,
} as const;

export const eventBody = {
  type: 'object',
  required: ['type', 'expectedVersion'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 200 },
    data: {},
    expectedVersion: { type: 'integer', minimum: 0, maximum: 2147483647 },
  },
  additionalProperties: false,
} as const;

export const caseListQuery = {
  type: 'object',
  properties: {
    definition: { type: 'string', maxLength: 64 },
    state: { type: 'string', maxLength: 200 },
    status: { type: 'string', enum: ['active', 'closed'] },
    overdue: { type: 'boolean' },
    q: { type: 'string', maxLength: 100 },
    sort: { type: 'string', enum: ['updatedAt', 'createdAt', 'dueAt', 'definition', 'state', 'status'], default: 'updatedAt' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', pattern: '^[0-9]{1,9}$' },
  },
  additionalProperties: false,
} as const;

export const taskListQuery = {
  type: 'object',
  properties: {
    definition: { type: 'string', maxLength: 64 },
    fieldOfAction: { type: 'string', maxLength: 64 },
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', pattern: '^[0-9]{1,9}$' },
  },
  additionalProperties: false,
} as const;

export const pageOf = <T extends object>(item: T) =>
  ({
    type: 'object',
    required: ['items', 'total'],
    properties: { items: { type: 'array', items: item }, total: { type: 'integer' }, nextCursor: { type: ['string', 'null'] } },
    additionalProperties: false,
  }) as const;

export const draftBody = {
  type: 'object',
  required: ['form', 'data'],
  properties: { form: { type: 'string', minLength: 1, maxLength: 200 }, data: {} },
  additionalProperties: false,
} as const;

export const catalogueParams = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' } },
} as const;

export const catalogueBody = {
  type: 'object',
  required: ['title', 'entries'],
  properties: {
    title: localizedText,
    entries: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        required: ['value', 'label'],
        properties: { value: { type: 'string', minLength: 1, maxLength: 200 }, label: localizedText },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const importBody = {
  type: 'object',
  required: ['definition', 'form', 'csv'],
  properties: {
    definition: { type: 'string', minLength: 1, maxLength: 64 },
    version: { type: 'integer', minimum: 1 },
    form: { type: 'string', minLength: 1, maxLength: 200 },
    csv: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;

export const createUserBody = {
  type: 'object',
  required: ['username', 'password', 'roles'],
  properties: {
    username: { type: 'string', pattern: '^[A-Za-z0-9._-]{2,64}$' },
    password: { type: 'string', minLength: 1, maxLength: 1000 },
    roles: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' }, maxItems: 50 },
    organisations: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }, maxItems: 200 },
    email: { anyOf: [{ type: 'string', format: 'email', maxLength: 320 }, { type: 'string', maxLength: 0 }, { type: 'null' }] },
  },
  additionalProperties: false,
} as const;

export const privacySearchQuery = {
  type: 'object',
  required: ['q'],
  properties: { q: { type: 'string', minLength: 2, maxLength: 200 } },
  additionalProperties: false,
} as const;

export const privacyExportBody = {
  type: 'object',
  required: ['ids'],
  properties: { ids: { type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 200, uniqueItems: true } },
  additionalProperties: false,
} as const;

export const durationsQuery = {
  type: 'object',
  required: ['definition'],
  properties: { definition: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' } },
  additionalProperties: false,
} as const;

export const anyObject = open;

/** An organisation key: lower case, digits and dashes. */
const organisationKey = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' } as const;

export const organisation = {
  type: 'object',
  required: ['key', 'title', 'kind', 'parent', 'disabled'],
  properties: {
    key: { type: 'string' },
    title: localizedText,
    kind: { type: 'string' },
    parent: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    updatedAt: { type: 'string' },
  },
  additionalProperties: false,
} as const;

const organisationKind = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,30}$', description: 'kita, grundschule, hort, schule, bpunkt, betrieb, kursort, partner, traeger, amt, …' } as const;
const strictText = { type: 'object', required: ['de'], properties: { de: { type: 'string', minLength: 1, maxLength: 200 }, en: { type: 'string', maxLength: 200 } }, additionalProperties: false } as const;

export const createOrganisationBody = {
  type: 'object',
  required: ['key', 'title', 'kind'],
  properties: { key: organisationKey, title: strictText, kind: organisationKind, parent: { anyOf: [organisationKey, { type: 'null' }] } },
  additionalProperties: false,
} as const;

export const updateOrganisationBody = {
  type: 'object',
  properties: { title: strictText, kind: organisationKind, parent: { anyOf: [organisationKey, { type: 'null' }] }, disabled: { type: 'boolean' } },
  additionalProperties: false,
} as const;

export const organisationParams = { type: 'object', required: ['key'], properties: { key: organisationKey } } as const;

export const organisationListQuery = {
  type: 'object',
  properties: { kind: organisationKind, disabled: { type: 'boolean', description: 'include disabled organisations (admin)' } },
  additionalProperties: false,
} as const;

export const updateUserBody = {
  type: 'object',
  properties: {
    disabled: { type: 'boolean', description: 'a disabled account cannot sign in; its sessions end and its tokens stop at once' },
    roles: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' }, maxItems: 50 },
    organisations: { type: 'array', items: organisationKey, maxItems: 200 },
    email: { anyOf: [{ type: 'string', format: 'email', maxLength: 320 }, { type: 'string', maxLength: 0 }, { type: 'null' }] },
  },
  additionalProperties: false,
} as const;

export const usernameParams = { type: 'object', required: ['username'], properties: { username: { type: 'string', pattern: '^[A-Za-z0-9._-]{2,64}$' } } } as const;

export const caseReadsQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 40 } },
  additionalProperties: false,
} as const;

export const caseRead = {
  type: 'object',
  required: ['username', 'at', 'kind', 'forms'],
  properties: { username: { type: 'string' }, at: { type: 'string' }, kind: { type: 'string' }, forms: { type: ['array', 'null'], items: { type: 'string' } } },
  additionalProperties: false,
} as const;

/** `GET /api/jobs/:id` and the 202 of `POST /api/imports`: a durable background job (#11). */
export const jobViewSchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'progress', 'result', 'error', 'attempts', 'createdAt', 'updatedAt', 'finishedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', description: '`bulk-start` or `retention-purge`' },
    status: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
    progress: {
      type: 'object',
      required: ['done', 'total'],
      additionalProperties: false,
      properties: { done: { type: 'integer', description: 'committed steps (bulk start: cases created)' }, total: { type: 'integer' } },
    },
    result: { description: 'what the job reports when done (bulk start: `{ status, created }` or `{ status: "rejected", rejected }`)' },
    error: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['code', 'message'], additionalProperties: false, properties: { code: { type: 'string' }, message: { type: 'string' } } },
      ],
    },
    attempts: { type: 'integer', description: 'how often a worker claimed it (more than 1: a worker stopped and another resumed)' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

/** `:id` of a job. */
export const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
