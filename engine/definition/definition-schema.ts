import type { FromSchema } from 'json-schema-to-ts';

/**
 * The JSON Schema of a process definition: the contract between
 * administrators' files, the importer, the API and editors. Published at
 * `GET /api/schemas/definition.json`; the TypeScript types below are derived
 * from it, so the two cannot drift apart.
 */

const localizedText = {
  type: 'object',
  required: ['de'],
  properties: { de: { type: 'string', minLength: 1 }, en: { type: 'string' } },
  additionalProperties: false,
} as const;

/** `{ "de": ..., "en": ... }`, for checks outside the document schema (a guard's message). */
export const localizedTextSchema = localizedText;

const isoDuration = { type: 'string', minLength: 2 } as const;

const taskSpec = {
  type: 'object',
  required: ['roles'],
  properties: {
    roles: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    form: { type: 'string' },
    title: localizedText,
    due: { type: 'string', description: 'ISO 8601 duration from entering the state, or the name of a delay in `delays`' },
  },
  additionalProperties: false,
} as const;

const eventSpec = {
  type: 'object',
  required: ['label', 'roles'],
  properties: {
    label: localizedText,
    roles: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    form: { type: 'string' },
    confirm: localizedText,
  },
  additionalProperties: false,
} as const;

/** Schema of `meta` on a state node (checked by lint while walking the machine). */
export const stateMetaSchema = {
  type: 'object',
  properties: {
    title: localizedText,
    description: localizedText,
    task: taskSpec,
    events: { type: 'object', additionalProperties: eventSpec },
  },
  additionalProperties: false,
} as const;

const delaySpec = {
  type: 'object',
  properties: {
    duration: isoDuration,
    date: { description: 'JSON Logic rule over { data, case } giving an ISO date (YYYY-MM-DD) or date-time' },
    offset: { type: 'string', description: 'ISO 8601 duration added to `date`; may start with "-"' },
    description: localizedText,
  },
  additionalProperties: false,
} as const;

const formSpec = {
  type: 'object',
  required: ['title', 'schema'],
  properties: {
    title: localizedText,
    description: localizedText,
    schema: { type: 'object' },
    uiSchema: { type: 'object' },
    collection: { type: 'boolean', description: 'Each submission adds an entry { value, by, at } to a list' },
  },
  additionalProperties: false,
} as const;

/**
 * `access[role]`: where a role applies to a case and what it sees
 * (DESIGN.md, "Organisations and access").
 */
const accessRule = {
  type: 'object',
  properties: {
    organisation: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
      description:
        '"owner" (the case\'s organisation), or a JSON pointer into the case data whose value is an organisation key or a list of keys, or a list of these',
    },
    when: { description: 'JSON Logic rule over { data, case }; the role applies only while it holds' },
    forms: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, description: 'the forms whose data the role sees; absent: all' },
    description: localizedText,
  },
  additionalProperties: false,
} as const;

const band = {
  type: 'object',
  properties: { min: { type: 'number' }, max: { type: 'number' } },
  additionalProperties: false,
  description: 'the range an indicator\'s value should stay in; a completed period outside it starts an early warning',
} as const;

/** A dimension of the statistics: a form field's value, or a value derived from a date. */
const statisticsDimension = {
  type: 'object',
  required: ['title', 'field'],
  properties: {
    title: localizedText,
    field: { type: 'string', pattern: '^/', description: 'JSON pointer into the case data (`/stammdaten/stadtteil`); labels come from its catalogue or its `oneOf` titles' },
    ageGroups: {
      type: 'array', items: { type: 'integer', minimum: 0, maximum: 130 }, minItems: 1, uniqueItems: true,
      description: 'the field is a birth date (or a birth year): the lower bounds of the age groups at the time counted, e.g. [0, 3, 6]',
    },
    schoolYear: { type: 'boolean', description: 'the field is a date: its school year (1 August to 31 July), e.g. "2026/27"' },
    parent: { type: 'boolean', description: 'the field is one of the parent case (a registration grouped by its course\'s venue); the definition must declare `parent`' },
  },
  additionalProperties: false,
} as const;

