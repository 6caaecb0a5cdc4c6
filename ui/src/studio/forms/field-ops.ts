import { fromSchema, isObj, kindOf, toSchema, type BuilderKind, type ChoiceOption, type ConditionValue, type FieldDescriptor, type FormModel, type Obj } from './model.js';

/**
 * Pure edits of a {@link FormModel}: add, change, move and remove fields.
 * Each returns a new model; a field's schema is patched key by key, so keys
 * the builder does not own stay as they were.
 */

/** English beside the German `title`/`description` (the format's titles are German strings). */
export const TITLE_EN = 'x-title-en';
export const DESCRIPTION_EN = 'x-description-en';

/** `Stadtteil (Wohnort)` -> `stadtteil_wohnort`: a field key from its German label. */
export function keyFromLabel(label: string): string {
  const base = label
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(base) ? base : `feld_${base || '1'}`;
}

/** A key not yet used in the form (`stadtteil`, `stadtteil_2`, ...). */
export function uniqueKey(model: FormModel, wanted: string): string {
  const used = new Set(model.fields.map((f) => f.key));
  if (!used.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!used.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

/** The schema and uiSchema a new field of this kind starts with. */
export function newField(kind: BuilderKind, title: string): { schema: Obj; ui?: Obj } {
  const t = title ? { title } : {};
  switch (kind) {
    case 'text':
      return { schema: { type: 'string', ...t } };
    case 'textarea':
      return { schema: { type: 'string', ...t }, ui: { 'ui:widget': 'textarea' } };
    case 'number':
      return { schema: { type: 'integer', ...t } };
    case 'date':
      return { schema: { type: 'string', format: 'date', ...t } };
    case 'time':
      return { schema: { type: 'string', format: 'time', ...t } };
    case 'boolean':
      return { schema: { type: 'boolean', ...t } };
    case 'choice':
      return { schema: { type: 'string', ...t, oneOf: [{ const: 'ja', title: 'Ja' }, { const: 'nein', title: 'Nein' }] } };
    case 'multi':
      return { schema: { type: 'array', ...t, items: { type: 'string', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }] }, uniqueItems: true }, ui: { 'ui:widget': 'checkboxes' } };
    case 'catalogue':
      return { schema: { type: 'string', ...t, 'x-catalogue': 'stadtteile' } };
    case 'email':
      return { schema: { type: 'string', format: 'email', ...t } };
    case 'phone':
      return { schema: { type: 'string', ...t, pattern: '^[+0-9 ()/-]{5,30}$' }, ui: { 'ui:inputType': 'tel' } };
    case 'file':
      return { schema: { type: 'string', format: 'data-url', ...t, 'x-file': { maxBytes: 1000000, accept: ['application/pdf', 'image/jpeg', 'image/png'] } } };
    case 'list':
      return { schema: { type: 'array', ...t, items: { type: 'object', properties: {} } } };
    case 'heading':
      return { schema: { type: 'null', title: title || 'Abschnitt' } };
    case 'help':
      return { schema: { type: 'null', description: title || 'Hinweis' }, ui: { 'ui:options': { label: false } } };
  }
}

/** Adds a field of `kind` labelled `title` at the end (or at `index`); returns the model and the new key. */
export function addField(model: FormModel, kind: BuilderKind, title: string, index = model.fields.length): { model: FormModel; key: string } {
  const key = uniqueKey(model, keyFromLabel(title || kind));
  const { schema, ui } = newField(kind, title);
  const field: FieldDescriptor = { key, kind, schema, required: false, ...(ui ? { ui } : {}) };
  const fields = [...model.fields];
  fields.splice(index, 0, field);
  return { model: { ...model, fields }, key };
}

/** Replaces the field `key` with `change(field)`, recomputing its kind. */
export function updateField(model: FormModel, key: string, change: (f: FieldDescriptor) => FieldDescriptor): FormModel {
  return {
    ...model,
    fields: model.fields.map((f) => {
      if (f.key !== key) return f;
      const next = change(f);
      return { ...next, kind: kindOf(next.schema, next.ui) };
    }),
  };
}

/** Removes the field `key`; conditions of other fields that test it are removed with it. */
export function removeField(model: FormModel, key: string): FormModel {
  return {
    ...model,
    fields: model.fields.filter((f) => f.key !== key).map((f) => (f.condition?.field === key ? { ...f, condition: undefined } : f)),
  };
}

