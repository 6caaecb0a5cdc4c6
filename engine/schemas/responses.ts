/**
 * JSON Schemas of the API's answers about cases, tasks, the board, imports,
 * privacy requests and definition tooling (#11). Closed
 * (`additionalProperties: false`) wherever the route returns fixed fields,
 * so the OpenAPI document is the contract and the UI derives its types from
 * here (`ui/src/api/types.ts`, json-schema-to-ts `FromSchema`). Open objects
 * are left only where the content is data a definition declares: form data,
 * form schemas and uiSchemas, statechart state values, a definition body.
 *
 * Fastify serialises answers with these schemas: a field the service returns
 * but a schema here does not list is dropped, so a new field is added here
 * first.
 */
import { localizedText } from './api.js';

/** An object whose content the definition decides (form data, a form's JSON Schema). */
const data = { type: 'object', additionalProperties: true } as const;
/** A statechart state value: a string, or an object for nested and parallel states. */
const stateValue = { description: 'the statechart state value: a state name, or an object for nested and parallel states' } as const;
const isoTime = { type: 'string', description: 'ISO 8601 timestamp' } as const;
const isoTimeOrNull = { type: ['string', 'null'], description: 'ISO 8601 timestamp or null' } as const;
const caseStatus = { type: 'string', enum: ['active', 'closed'] } as const;

/** One problem: JSON pointer or path, message, optional keyword code and parameters. */
export const problem = {
  type: 'object',
  required: ['path', 'message'],
  properties: {
    path: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'string' },
    params: { type: 'object', additionalProperties: true, description: 'the schema keyword\'s parameters, e.g. { "limit": 2020 }' },
    text: { ...localizedText, description: 'the message in German and English, where the engine words it itself' },
  },
  additionalProperties: false,
} as const;

/** The process a case belongs to, as lists show it. */
export const definitionRef = {
  type: 'object',
  required: ['key', 'version', 'title'],
  properties: { key: { type: 'string' }, version: { type: 'integer' }, title: localizedText },
  additionalProperties: false,
} as const;

const summaryProperties = {
  id: { type: 'string' },
  reference: { type: 'string', description: 'numbered per process: KG-42' },
  title: { type: 'string', description: 'the definition\'s caseTitle filled from the data, or the reference where that is empty or hidden from the reader' },
  organisation: { type: ['string', 'null'], description: 'key of the owning organisation, if the process records one' },
  definition: definitionRef,
  state: stateValue,
  stateTitle: localizedText,
  status: caseStatus,
  dueAt: isoTimeOrNull,
  overdue: { type: 'boolean' },
  createdAt: isoTime,
  updatedAt: isoTime,
  purgedAt: { ...isoTimeOrNull, description: 'when the retention rules emptied the case\'s data; null while it is kept' },
} as const;
const summaryRequired = ['id', 'reference', 'title', 'organisation', 'definition', 'state', 'stateTitle', 'status', 'dueAt', 'overdue', 'createdAt', 'updatedAt'] as const;

/** A case as lists show it (`GET /api/cases`). */
export const caseSummary = {
  type: 'object',
  required: summaryRequired,
  properties: summaryProperties,
  additionalProperties: false,
} as const;