/** An indicator of the statistics. */
const statisticsIndicator = {
  type: 'object',
  required: ['title', 'type'],
  properties: {
    title: localizedText,
    description: localizedText,
    type: { enum: ['started', 'reached', 'ended', 'share', 'duration', 'sum', 'distinct', 'open'] },
    state: { type: 'string', description: '`reached`, `ended`, `sum`: the state path (`ended`: a final state)' },
    from: { type: 'string', description: '`duration`: the state path the days are counted from' },
    to: { type: 'string', description: '`duration`: the state path the days are counted to' },
    field: { type: 'string', pattern: '^/', description: '`sum`: JSON pointer of the number summed' },
    form: { type: 'string', description: '`distinct`: the form whose submissions are counted (a case once per period)' },
    event: { type: 'string', description: '`distinct`: the event whose occurrences are counted (a case once per period)' },
    numerator: { type: 'string', description: '`share`: the indicator counted: its key, or `<definition>.<key>` of another process' },
    denominator: { type: 'string', description: '`share`: the indicator it is a share of: its key, or `<definition>.<key>` of another process' },
    period: { enum: ['year', 'schoolyear', 'quarter', 'month'], description: 'the period it is read in by default (and its early warning looks at)' },
    population: { type: 'array', items: { type: 'string' }, description: 'the age groups of the population reference its rate per 1,000 residents is taken of; absent: all' },
    band,
  },
  additionalProperties: false,
} as const;

/** `statistics`: what the monitoring counts of this process (DESIGN.md, "Monitoring"). */
const statisticsSpec = {
  type: 'object',
  required: ['indicators'],
  properties: {
    dimensions: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9_]*$' }, additionalProperties: statisticsDimension },
    indicators: { type: 'object', propertyNames: { pattern: '^[a-z][a-z0-9_]*$' }, additionalProperties: statisticsIndicator },
  },
  additionalProperties: false,
} as const;

/** A field of an offer's public record: a JSON pointer into the case data, or a fixed text. */
const offerValue = {
  anyOf: [{ type: 'string', pattern: '^/' }, localizedText],
} as const;

/**
 * The public record of an offer, or of one entry of its list (pointers
 * relative to the entry there): a pointer to a date or a list of dates, or
 * a list of pointers (first = start).
 */
const offerRecord = {
  type: 'object',
  required: ['title'],
  properties: {
    title: offerValue,
    description: offerValue,
    dates: { anyOf: [{ type: 'string', pattern: '^/' }, { type: 'array', items: { type: 'string', pattern: '^/' }, minItems: 1 }] },
    place: offerValue,
    audience: offerValue,
    district: offerValue,
    provider: offerValue,
  },
  additionalProperties: false,
} as const;

/**
 * `offer.items`: the entries of a list in the case data (a collection form or
 * a list field) that are public entries of their own, e.g. the lectures of a
 * semester programme. Each entry's record is read with pointers relative to
 * the entry; what it does not name comes from the offer's record. An entry
 * has the offer's seats and registration (people register for the offer).
 */
const offerItems = {
  type: 'object',
  required: ['list', 'record'],
  properties: {
    list: { type: 'string', pattern: '^/', description: 'pointer to the list: a collection form (`/veranstaltung`) or a list field (`/kurs/termine_liste`)' },
    record: offerRecord,
    choice: { type: 'string', description: "a field of the registration form that lists the chosen entries: an entry's page fills in its title" },
  },
  additionalProperties: false,
} as const;

/**
 * `offer`: in which states a case is a public offer and which fields form
 * its public record (DESIGN.md, "Public offers"). Never personal data: lint
 * refuses pointers to personal fields, and into forms that hold personal data
 * unless the field is marked `"x-public": true`.
 */
