/**
 * The form builder's model: a form's JSON Schema + uiSchema read as an
 * ordered list of field descriptors, and written back.
 *
 * Each descriptor keeps its property's schema and uiSchema entry as they are
 * (`schema`, `ui`); the builder's edits patch only the keys they own, so
 * anything the builder does not know (vendor keys, keywords without a UI)
 * stays untouched, and `toSchema(fromSchema(s, u))` gives back `s` and `u`
 * exactly, key order included. Fields the builder cannot edit are kind
 * `expert`: they can be moved and removed, and are edited in the JSON view.
 *
 * "Show only when field X is Y" is written as react-jsonschema-form shows a
 * field conditionally: the field lives in the `then` of an `allOf` entry
 * `{ if: { required: [X], properties: { X: { const: Y } } }, then: { properties: { field }, required? } }`,
 * and `ui:order` keeps it at its place in the form.
 */

export type Obj = Record<string, unknown>;
/** A value a condition compares with (a choice's value or yes/no). */
export type ConditionValue = string | number | boolean;

/** The kinds of field the builder offers; `expert` is everything else. */
export const FIELD_KINDS = [
  'text',
  'textarea',
  'number',
  'date',
  'time',
  'boolean',
  'choice',
  'multi',
  'catalogue',
  'email',
  'phone',
  'file',
  'list',
  'heading',
  'help',
] as const;
export type BuilderKind = (typeof FIELD_KINDS)[number];
export type FieldKind = BuilderKind | 'expert';

/** One field of a form, in display order. */
export interface FieldDescriptor {
  key: string;
  kind: FieldKind;
  /** The property's JSON Schema as stored. */
  schema: Obj;
  /** Its uiSchema entry as stored (absent when there is none). */
  ui?: Obj;
  required: boolean;
  /** Shown only while another field of the same form has this value. */
  condition?: { field: string; equals: ConditionValue };
}

/** A placeholder for an `allOf` entry that the model turned into a field's condition. */
interface ConditionSlot {
  conditionOf: string;
}

/** A form (or a list's entry) as the builder edits it. */
export interface FormModel {
  fields: FieldDescriptor[];
  /** False when the schema is no object with `properties`: the builder leaves it to the JSON view. */
  editable: boolean;
  /** What the fields do not carry, to write the schema back around them. */
  source: { schema: Obj; uiSchema?: Obj; allOf?: Array<Obj | ConditionSlot>; order?: string[] };
}

/** One choice of a choice field. */
export interface ChoiceOption {
  value: string;
  de: string;
  en?: string;
}

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const only = (o: Obj, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));
const isSlot = (v: Obj | ConditionSlot): v is ConditionSlot => typeof (v as ConditionSlot).conditionOf === 'string' && Object.keys(v).length === 1;

/** A `oneOf` of labelled constants (`{ const, title }`), the format's way to label choices. */
function isLabelledConstants(list: unknown): list is Obj[] {
  return Array.isArray(list) && list.length > 0 && list.every((o) => isObj(o) && 'const' in o && only(o, ['const', 'title', 'x-title-en', 'description']));
}

const isChoiceSchema = (s: Obj) => (s.type === 'string' || s.type === undefined) && (isLabelledConstants(s.oneOf) || Array.isArray(s.enum)) && !('x-catalogue' in s);

const EXPERT_KEYS = ['$ref', 'anyOf', 'allOf', 'not', 'if', 'then', 'else', 'dependencies', 'dependentSchemas', 'patternProperties', 'prefixItems', 'const'];

/** Which builder kind a property is, or `expert` when the builder has no editor for it. */
export function kindOf(schema: unknown, ui?: Obj): FieldKind {
  if (!isObj(schema)) return 'expert';
  if (EXPERT_KEYS.some((k) => k in schema)) return 'expert';
  if ('oneOf' in schema && !isLabelledConstants(schema.oneOf)) return 'expert';
  const widget = ui?.['ui:widget'];
  switch (schema.type) {
    case 'null':
      return typeof schema.title === 'string' ? 'heading' : 'help';
    case 'boolean':
      return 'enum' in schema || widget ? 'expert' : 'boolean';
    case 'number':
    case 'integer':
      return 'number';
    case 'string': {
      if ('x-catalogue' in schema) return 'catalogue';
      if (isChoiceSchema(schema)) return 'choice';
      if (schema.format === 'date') return 'date';
      if (schema.format === 'time') return 'time';
      if (schema.format === 'email') return 'email';
      if (schema.format === 'data-url') return 'file';
      if (schema.format !== undefined) return 'expert';
      if (widget === 'textarea') return 'textarea';
      if (ui?.['ui:inputType'] === 'tel') return 'phone';
      return widget === undefined ? 'text' : 'expert';
    }
    case 'array': {
      const items = schema.items;
      if (!isObj(items)) return 'expert';
      if (items.type === 'object' && isObj(items.properties) && !EXPERT_KEYS.some((k) => k in items)) return 'list';
      if (items.type === 'string' && 'x-catalogue' in items) return 'catalogue';
      if (isObj(items) && items.type === 'string' && isChoiceSchema(items)) return 'multi';
      if (items.type === 'string' && items.format === 'data-url') return 'file';
      return 'expert';
    }
    default:
      return 'expert';
  }
}