/** An open task of a case, as the case view lists it. */
export const caseTask = {
  type: 'object',
  required: ['statePath', 'kind', 'title', 'roles', 'form', 'dueAt', 'overdue'],
  properties: {
    statePath: { type: 'string' },
    kind: { type: 'string', enum: ['task', 'reminder'] },
    title: localizedText,
    roles: { type: 'array', items: { type: 'string' } },
    form: { type: ['string', 'null'] },
    dueAt: isoTimeOrNull,
    overdue: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** An event the reader may send now. */
export const availableEvent = {
  type: 'object',
  required: ['type', 'label', 'form'],
  properties: { type: { type: 'string' }, label: localizedText, form: { type: ['string', 'null'] } },
  additionalProperties: false,
} as const;

/** A form of the case, as far as the reader needs it to show or fill it. */
export const viewForm = {
  type: 'object',
  required: ['title', 'schema', 'uiSchema', 'collection'],
  properties: { title: localizedText, schema: data, uiSchema: data, collection: { type: 'boolean' } },
  additionalProperties: false,
} as const;

/** One entry of a catalogue (a list of choices). */
export const catalogueEntry = {
  type: 'object',
  required: ['value', 'label'],
  properties: { value: { type: 'string' }, label: localizedText },
  additionalProperties: false,
} as const;

/** The parent or a child of a case, by name. */
export const linkedCase = {
  type: 'object',
  required: ['id', 'reference', 'title', 'definition', 'state', 'stateTitle', 'status'],
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    title: { type: 'string' },
    definition: { type: 'object', required: ['key', 'title'], properties: { key: { type: 'string' }, title: localizedText }, additionalProperties: false },
    state: stateValue,
    stateTitle: localizedText,
    status: caseStatus,
  },
  additionalProperties: false,
} as const;

/** A case as its reader sees it (`GET /api/cases/:id`): data only of the forms the reader may see. */
export const caseView = {
  type: 'object',
  required: [...summaryRequired, 'statePaths', 'data', 'version', 'tasks', 'availableEvents', 'forms', 'catalogues', 'parent', 'children'],
  properties: {
    ...summaryProperties,
    statePaths: { type: 'array', items: { type: 'string' } },
    data: { type: 'object', additionalProperties: true, description: 'the data by form (an object, or a list of entries for a collection form); forms hidden from the reader are left out' },
    version: { type: 'integer' },
    tasks: { type: 'array', items: caseTask },
    availableEvents: { type: 'array', items: availableEvent },
    forms: { type: 'object', additionalProperties: viewForm },
    catalogues: { type: 'object', additionalProperties: { type: 'array', items: catalogueEntry } },
    parent: { anyOf: [linkedCase, { type: 'null' }] },
    children: { type: 'array', items: linkedCase },
  },
  additionalProperties: false,
} as const;

/** One event of a case's history (`GET /api/cases/:id/history`). */
export const historyItem = {
  type: 'object',
  required: ['seq', 'type', 'label', 'form', 'data', 'actor', 'at', 'fromState', 'toState', 'fromTitle', 'toTitle'],
  properties: {
    seq: { type: 'integer' },
    type: { type: 'string' },
    label: { anyOf: [localizedText, { type: 'null' }] },
    form: { type: ['string', 'null'] },
    data: { description: 'the submitted data; null where its form is hidden from the reader' },
    actor: { type: 'string' },
    at: isoTime,
    fromState: stateValue,
    toState: stateValue,
    fromTitle: { anyOf: [localizedText, { type: 'null' }] },
    toTitle: { anyOf: [localizedText, { type: 'null' }] },
  },
  additionalProperties: false,
} as const;

export const historyList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: historyItem } }, additionalProperties: false } as const;

/** A saved draft of one's own (`GET/PUT /api/cases/:id/draft`). */
export const draft = {
  type: 'object',
  required: ['form', 'data', 'updatedAt'],
  properties: { form: { type: 'string' }, data: { description: 'the form data as it was typed' }, updatedAt: isoTime },
  additionalProperties: false,
} as const;