const offerSpec = {
  type: 'object',
  required: ['states', 'record'],
  properties: {
    states: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'top-level states in which a case is listed on /angebote' },
    record: offerRecord,
    items: offerItems,
    seats: {
      type: 'object',
      required: ['total', 'states'],
      properties: {
        total: { type: 'string', pattern: '^/', description: 'pointer to the number of places' },
        states: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: "the registration process's states that take a place (as in its capacity guard)" },
      },
      additionalProperties: false,
    },
    registration: {
      type: 'object',
      required: ['definition', 'form'],
      properties: {
        definition: { type: 'string', description: 'the registration process (its `parent` is this one)' },
        form: { type: 'string', description: "the child's form the public fills; it needs a field with format email" },
        event: { type: 'string', description: 'the event that submits the form after the start (default SUBMIT)' },
        open: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, description: 'states of the offer in which self-registration is open; default: all offer states' },
        withdraw: {
          type: 'object',
          required: ['event'],
          properties: {
            event: { type: 'string' },
            data: { type: 'object', description: 'the form data sent with the event; the value "$today" becomes the date of withdrawal' },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

export const definitionSchema = {
  $id: 'https://agora.example/schemas/definition.json',
  title: 'Agora process definition',
  type: 'object',
  required: ['key', 'version', 'title', 'roles', 'forms', 'machine'],
  properties: {
    $schema: { type: 'string' },
    key: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
    version: { type: 'integer', minimum: 1 },
    fieldOfAction: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
    title: localizedText,
    description: localizedText,
    caseTitle: { type: 'string', maxLength: 200, description: 'how a case is named in lists, from its data: "{stammdaten.vorname} {stammdaten.nachname}"' },
    roles: { type: 'array', items: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' }, minItems: 1, uniqueItems: true },
    parent: {
      type: 'object',
      required: ['definition'],
      properties: {
        definition: { type: 'string' },
        required: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    retention: {
      type: 'object',
      properties: { afterClose: isoDuration, description: localizedText },
      additionalProperties: false,
    },
    sources: { type: 'array', items: { type: 'string' } },
    forms: { type: 'object', additionalProperties: formSpec },
    access: { type: 'object', additionalProperties: accessRule, description: 'per role: organisation, condition and visible forms; a role without an entry is tenant-wide' },
    delays: { type: 'object', additionalProperties: delaySpec },
    statistics: statisticsSpec,
    offer: offerSpec,
    machine: {
      type: 'object',
      required: ['id', 'states'],
      properties: {
        id: { type: 'string', minLength: 1 },
        initial: { type: 'string' },
        type: { enum: ['parallel', 'compound'] },
        states: { type: 'object', minProperties: 1 },
      },
    },
  },
  additionalProperties: false,
} as const;

/** A localized text: German first, English beside it. */
export type LocalizedText = FromSchema<typeof localizedText>;
/** `meta.task` of a state: a human task. */
export type TaskSpec = FromSchema<typeof taskSpec>;
/** `meta.events[type]`: an event a person may send. */
export type EventSpec = FromSchema<typeof eventSpec>;
/** `meta` of a state node. */
export type StateMeta = FromSchema<typeof stateMetaSchema>;
/** A named delay: a fixed duration or a date computed from case data. */
export type DelaySpec = FromSchema<typeof delaySpec>;
/** A form: JSON Schema, ui schema, collection flag. */
export type FormSpec = FromSchema<typeof formSpec>;
/** `access[role]` of a definition. */
export type AccessRule = FromSchema<typeof accessRule>;
/** `statistics` of a definition. */
export type StatisticsSpec = FromSchema<typeof statisticsSpec>;
/** One indicator of `statistics.indicators`. */
export type IndicatorSpec = FromSchema<typeof statisticsIndicator>;
/** One dimension of `statistics.dimensions`. */
export type DimensionSpec = FromSchema<typeof statisticsDimension>;
/** `offer` of a definition: its public record. */
export type OfferSpec = FromSchema<typeof offerSpec>;
/** A whole process definition document. */
export type Definition = FromSchema<typeof definitionSchema>;
