/**
 * The fixed catalogue of guards and actions a definition may name by
 * `{ "type", "params" }`. Each entry has a JSON Schema for its params, which
 * lint checks; docs/definition-format.md documents every entry.
 */
export const GUARDS = {
  /** JSON Logic rule over `{ data, event, case }`; true lets the transition pass. */
  formula: {
    type: 'object',
    required: ['rule'],
    properties: { rule: {} },
    additionalProperties: false,
  },
  /**
   * Counts linked cases in `states` and passes when `min <= count < max`.
   * `scope: "siblings"` (default) counts the other cases of this definition
   * under the same parent (or, without a parent, the office's other cases of
   * this definition); `scope: "children"` counts this case's children of
   * `definition`. `min` and `max` are numbers or JSON Logic rules.
   */
  capacity: {
    type: 'object',
    required: ['states'],
    anyOf: [{ required: ['max'] }, { required: ['min'] }],
    properties: {
      states: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      max: {},
      min: {},
      scope: { enum: ['siblings', 'children'] },
      definition: { type: 'string', minLength: 1 },
    },
    if: { properties: { scope: { const: 'children' } }, required: ['scope'] },
    then: { required: ['definition'] },
    additionalProperties: false,
  },
  /**
   * Passes while the case is in `state` (a dot path such as `pruefung.schule`),
   * checked at the moment XState evaluates the guard, like XState's `stateIn`:
   * "finish only once the other region is done".
   */
  inState: {
    type: 'object',
    required: ['state'],
    properties: { state: { type: 'string', minLength: 1 } },
    additionalProperties: false,
  },
  /** Passes when every guard in `guards` passes. */
  all: {
    type: 'object',
    required: ['guards'],
    properties: { guards: { type: 'array', minItems: 1 } },
    additionalProperties: false,
  },
  /** Passes when at least one guard in `guards` passes. */
  any: {
    type: 'object',
    required: ['guards'],
    properties: { guards: { type: 'array', minItems: 1 } },
    additionalProperties: false,
  },
  /** Passes when `guard` does not. */
  not: {
    type: 'object',
    required: ['guard'],
    properties: { guard: { type: 'object' } },
    additionalProperties: false,
  },
} as const;

export const ACTIONS = {
  /** Starts a linked child case of `definition`, optionally with data mapped by JSON Logic. */
  startChild: {
    type: 'object',
    required: ['definition'],
    properties: {
      definition: { type: 'string', minLength: 1 },
      data: { type: 'object', additionalProperties: { type: 'object' } },
    },
    additionalProperties: false,
  },
  /** Sends `event` to the parent case as the system. */
  notifyParent: {
    type: 'object',
    required: ['event'],
    properties: { event: { type: 'string', minLength: 1 } },
    additionalProperties: false,
  },
  /** Sends `event` to child cases (optionally only those in `state`), the oldest one or all. */
  notifyChildren: {
    type: 'object',
    required: ['event'],
    properties: {
      event: { type: 'string', minLength: 1 },
      definition: { type: 'string' },
      state: { type: 'string' },
      pick: { enum: ['oldest', 'all'] },
    },
    additionalProperties: false,
  },
  /** Creates a reminder task without changing state; it ends when the state is left. */
  remind: {
    type: 'object',
    required: ['title', 'roles'],
    properties: {
      title: {
        type: 'object',
        required: ['de'],
        properties: { de: { type: 'string' }, en: { type: 'string' } },
        additionalProperties: false,
      },
      roles: { type: 'array', items: { type: 'string' }, minItems: 1 },
      due: { type: 'string' },
    },
    additionalProperties: false,
  },
} as const;

export type GuardType = keyof typeof GUARDS;
export type ActionType = keyof typeof ACTIONS;

/** Whether `type` names a guard of the catalogue. */
export function isGuardType(type: string): type is GuardType {
  return Object.prototype.hasOwnProperty.call(GUARDS, type);
}

/** Whether `type` names an action of the catalogue. */
export function isActionType(type: string): type is ActionType {
  return Object.prototype.hasOwnProperty.call(ACTIONS, type);
}
