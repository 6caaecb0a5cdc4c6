import { localizedText } from './api.js';

/** JSON Schemas of the monitoring API (#14; DESIGN.md "Monitoring"). */

const band = {
  type: ['object', 'null'],
  required: ['min', 'max'],
  properties: { min: { type: ['number', 'null'] }, max: { type: ['number', 'null'] } },
  additionalProperties: false,
} as const;

export const indicatorInfo = {
  type: 'object',
  required: ['key', 'definition', 'title', 'dimensions', 'type', 'period', 'fieldOfAction', 'band'],
  properties: {
    key: { type: 'string', description: '`<process>.<indicator>`, e.g. `kita-grundschule.faelle`' },
    definition: { type: 'string' },
    fieldOfAction: { type: ['string', 'null'] },
    title: localizedText,
    description: { anyOf: [localizedText, { type: 'null' }] },
    type: { enum: ['started', 'reached', 'ended', 'share', 'duration', 'sum', 'distinct', 'open'] },
    period: { enum: ['year', 'schoolyear', 'quarter', 'month'], description: 'the period it is read in by default' },
    dimensions: { type: 'array', items: { type: 'object', required: ['key', 'title'], properties: { key: { type: 'string' }, title: localizedText }, additionalProperties: false } },
    band,
  },
  additionalProperties: false,
} as const;

export const indicatorList = { type: 'array', items: indicatorInfo } as const;

export const indicatorParams = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}\\.[a-z][a-z0-9_]*$' } },
} as const;

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const indicatorQuery = {
  type: 'object',
  properties: {
    by: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', description: 'a dimension of the indicator (e.g. `stadtteil`)' },
    period: { enum: ['year', 'schoolyear', 'quarter', 'month'] },
    from: { ...day, description: 'first day counted (YYYY-MM-DD)' },
    to: { ...day, description: 'last day counted (YYYY-MM-DD)' },
    per: { type: 'integer', enum: [1000], description: 'per 1,000 residents of the target age (population reference)' },
  },
  additionalProperties: false,
} as const;

const value = { type: ['number', 'null'] } as const;

export const indicatorTable = {
  type: 'object',
  required: ['key', 'title', 'type', 'period', 'by', 'per', 'groups', 'cells', 'totals'],
  properties: {
    key: { type: 'string' },
    title: localizedText,
    type: { type: 'string' },
    period: { type: 'string' },
    by: { type: ['string', 'null'] },
    per: { type: ['integer', 'null'] },
    groups: { type: 'array', items: { type: 'object', required: ['key', 'label'], properties: { key: { type: ['string', 'null'] }, label: localizedText }, additionalProperties: false } },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['period', 'group', 'value', 'suppressed'],
        properties: { period: { type: 'string' }, group: { type: ['string', 'null'] }, value, suppressed: { type: 'boolean' }, p90: value },
        additionalProperties: false,
      },
    },
    totals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['period', 'value', 'suppressed'],
        properties: { period: { type: 'string' }, value, suppressed: { type: 'boolean' }, p90: value },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;

export const bandBody = {
  type: 'object',
  required: ['min', 'max'],
  properties: { min: { type: ['number', 'null'] }, max: { type: ['number', 'null'] } },
  additionalProperties: false,
} as const;

export const populationRow = {
  type: 'object',
  required: ['stadtteil', 'altersgruppe', 'jahr', 'einwohner'],
  properties: { stadtteil: { type: 'string' }, altersgruppe: { type: 'string' }, jahr: { type: 'integer' }, einwohner: { type: 'integer' } },
  additionalProperties: false,
} as const;

export const populationList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: populationRow } }, additionalProperties: false } as const;

export const populationResult = {
  type: 'object',
  required: ['rows', 'years'],
  properties: { rows: { type: 'integer' }, years: { type: 'array', items: { type: 'integer' } } },
  additionalProperties: false,
} as const;