/** A task of the inbox (`GET /api/tasks`). */
export const taskItem = {
  type: 'object',
  required: ['caseId', 'reference', 'caseTitle', 'definition', 'statePath', 'kind', 'title', 'form', 'dueAt', 'overdue'],
  properties: {
    caseId: { type: 'string' },
    reference: { type: 'string' },
    caseTitle: { type: 'string' },
    definition: {
      type: 'object',
      required: ['key', 'version', 'title', 'fieldOfAction'],
      properties: { key: { type: 'string' }, version: { type: 'integer' }, title: localizedText, fieldOfAction: { type: ['string', 'null'] } },
      additionalProperties: false,
    },
    statePath: { type: 'string' },
    kind: { type: 'string', enum: ['task', 'reminder'] },
    title: localizedText,
    form: { type: ['string', 'null'] },
    dueAt: isoTimeOrNull,
    overdue: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

const stateCount = {
  type: 'object',
  required: ['path', 'title', 'count'],
  properties: { path: { type: 'string' }, title: localizedText, count: { type: 'integer' } },
  additionalProperties: false,
} as const;

/** One process on the coordinators' board. */
export const boardProcess = {
  type: 'object',
  required: ['key', 'title', 'fieldOfAction', 'open', 'closed', 'overdue', 'states'],
  properties: {
    key: { type: 'string' },
    title: localizedText,
    fieldOfAction: { type: ['string', 'null'] },
    open: { type: 'integer' },
    closed: { type: 'integer' },
    overdue: { type: 'integer' },
    states: { type: 'array', items: stateCount },
  },
  additionalProperties: false,
} as const;

export const board = { type: 'object', required: ['processes'], properties: { processes: { type: 'array', items: boardProcess } }, additionalProperties: false } as const;

/** How long cases stay in each step (`GET /api/board/durations`). */
export const stepDurations = {
  type: 'object',
  required: ['definition', 'cases', 'states'],
  properties: {
    definition: { type: 'string' },
    cases: { type: 'integer', description: 'how many cases were measured' },
    states: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'title', 'count', 'medianMs', 'p90Ms'],
        properties: { ...stateCount.properties, medianMs: { type: ['number', 'null'] }, p90Ms: { type: ['number', 'null'] } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

/** A bulk start's progress (`GET /api/imports/:id`). */
export const importStatus = {
  type: 'object',
  required: ['id', 'definition', 'version', 'status', 'total', 'processed', 'created', 'rejected'],
  properties: {
    id: { type: 'string' },
    definition: { type: 'string' },
    version: { type: 'integer' },
    status: { type: 'string', enum: ['running', 'done', 'rejected', 'failed'] },
    total: { type: 'integer' },
    processed: { type: 'integer' },
    created: { type: 'integer' },
    rejected: {
      type: 'array',
      items: { type: 'object', required: ['row', 'problems'], properties: { row: { type: 'integer' }, problems: { type: 'array', items: problem } }, additionalProperties: false },
    },
  },
  additionalProperties: false,
} as const;

/** A case found for a data subject request (`GET /api/privacy/cases`). */
export const privacyHit = {
  type: 'object',
  required: ['id', 'reference', 'definition', 'stateTitle', 'status', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    reference: { type: 'string' },
    definition: definitionRef,
    stateTitle: localizedText,
    status: caseStatus,
    createdAt: isoTime,
    updatedAt: isoTime,
  },
  additionalProperties: false,
} as const;

export const privacyHits = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: privacyHit } }, additionalProperties: false } as const;

/** The diagram of a definition's statechart (`GET /api/definitions/:key/:version/graph`). */
export const definitionGraph = {
  type: 'object',
  required: ['nodes', 'edges'],
  properties: {
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'parent', 'title', 'type', 'hasTask', 'initial'],
        properties: { id: { type: 'string' }, parent: { type: ['string', 'null'] }, title: localizedText, type: { type: 'string' }, hasTask: { type: 'boolean' }, initial: { type: 'boolean' } },
        additionalProperties: false,
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'source', 'target', 'label', 'kind'],
        properties: { id: { type: 'string' }, source: { type: 'string' }, target: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string', enum: ['on', 'after', 'always'] } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

/** `POST /api/definitions/lint`: problems block an import, warnings never do. */
export const lintResult = {
  type: 'object',
  required: ['ok', 'problems', 'warnings'],
  properties: { ok: { type: 'boolean' }, problems: { type: 'array', items: problem }, warnings: { type: 'array', items: problem }, graph: definitionGraph },
  additionalProperties: false,
} as const;

/** A catalogue as the catalogue list names it. */
export const catalogueListItem = {
  type: 'object',
  required: ['key', 'title', 'count'],
  properties: { key: { type: 'string' }, title: localizedText, count: { type: 'integer' } },
  additionalProperties: false,
} as const;

export const catalogueList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: catalogueListItem } }, additionalProperties: false } as const;

/** A catalogue with its entries (`GET/PUT /api/catalogues/:key`). */
export const catalogue = {
  type: 'object',
  required: ['key', 'title', 'entries', 'updatedAt'],
  properties: { key: { type: 'string' }, title: localizedText, entries: { type: 'array', items: catalogueEntry }, updatedAt: isoTime },
  additionalProperties: false,
} as const;