/** Moves the field at `from` to `to` (indexes in display order). */
export function moveField(model: FormModel, from: number, to: number): FormModel {
  if (from === to || from < 0 || to < 0 || from >= model.fields.length || to >= model.fields.length) return model;
  const fields = [...model.fields];
  const [f] = fields.splice(from, 1);
  fields.splice(to, 0, f);
  return { ...model, fields };
}

/** Sets (or with `undefined`/'' removes) a key of a schema, keeping the position of existing keys. */
function setKey(schema: Obj, key: string, value: unknown): Obj {
  const out = { ...schema };
  if (value === undefined || value === '') delete out[key];
  else out[key] = value;
  return out;
}

/** German label and English beside it; for a help text the text itself. */
export function setLabel(f: FieldDescriptor, de: string, en: string): FieldDescriptor {
  if (f.kind === 'help') return { ...f, schema: setKey(setKey(f.schema, 'description', de), DESCRIPTION_EN, en) };
  return { ...f, schema: setKey(setKey(f.schema, 'title', de), TITLE_EN, en) };
}

/** The help text under a field (`description`), German and English. */
export function setHelp(f: FieldDescriptor, de: string, en: string): FieldDescriptor {
  return { ...f, schema: setKey(setKey(f.schema, 'description', de), DESCRIPTION_EN, en) };
}

/** Required or not; a required list needs at least one entry, so `minItems` follows for lists of choices or files. */
export function setRequired(f: FieldDescriptor, required: boolean): FieldDescriptor {
  return { ...f, required };
}

/** The keywords min/max mean for a kind: numbers by value, texts by length, lists by count. */
export function limitKeys(f: FieldDescriptor): [string, string] | null {
  switch (f.kind) {
    case 'number':
      return ['minimum', 'maximum'];
    case 'text':
    case 'textarea':
      return ['minLength', 'maxLength'];
    case 'list':
    case 'multi':
      return ['minItems', 'maxItems'];
    case 'date':
      return ['formatMinimum', 'formatMaximum'];
    default:
      return null;
  }
}

/** Sets the lower and upper limit (undefined removes it). */
export function setLimits(f: FieldDescriptor, min: number | string | undefined, max: number | string | undefined): FieldDescriptor {
  const keys = limitKeys(f);
  if (!keys) return f;
  return { ...f, schema: setKey(setKey(f.schema, keys[0], min), keys[1], max) };
}

/** Whole numbers only (`integer`) or any number. */
export function setInteger(f: FieldDescriptor, integer: boolean): FieldDescriptor {
  return { ...f, schema: setKey(f.schema, 'type', integer ? 'integer' : 'number') };
}

/** The schema that holds a choice's options: the field itself, or the items of a multiple choice. */
const optionHolder = (f: FieldDescriptor): Obj => (f.kind === 'multi' && isObj(f.schema.items) ? f.schema.items : f.schema);

/** The options of a choice or multiple choice, with their labels (`oneOf` of `const`/`title`, or `enum` with `enumNames`/`ui:enumNames`). */
export function optionsOf(f: FieldDescriptor): ChoiceOption[] {
  const s = optionHolder(f);
  if (Array.isArray(s.oneOf))
    return (s.oneOf as Obj[]).map((o) => ({ value: String(o.const), de: typeof o.title === 'string' ? o.title : String(o.const), en: typeof o[TITLE_EN] === 'string' ? (o[TITLE_EN] as string) : undefined }));
  if (Array.isArray(s.enum)) {
    const names = (Array.isArray(s.enumNames) ? s.enumNames : Array.isArray(f.ui?.['ui:enumNames']) ? (f.ui!['ui:enumNames'] as unknown[]) : []) as unknown[];
    return s.enum.map((v, i) => {
      const n = names[i];
      if (isObj(n)) return { value: String(v), de: String(n.de ?? v), en: typeof n.en === 'string' ? n.en : undefined };
      return { value: String(v), de: typeof n === 'string' ? n : String(v) };
    });
  }
  return [];
}

