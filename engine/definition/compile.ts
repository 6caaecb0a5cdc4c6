import { setup, type AnyStateMachine } from 'xstate';
import type { ValidateFunction } from 'ajv';
import type { Definition, StateMeta } from './definition-schema.js';
import { addDuration, deadlineInstant, isDuration, DEFAULT_TIME_ZONE } from './duration.js';
import { CATALOGUE_KEYWORD, FormAjvPool } from './form-ajv.js';
import { walkStates, transitionsOf, type StateNodeInfo } from './walk-machine.js';
import { lintDefinition } from './lint.js';
import { evalRule, toXStateGuard, type GuardRef } from './guards.js';
import { AgoraError } from '../errors.js';

/**
 * What guards, delays and rules see. It travels on every XState event as
 * `$ctx`, because the engine keeps case data outside XState's context (the
 * data is stored and versioned by the engine, the snapshot only holds states).
 */
export interface EvalContext {
  data: Record<string, unknown>;
  event: { type: string; data?: unknown };
  case: {
    id: string;
    createdAt: string;
    parent?: { id: string; definition: string; state: unknown; data: Record<string, unknown> } | null;
  };
  now: string;
  /**
   * The office's IANA time zone for calendar arithmetic (durations, date-only
   * deadlines); {@link DEFAULT_TIME_ZONE} when absent. An input, never a global.
   */
  timeZone?: string;
  /** Counts of linked cases per capacity key (see {@link capacityKey}). */
  counts: Record<string, number>;
}

/** A form field that must hold entries of a catalogue. */
export interface CatalogueField {
  /** Property path inside the form data, e.g. `['kita']`. */
  path: string[];
  catalogue: string;
  isArray: boolean;
}

/** A form field that holds a file (`format: "data-url"`), stored as an attachment of the case. */
export interface FileField {
  /** Property path inside the form data, e.g. `['nachweis']`. */
  path: string[];
  isArray: boolean;
  maxBytes: number;
  /** Allowed content types. */
  accept: string[];
}

/** Limits of a file field without `x-file`: 1 MiB (a request carries at most 2 MiB of JSON), PDF and images. */
export const FILE_DEFAULTS = { maxBytes: 1024 * 1024, accept: ['application/pdf', 'image/png', 'image/jpeg'] } as const;

/** A definition made ready to run: machine, validators, state index. */
export interface CompiledDefinition {
  definition: Definition;
  machine: AnyStateMachine;
  validators: Record<string, ValidateFunction>;
  states: Map<string, StateNodeInfo>;
  /** Every event type some transition handles. */
  eventTypes: Set<string>;
  catalogueFields: Record<string, CatalogueField[]>;
  /** File fields per form. */
  fileFields: Record<string, FileField[]>;
  /** What capacity guards count, so the service can count before a command (under a lock). */
  capacityKeys: CapacityQuery[];
  /** XState's state nodes by id, to revive a persisted history value without a lookup that throws. */
  stateNodesById: Map<string, unknown>;
  checksum: string;
}

/** One count a capacity guard needs. */
export interface CapacityQuery {
  scope: 'siblings' | 'children';
  /** For `children`: the children's definition key. */
  definition?: string;
  states: string[];
}

export { capacityKey, evalRule } from './guards.js';

function collectCapacity(guard: GuardRef | undefined, out: CapacityQuery[]): void {
  if (!guard || typeof guard !== 'object') return;
  const p = guard.params ?? {};
  if (guard.type === 'capacity' && Array.isArray(p.states)) out.push({ scope: p.scope ?? 'siblings', definition: p.definition, states: p.states });
  for (const g of p.guards ?? []) collectCapacity(g, out);
  if (guard.type === 'not') collectCapacity(p.guard, out);
}

/**
 * A copy of the machine config in which every `remind` action knows the state
 * that declares it, so its reminder ends when that state is left, and every
 * catalogue guard is a function XState checks against the snapshot.
 */
export function prepareConfig(machine: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(machine);
  for (const node of walkStates(copy)) {
    const tag = (a: any) => {
      if (a && typeof a === 'object' && a.type === 'remind') a.params = { ...a.params, statePath: node.path };
    };
    const tagAll = (raw: unknown) => (Array.isArray(raw) ? raw.forEach(tag) : tag(raw));
    for (const t of transitionsOf(node, () => undefined)) t.actions.forEach(tag);
    tagAll(node.config.entry);
    tagAll(node.config.exit);
    for (const key of ['on', 'after', 'always', 'onDone'] as const) {
      const raw = node.config[key];
      const lists = key === 'on' || key === 'after' ? Object.values((raw ?? {}) as Record<string, unknown>) : [raw];
      for (const list of lists) {
        for (const t of Array.isArray(list) ? list : [list]) {
          if (t && typeof t === 'object' && (t as any).guard && typeof (t as any).guard === 'object') (t as any).guard = toXStateGuard((t as any).guard, ctxOf as any);
        }
      }
    }
  }
  return copy;
}

function ctxOf(event: any): EvalContext {
  return (event?.$ctx ?? event?.input?.$ctx) as EvalContext;
}

/**
 * Milliseconds from `ctx.now` until a delay named by an `after` key or a task's
 * `due`. `null` when a date-based delay cannot be computed from the data yet.
 */