/** Reads an `allOf` entry written for "show only when": the field it holds and its condition. */
function readConditionEntry(entry: unknown): { key: string; schema: Obj; required: boolean; field: string; equals: ConditionValue } | null {
  if (!isObj(entry) || !only(entry, ['if', 'then']) || !isObj(entry.if) || !isObj(entry.then)) return null;
  const cond = entry.if;
  if (Object.keys(cond).join() !== 'required,properties' || !Array.isArray(cond.required) || cond.required.length !== 1 || !isObj(cond.properties)) return null;
  const field = cond.required[0];
  if (typeof field !== 'string' || Object.keys(cond.properties).length !== 1) return null;
  const test = cond.properties[field];
  if (!isObj(test) || !only(test, ['const'])) return null;
  const equals = test.const;
  if (typeof equals !== 'string' && typeof equals !== 'number' && typeof equals !== 'boolean') return null;
  const then = entry.then;
  if (!only(then, ['properties', 'required']) || !isObj(then.properties) || Object.keys(then.properties).length !== 1) return null;
  const key = Object.keys(then.properties)[0];
  const schema = then.properties[key];
  if (!isObj(schema)) return null;
  if (then.required !== undefined && !(Array.isArray(then.required) && then.required.length === 1 && then.required[0] === key)) return null;
  if (Array.isArray(then.required) && Object.keys(then).indexOf('required') < Object.keys(then).indexOf('properties')) return null;
  return { key, schema, required: then.required !== undefined, field, equals };
}

/** Reads a form's schema and uiSchema as fields. */
export function fromSchema(schema: Obj, uiSchema?: Obj): FormModel {
  const source: FormModel['source'] = { schema, uiSchema };
  if (!isObj(schema.properties) || (schema.type !== undefined && schema.type !== 'object')) return { fields: [], editable: false, source };
  const required = Array.isArray(schema.required) ? schema.required : [];
  const uiOf = (key: string) => (uiSchema && isObj(uiSchema[key]) ? (uiSchema[key] as Obj) : undefined);
  const fields: FieldDescriptor[] = Object.entries(schema.properties).map(([key, s]) => ({
    key,
    kind: kindOf(s, uiOf(key)),
    schema: s as Obj,
    ui: uiOf(key),
    required: required.includes(key),
  }));
  if (Array.isArray(schema.allOf)) {
    source.allOf = schema.allOf.map((entry) => {
      const c = readConditionEntry(entry);
      if (!c || fields.some((f) => f.key === c.key)) return entry as Obj;
      fields.push({ key: c.key, kind: kindOf(c.schema, uiOf(c.key)), schema: c.schema, ui: uiOf(c.key), required: c.required, condition: { field: c.field, equals: c.equals } });
      return { conditionOf: c.key };
    });
  }
  const order = uiSchema?.['ui:order'];
  if (Array.isArray(order) && order.every((k) => typeof k === 'string')) {
    source.order = order;
    const rank = (key: string) => {
      const i = order.indexOf(key);
      return i >= 0 ? i : order.includes('*') ? order.indexOf('*') : order.length;
    };
    fields.sort((a, b) => rank(a.key) - rank(b.key));
  }
  return { fields, editable: true, source };
}

