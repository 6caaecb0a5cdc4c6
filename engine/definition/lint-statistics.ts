import type { Definition, DimensionSpec } from './definition-schema.js';
import { escapePointer, type StateNodeInfo } from './walk-machine.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The JSON Schema of the field a data pointer names (`/stammdaten/stadtteil`):
 * the first segment is the form, the rest walk `properties`. Undefined when
 * no such field is declared.
 */
export function fieldSchemaAt(def: Pick<Definition, 'forms'>, pointer: string): Record<string, unknown> | undefined {
  const [form, ...rest] = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const spec = (def.forms ?? {})[form ?? ''];
  if (!spec || !isObject(spec.schema) || rest.length === 0) return undefined;
  let schema: Record<string, unknown> = spec.schema;
  for (const segment of rest) {
    const next = isObject(schema.properties) ? schema.properties[segment] : undefined;
    if (!isObject(next)) return undefined;
    schema = next;
  }
  return schema;
}

const typeOf = (schema: Record<string, unknown>) => schema.type;

/** Indicator types a share can be taken of: counts of cases and sums. */
export const COUNTABLE: ReadonlyArray<string> = ['started', 'reached', 'ended', 'sum', 'distinct', 'open'];

/** Every event type some state handles. */
function eventsOf(byPath: Map<string, StateNodeInfo>): Set<string> {
  const out = new Set<string>();
  for (const node of byPath.values()) if (isObject(node.config.on)) for (const type of Object.keys(node.config.on)) out.add(type);
  return out;
}

/** Checks one dimension against the forms of the definition its field belongs to (this one, or the parent's). */
export function lintDimension(def: Pick<Definition, 'forms'>, at: string, dim: DimensionSpec, add: (path: string, message: string) => void): void {
  const field = fieldSchemaAt(def, dim.field);
  if (!field) {
    add(`${at}/field`, `"${dim.field}" is not a field of a form of this definition`);
    return;
  }
  if (dim.ageGroups && dim.schoolYear) add(at, 'a dimension is either age groups or a school year, not both');
  if (dim.ageGroups) {
    const isDate = typeOf(field) === 'string' && field.format === 'date';
    if (!isDate && typeOf(field) !== 'integer') add(`${at}/field`, `age groups need a birth date (format "date") or a birth year (integer); "${dim.field}" is neither`);
    const bounds = dim.ageGroups;
    const sorted = [...bounds].sort((a, b) => a - b);
    if (sorted.some((v, i) => v !== bounds[i])) add(`${at}/ageGroups`, 'the lower bounds of the age groups must be in ascending order');
  } else if (dim.schoolYear) {
    if (!(typeOf(field) === 'string' && (field.format === 'date' || field.format === 'date-time'))) add(`${at}/field`, `a school year needs a date field; "${dim.field}" is not one`);
  } else if (typeOf(field) !== 'string' && typeOf(field) !== 'boolean' && typeOf(field) !== 'integer') {
    add(`${at}/field`, `a dimension takes one value per case (a string, a catalogue entry, a yes/no or a whole number); "${dim.field}" is ${String(typeOf(field) ?? 'untyped')}`);
  } else if (typeOf(field) === 'string' && !field['x-catalogue'] && !field.enum && !field.oneOf) {
    add(`${at}/field`, `"${dim.field}" is free text: a dimension needs a catalogue, "enum" or "oneOf" so that no free text reaches the statistics`);
  }
}

/**
 * Checks `statistics`: every dimension and `sum` names a declared field of a
 * fitting type, every state exists (`ended`: a final one), a distinct count
 * names a form or event of the process, every share names two count
 * indicators (of this definition, or `<definition>.<key>` checked by
 * {@link lintStatisticsAcross}). Problems carry their JSON pointer.
 */
export function lintStatistics(def: Definition, byPath: Map<string, StateNodeInfo>, add: (path: string, message: string) => void): void {
  const stats = def.statistics;
  if (!stats) return;
  for (const [key, dim] of Object.entries(stats.dimensions ?? {})) {
    const at = `/statistics/dimensions/${escapePointer(key)}`;
    // A parent's field is checked where the parent is known too (lintStatisticsAcross).
    if (dim.parent) {
      if (!def.parent) add(`${at}/parent`, 'a dimension of the parent case needs "parent" (the definition of the parent process)');
      continue;
    }
    lintDimension(def, at, dim, add);
  }
  const indicators = stats.indicators;
  const stateAt = (pointer: string, path: unknown, final = false) => {
    if (typeof path !== 'string') return add(pointer, 'a state path is required here');
    const node = byPath.get(path);
    if (!node) return add(pointer, `state "${path}" does not exist`);
    if (final && node.type !== 'final') add(pointer, `state "${path}" is not a final state; use "reached" to count cases passing it`);
  };
  for (const [key, ind] of Object.entries(indicators)) {
    const at = `/statistics/indicators/${escapePointer(key)}`;
    if (ind.type === 'reached' || ind.type === 'ended') stateAt(`${at}/state`, ind.state, ind.type === 'ended');
    if (ind.type === 'duration') {
      stateAt(`${at}/from`, ind.from);
      stateAt(`${at}/to`, ind.to);
    }
    if (ind.type === 'sum') {
      if (ind.state !== undefined) stateAt(`${at}/state`, ind.state);
      const field = typeof ind.field === 'string' ? fieldSchemaAt(def, ind.field) : undefined;
      if (!field) add(`${at}/field`, `a sum needs "field", a pointer to a number field of a form`);
      else if (typeOf(field) !== 'integer' && typeOf(field) !== 'number') add(`${at}/field`, `"${ind.field}" is not a number field`);
    }
    if (ind.type === 'distinct') {
      if (ind.form === undefined && ind.event === undefined) add(at, 'a distinct count needs "form" or "event": what a case must have in a period to count');
      if (ind.form !== undefined && !(def.forms ?? {})[ind.form]) add(`${at}/form`, `form "${ind.form}" does not exist`);
      if (ind.event !== undefined && !eventsOf(byPath).has(ind.event)) add(`${at}/event`, `no state handles event "${ind.event}"`);
    }
    if (ind.type === 'share') {
      for (const part of ['numerator', 'denominator'] as const) {
        const raw = ind[part];
        // `<this definition>.<key>` is this definition's own indicator; another definition's is checked where both are known (lintStatisticsAcross).
        const ref = typeof raw === 'string' && raw.startsWith(`${def.key}.`) ? raw.slice(def.key.length + 1) : raw;
        if (typeof ref !== 'string') add(`${at}/${part}`, `a share needs "${part}", the key of another indicator`);
        else if (ref.includes('.')) {
          if (!/^[a-z0-9][a-z0-9-]*\.[a-z][a-z0-9_]*$/.test(ref)) add(`${at}/${part}`, `"${ref}" is neither an indicator of this process nor "<definition>.<indicator>"`);
        } else if (!indicators[ref]) add(`${at}/${part}`, `indicator "${ref}" does not exist`);
        else if (!COUNTABLE.includes(indicators[ref].type)) add(`${at}/${part}`, `indicator "${ref}" is a ${indicators[ref].type}; a share is taken of counts`);
      }
    }
    if (ind.band && ind.band.min !== undefined && ind.band.max !== undefined && ind.band.min > ind.band.max) add(`${at}/band`, 'the band\'s min is above its max');
  }
}