export function delayMs(def: Definition, name: string, ctx: EvalContext): number | null {
  const now = new Date(ctx.now);
  const zone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  if (isDuration(name)) return addDuration(now, name, zone).getTime() - now.getTime();
  const spec = def.delays?.[name];
  if (!spec) return null;
  if (spec.duration) return addDuration(now, spec.duration, zone).getTime() - now.getTime();
  const value = evalRule(spec.date, ctx);
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  // A date without time (a form's date field) means local midnight in the office's zone.
  let at = deadlineInstant(value, zone);
  if (at === null) return null;
  if (spec.offset) at = addDuration(at, spec.offset, zone);
  return at.getTime() - now.getTime();
}

function collectCatalogueFields(schema: any, path: string[] = []): CatalogueField[] {
  if (!schema || typeof schema !== 'object') return [];
  const out: CatalogueField[] = [];
  if (typeof schema[CATALOGUE_KEYWORD] === 'string') out.push({ path, catalogue: schema[CATALOGUE_KEYWORD], isArray: false });
  if (schema.type === 'array' && schema.items && typeof schema.items[CATALOGUE_KEYWORD] === 'string') {
    out.push({ path, catalogue: schema.items[CATALOGUE_KEYWORD], isArray: true });
  }
  for (const [k, sub] of Object.entries(schema.properties ?? {})) out.push(...collectCatalogueFields(sub, [...path, k]));
  return out;
}

function fileFieldOf(schema: any, path: string[], isArray: boolean): FileField {
  const spec = schema['x-file'] ?? {};
  return { path, isArray, maxBytes: spec.maxBytes ?? FILE_DEFAULTS.maxBytes, accept: spec.accept ?? [...FILE_DEFAULTS.accept] };
}

function collectFileFields(schema: any, path: string[] = []): FileField[] {
  if (!schema || typeof schema !== 'object') return [];
  const out: FileField[] = [];
  if (schema.format === 'data-url') out.push(fileFieldOf(schema, path, false));
  if (schema.type === 'array' && schema.items && !Array.isArray(schema.items) && schema.items.format === 'data-url') out.push(fileFieldOf(schema.items, path, true));
  for (const [k, sub] of Object.entries(schema.properties ?? {})) out.push(...collectFileFields(sub, [...path, k]));
  return out;
}

function checksumOf(doc: unknown): string {
  // FNV-1a over canonical JSON: enough to tell versions apart, no crypto needed in the pure core.
  const text = JSON.stringify(doc, Object.keys(flattenKeys(doc)).sort());
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function flattenKeys(v: unknown, acc: Record<string, true> = {}): Record<string, true> {
  if (v && typeof v === 'object') {
    for (const [k, sub] of Object.entries(v)) {
      acc[k] = true;
      flattenKeys(sub, acc);
    }
  }
  return acc;
}

/**
 * Compiles a definition. Throws DEFINITION_INVALID with every problem if it
 * does not lint clean; `trusted` skips lint for documents linted on import.
 */
export function compileDefinition(doc: unknown, options: { trusted?: boolean } = {}): CompiledDefinition {
  // A stored definition was linted when it was imported; linting it again on every cold start only costs time.
  let def = doc as Definition;
  if (!options.trusted) {
    const lint = lintDefinition(doc);
    if (!lint.ok) throw new AgoraError('DEFINITION_INVALID', { count: lint.problems.length }, lint.problems);
    def = lint.definition;
  }

  const pool = new FormAjvPool();
  const validators: Record<string, ValidateFunction> = {};
  const catalogueFields: Record<string, CatalogueField[]> = {};
  const fileFields: Record<string, FileField[]> = {};
  for (const [key, form] of Object.entries(def.forms)) {
    fileFields[key] = collectFileFields(form.schema);
    // Validators fill defaults (as rjsf does in the browser), so API callers get the same data; see checkForm.
    validators[key] = pool.forSchema(form.schema, { useDefaults: true }).compile(form.schema);
    catalogueFields[key] = collectCatalogueFields(form.schema);
  }

  const nodes = walkStates(def.machine as Record<string, unknown>);
  const states = new Map(nodes.map((n) => [n.path, n]));
  const eventTypes = new Set<string>();
  const delayNames = new Set<string>();
  const capacityKeys: CapacityQuery[] = [];
  for (const n of nodes) {
    for (const t of transitionsOf(n, () => undefined)) {
      if (t.kind === 'on') eventTypes.add(t.trigger);
      if (t.kind === 'after') delayNames.add(t.trigger);
      collectCapacity(t.guard as GuardRef | undefined, capacityKeys);
    }
  }

  const delays = Object.fromEntries(
    [...delayNames].map((name) => [
      name,
      ({ event }: { event: unknown }) => {
        const ms = delayMs(def, name, ctxOf(event));
        // A date that cannot be computed yet never fires; the runtime drops such timers.
        return ms === null ? Number.POSITIVE_INFINITY : Math.max(ms, 1);
      },
    ]),
  );

  const noop = () => undefined;
  const machine = setup({
    // Actions are effects the service carries out after the step; XState only reports them.
    actions: { startChild: noop, notifyParent: noop, notifyChildren: noop, remind: noop },
    delays,
  }).createMachine(prepareConfig(def.machine as Record<string, unknown>) as any);

  const stateNodesById = new Map<string, unknown>();
  const index = (node: any) => {
    stateNodesById.set(node.id, node);
    Object.values(node.states ?? {}).forEach(index);
  };
  index(machine.root);
  return { definition: def, machine, validators, states, eventTypes, catalogueFields, fileFields, capacityKeys, stateNodesById, checksum: checksumOf(doc) };
}

/** `meta` of a state path, typed. */
export function metaOf(compiled: CompiledDefinition, path: string): StateMeta | undefined {
  return compiled.states.get(path)?.config.meta as StateMeta | undefined;
}