/** Writes the fields back into the schema and uiSchema they were read from (see the file comment). */
export function toSchema(model: FormModel): { schema: Obj; uiSchema?: Obj } {
  const { source } = model;
  if (!model.editable) return { schema: source.schema, uiSchema: source.uiSchema };
  const plain = model.fields.filter((f) => !f.condition);
  const conditional = model.fields.filter((f) => f.condition);
  const keys = new Set([...model.fields.map((f) => f.key), ...Object.keys(source.schema.properties as Obj)]);

  // properties: in display order, unless a ui:order carries the order (then the stored order stays)
  const oldKeys = Object.keys(source.schema.properties as Obj);
  const needsOrder = source.order !== undefined || conditional.length > 0;
  const propOrder = needsOrder ? [...oldKeys.filter((k) => plain.some((f) => f.key === k)), ...plain.filter((f) => !oldKeys.includes(f.key)).map((f) => f.key)] : plain.map((f) => f.key);
  const properties: Obj = {};
  for (const k of propOrder) properties[k] = plain.find((f) => f.key === k)!.schema;

  // required: the stored list, less what is no longer required, plus what newly is
  const oldRequired = Array.isArray(source.schema.required) ? (source.schema.required as unknown[]) : undefined;
  const isPlainRequired = (k: string) => plain.some((f) => f.key === k && f.required);
  let required: unknown[] | undefined = oldRequired?.filter((k) => typeof k !== 'string' || !keys.has(k) || isPlainRequired(k));
  const added = plain.filter((f) => f.required && !(oldRequired ?? []).includes(f.key)).map((f) => f.key);
  if (added.length) required = [...(required ?? []), ...added];

  // allOf: conditions in the place they were read from, new ones at the end
  let allOf: Obj[] | undefined;
  const placed = new Set<string>();
  if (source.allOf || conditional.length) {
    allOf = [];
    for (const entry of source.allOf ?? []) {
      if (!isSlot(entry)) allOf.push(entry);
      else {
        const f = conditional.find((c) => c.key === entry.conditionOf);
        if (f) {
          allOf.push(conditionEntry(f));
          placed.add(f.key);
        }
      }
    }
    for (const f of conditional) if (!placed.has(f.key)) allOf.push(conditionEntry(f));
  }

  const schema: Obj = {};
  for (const [k, v] of Object.entries(source.schema)) {
    if (k === 'properties') schema.properties = properties;
    else if (k === 'required') {
      if (required && (required.length || oldRequired?.length === 0)) schema.required = required;
    } else if (k === 'allOf') {
      if (allOf && (allOf.length || source.allOf?.length === 0)) schema.allOf = allOf;
    } else schema[k] = v;
  }
  if (required?.length && !('required' in schema)) schema.required = required;
  if (allOf?.length && !('allOf' in schema)) schema.allOf = allOf;

  return { schema, uiSchema: writeUi(model, needsOrder) };
}

/** The `allOf` entry that shows `f` only while its condition holds. */
function conditionEntry(f: FieldDescriptor): Obj {
  const { field, equals } = f.condition!;
  const then: Obj = { properties: { [f.key]: f.schema } };
  if (f.required) then.required = [f.key];
  return { if: { required: [field], properties: { [field]: { const: equals } } }, then };
}

function writeUi(model: FormModel, needsOrder: boolean): Obj | undefined {
  const { source } = model;
  const old = source.uiSchema;
  const out: Obj = {};
  const fieldKeys = new Set(model.fields.map((f) => f.key));
  const oldFieldKeys = new Set(isObj(source.schema.properties) ? Object.keys(source.schema.properties) : []);
  for (const s of source.allOf ?? []) if (isSlot(s)) oldFieldKeys.add(s.conditionOf);
  const display = model.fields.map((f) => f.key);
  const order = source.order && sameOrder(source.order, display) ? source.order : needsOrder ? [...display, '*'] : undefined;
  for (const [k, v] of Object.entries(old ?? {})) {
    if (k === 'ui:order') {
      if (order) out[k] = order;
    } else if (fieldKeys.has(k)) {
      const ui = model.fields.find((f) => f.key === k)!.ui;
      if (ui) out[k] = ui;
    } else if (!oldFieldKeys.has(k)) out[k] = v;
  }
  for (const f of model.fields) if (f.ui && !(f.key in out)) out[f.key] = f.ui;
  if (order && !('ui:order' in out)) out['ui:order'] = order;
  if (!old && Object.keys(out).length === 0) return undefined;
  return out;
}

/** Whether the stored `ui:order` already lists these keys in this order (other entries ignored). */
function sameOrder(order: string[], display: string[]): boolean {
  const listed = order.filter((k) => display.includes(k));
  const rest = display.filter((k) => !order.includes(k));
  if (rest.length && !order.includes('*')) return false;
  const star = order.indexOf('*');
  const expanded = star < 0 ? listed : [...order.slice(0, star).filter((k) => display.includes(k)), ...rest, ...order.slice(star + 1).filter((k) => display.includes(k))];
  return expanded.length === display.length && expanded.every((k, i) => k === display[i]);
}