/** Sets the options as `oneOf: [{ const, title, x-title-en? }]` (the format's labelled choices), replacing `enum` and its names. */
export function setOptions(f: FieldDescriptor, options: ChoiceOption[]): FieldDescriptor {
  const oneOf = options.map((o) => ({ const: o.value, title: o.de, ...(o.en ? { [TITLE_EN]: o.en } : {}) }));
  let holder = optionHolder(f);
  const hadOneOf = 'oneOf' in holder;
  holder = setKey(setKey(holder, 'enum', undefined), 'enumNames', undefined);
  holder = hadOneOf ? setKey(holder, 'oneOf', oneOf) : { ...holder, oneOf };
  let ui = f.ui;
  if (ui && 'ui:enumNames' in ui) {
    ui = setKey(ui, 'ui:enumNames', undefined);
    if (Object.keys(ui).length === 0) ui = undefined;
  }
  const schema = f.kind === 'multi' ? { ...f.schema, items: holder } : holder;
  const next: FieldDescriptor = { ...f, schema };
  if (ui) next.ui = ui;
  else delete next.ui;
  return next;
}

/** The catalogue a catalogue field picks from. */
export function catalogueOf(f: FieldDescriptor): string {
  const s = f.schema.type === 'array' && isObj(f.schema.items) ? f.schema.items : f.schema;
  return typeof s['x-catalogue'] === 'string' ? s['x-catalogue'] : '';
}

/** Sets the catalogue (kept on the items of a list of picks). */
export function setCatalogue(f: FieldDescriptor, catalogue: string): FieldDescriptor {
  if (f.schema.type === 'array' && isObj(f.schema.items)) return { ...f, schema: { ...f.schema, items: setKey(f.schema.items, 'x-catalogue', catalogue) } };
  return { ...f, schema: setKey(f.schema, 'x-catalogue', catalogue) };
}

/** One pick or several: a catalogue field as a string or a list of strings (checkboxes). */
export function setMultiple(f: FieldDescriptor, multiple: boolean): FieldDescriptor {
  const isList = f.schema.type === 'array';
  if (multiple === isList) return f;
  if (multiple) {
    const { title, description, [TITLE_EN]: en, [DESCRIPTION_EN]: den, ...item } = f.schema;
    const schema: Obj = { type: 'array', ...(title !== undefined ? { title } : {}), ...(en !== undefined ? { [TITLE_EN]: en } : {}), ...(description !== undefined ? { description } : {}), ...(den !== undefined ? { [DESCRIPTION_EN]: den } : {}), items: item, uniqueItems: true };
    return { ...f, schema, ui: { ...(f.ui ?? {}), 'ui:widget': 'checkboxes' } };
  }
  const { items, uniqueItems: _u, minItems: _mi, maxItems: _ma, type: _t, ...rest } = f.schema;
  const schema: Obj = { ...(isObj(items) ? items : { type: 'string' }), ...rest };
  const ui = f.ui ? setKey(f.ui, 'ui:widget', undefined) : undefined;
  const next: FieldDescriptor = { ...f, schema };
  if (ui && Object.keys(ui).length) next.ui = ui;
  else delete next.ui;
  return next;
}

/** "Show only when field X is Y" (or always, with `null`). */
export function setCondition(f: FieldDescriptor, condition: { field: string; equals: ConditionValue } | null): FieldDescriptor {
  const next = { ...f };
  if (condition) next.condition = condition;
  else delete next.condition;
  return next;
}

/** Fields whose value a condition can test: yes/no and single choices, other than `key` itself. */
export function conditionSources(model: FormModel, key: string): FieldDescriptor[] {
  return model.fields.filter((f) => f.key !== key && !f.condition && (f.kind === 'boolean' || f.kind === 'choice'));
}

/** The entry form of a list field, as a model of its own (nested editing). */
export function itemsModel(f: FieldDescriptor): FormModel {
  const items = isObj(f.schema.items) ? f.schema.items : { type: 'object', properties: {} };
  const ui = f.ui && isObj(f.ui.items) ? f.ui.items : undefined;
  return fromSchema(items, ui);
}

/** Writes an edited entry form back into a list field. */
export function setItemsModel(f: FieldDescriptor, model: FormModel): FieldDescriptor {
  const { schema, uiSchema } = toSchema(model);
  const next: FieldDescriptor = { ...f, schema: { ...f.schema, items: schema } };
  if (uiSchema) next.ui = { ...(f.ui ?? {}), items: uiSchema };
  else if (f.ui) {
    const ui = setKey(f.ui, 'items', undefined);
    if (Object.keys(ui).length) next.ui = ui;
    else delete next.ui;
  }
  return next;
}

/** The German label of a field as the builder lists it. */
export function labelOf(f: FieldDescriptor): string {
  if (typeof f.schema.title === 'string') return f.schema.title;
  if (f.kind === 'help' && typeof f.schema.description === 'string') return f.schema.description;
  return f.key;
}
