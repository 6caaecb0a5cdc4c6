import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { FIELD_KINDS, fromSchema, toSchema, type FormModel, type Obj } from '../../../ui/src/studio/forms/model.js';
import {
  addField,
  catalogueOf,
  conditionSources,
  itemsModel,
  keyFromLabel,
  moveField,
  optionsOf,
  removeField,
  setCatalogue,
  setCondition,
  setHelp,
  setItemsModel,
  setLabel,
  setLimits,
  setMultiple,
  setOptions,
  setRequired,
  updateField,
} from '../../../ui/src/studio/forms/field-ops.js';

const empty = (): FormModel => fromSchema({ type: 'object', properties: {} });
const keys = (m: FormModel) => m.fields.map((f) => f.key);

/** kita-mini with the form `stammdaten` replaced by what the builder wrote. */
function definitionWith(schema: Obj, uiSchema?: Obj): unknown {
  const doc = JSON.parse(readFileSync(new URL('../../fixtures/kita-mini.json', import.meta.url), 'utf8'));
  doc.forms.stammdaten.schema = { ...schema, required: [...new Set([...((schema.required as string[]) ?? []), 'vorname', 'einwilligung'])] };
  doc.forms.stammdaten.schema.properties = { vorname: { type: 'string', title: 'Vorname' }, einwilligung: { type: 'boolean', title: 'Einwilligung liegt vor' }, ...(schema.properties as Obj) };
  if (uiSchema) doc.forms.stammdaten.uiSchema = uiSchema;
  return doc;
}

describe('form builder model: fields', () => {
  it('adds a field of every kind, each recognised as that kind after writing and reading back', () => {
    let m = empty();
    for (const kind of FIELD_KINDS) m = addField(m, kind, `Feld ${kind}`).model;
    const back = toSchema(m);
    const again = fromSchema(back.schema, back.uiSchema);
    expect(again.fields.map((f) => f.kind)).toEqual([...FIELD_KINDS]);
  });

  it('writes fields of every kind that the engine accepts as a form', () => {
    let m = empty();
    for (const kind of FIELD_KINDS) m = addField(m, kind, `Feld ${kind}`).model;
    m = updateField(m, 'feld_list', (f) => setItemsModel(f, addField(itemsModel(f), 'text', 'Name').model));
    m = updateField(m, 'feld_date', (f) => setRequired(f, true));
    m = updateField(m, 'feld_text', (f) => setCondition(f, { field: 'feld_boolean', equals: true }));
    const { schema, uiSchema } = toSchema(m);
    const result = lintDefinition(definitionWith(schema, uiSchema));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('derives keys from German labels and keeps them unique', () => {
    expect(keyFromLabel('Stadtteil (Wohnort)')).toBe('stadtteil_wohnort');
    expect(keyFromLabel('Größe über Maß')).toBe('groesse_ueber_mass');
    expect(keyFromLabel('1. Termin')).toBe('feld_1_termin');
    let m = addField(empty(), 'text', 'Name').model;
    const second = addField(m, 'text', 'Name');
    m = second.model;
    expect(second.key).toBe('name_2');
    expect(keys(m)).toEqual(['name', 'name_2']);
  });

  it('edits label, English label, help text and required, keeping keys it does not own', () => {
    let m = fromSchema({ type: 'object', properties: { n: { type: 'string', title: 'Name', 'x-personal': true, minLength: 1 } } });
    m = updateField(m, 'n', (f) => setRequired(setHelp(setLabel(f, 'Vorname', 'First name'), 'Wie im Ausweis', 'As in the passport'), true));
    expect(toSchema(m).schema).toEqual({
      type: 'object',
      properties: { n: { type: 'string', title: 'Vorname', 'x-personal': true, minLength: 1, 'x-title-en': 'First name', description: 'Wie im Ausweis', 'x-description-en': 'As in the passport' } },
      required: ['n'],
    });
    m = updateField(m, 'n', (f) => setLabel(setRequired(f, false), 'Vorname', ''));
    const s = toSchema(m).schema;
    expect(s.required).toBeUndefined();
    expect((s.properties as Obj).n).not.toHaveProperty('x-title-en');
  });

  it('keeps the order of a stored required list and appends new entries', () => {
    let m = fromSchema({ type: 'object', required: ['b', 'x', 'a'], properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } });
    m = updateField(m, 'c', (f) => setRequired(f, true));
    m = updateField(m, 'a', (f) => setRequired(f, false));
    // `x` is no field (perhaps required for another reason): it stays.
    expect(toSchema(m).schema.required).toEqual(['b', 'x', 'c']);
  });

  it('sets minimum and maximum by the kind: value, length, count, date', () => {
    let m = empty();
    m = addField(m, 'number', 'Alter').model;
    m = addField(m, 'text', 'Name').model;
    m = addField(m, 'multi', 'Tage').model;
    m = addField(m, 'date', 'Tag').model;
    m = updateField(m, 'alter', (f) => setLimits(f, 3, 6));
    m = updateField(m, 'name', (f) => setLimits(f, 1, undefined));
    m = updateField(m, 'tage', (f) => setLimits(f, 1, 3));
    m = updateField(m, 'tag', (f) => setLimits(f, '2026-01-01', undefined));
    const p = toSchema(m).schema.properties as Record<string, Obj>;
    expect(p.alter).toMatchObject({ minimum: 3, maximum: 6 });
    expect(p.name).toMatchObject({ minLength: 1 });
    expect(p.name).not.toHaveProperty('maxLength');
    expect(p.tage).toMatchObject({ minItems: 1, maxItems: 3 });
    expect(p.tag).toMatchObject({ formatMinimum: '2026-01-01' });
  });

  it('edits choices as labelled constants, German and English, also from an enum with names', () => {
    let m = fromSchema({ type: 'object', properties: { f: { type: 'string', title: 'Form', enum: ['a', 'b'], enumNames: ['Alpha', 'Beta'] } } });
    expect(m.fields[0].kind).toBe('choice');
    expect(optionsOf(m.fields[0])).toEqual([
      { value: 'a', de: 'Alpha' },
      { value: 'b', de: 'Beta' },
    ]);
    m = updateField(m, 'f', (f) => setOptions(f, [{ value: 'a', de: 'Alpha', en: 'Alpha EN' }, { value: 'c', de: 'Gamma' }]));
    expect((toSchema(m).schema.properties as Obj).f).toEqual({ type: 'string', title: 'Form', oneOf: [{ const: 'a', title: 'Alpha', 'x-title-en': 'Alpha EN' }, { const: 'c', title: 'Gamma' }] });
    // ui:enumNames goes with the enum it named
    let u = fromSchema({ type: 'object', properties: { f: { type: 'string', enum: ['a'] } } }, { f: { 'ui:enumNames': ['A'] } });
    u = updateField(u, 'f', (f) => setOptions(f, [{ value: 'a', de: 'A' }]));
    expect(toSchema(u).uiSchema).toEqual({});
  });

  it('edits the options of a multiple choice on its items', () => {
    let m = addField(empty(), 'multi', 'Tage').model;
    m = updateField(m, 'tage', (f) => setOptions(f, [{ value: 'mo', de: 'Montag' }]));
    const p = (toSchema(m).schema.properties as Record<string, Obj>).tage;
    expect(p).toEqual({ type: 'array', title: 'Tage', items: { type: 'string', oneOf: [{ const: 'mo', title: 'Montag' }] }, uniqueItems: true });
    expect(m.fields[0].kind).toBe('multi');
  });

  it('picks from a catalogue, once or several times', () => {
    let m = addField(empty(), 'catalogue', 'Stadtteil').model;
    m = updateField(m, 'stadtteil', (f) => setCatalogue(f, 'stadtteile'));
    expect(catalogueOf(m.fields[0])).toBe('stadtteile');
    m = updateField(m, 'stadtteil', (f) => setMultiple(f, true));
    expect(m.fields[0]).toMatchObject({ kind: 'catalogue', schema: { type: 'array', title: 'Stadtteil', items: { type: 'string', 'x-catalogue': 'stadtteile' }, uniqueItems: true }, ui: { 'ui:widget': 'checkboxes' } });
    m = updateField(m, 'stadtteil', (f) => setCatalogue(setMultiple(f, false), 'kitas'));
    expect(m.fields[0]).toMatchObject({ kind: 'catalogue', schema: { type: 'string', 'x-catalogue': 'kitas', title: 'Stadtteil' } });
    expect(m.fields[0].ui).toBeUndefined();
  });

  it('removes a field with its uiSchema entry, its required entry and the conditions that test it', () => {
    let m = fromSchema({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'boolean' }, b: { type: 'string' } } }, { a: { 'ui:help': 'x' }, 'ui:submitButtonOptions': { norender: false } });
    m = updateField(m, 'b', (f) => setCondition(f, { field: 'a', equals: true }));
    m = removeField(m, 'a');
    expect(m.fields[0].condition).toBeUndefined();
    const out = toSchema(m);
    expect(out.schema).toEqual({ type: 'object', required: ['b'], properties: { b: { type: 'string' } } });
    expect(out.uiSchema).toEqual({ 'ui:submitButtonOptions': { norender: false } });
  });

  it('reorders fields, and removing and re-adding in another order is written in that order', () => {
    let m = fromSchema({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } } });
    m = moveField(m, 0, 2);
    expect(keys(m)).toEqual(['b', 'c', 'a']);
    expect(Object.keys(toSchema(m).schema.properties as Obj)).toEqual(['b', 'c', 'a']);
    expect(moveField(m, 0, 5)).toBe(m);
  });

  it('shows a field only when another has a value: an allOf if/then that rjsf resolves, at its place by ui:order', () => {
    let m = fromSchema({ type: 'object', properties: { geschwister: { type: 'boolean', title: 'Geschwister?' }, anzahl: { type: 'integer', title: 'Anzahl' }, ende: { type: 'string' } } });
    expect(conditionSources(m, 'anzahl').map((f) => f.key)).toEqual(['geschwister']);
    m = updateField(m, 'anzahl', (f) => setRequired(setCondition(f, { field: 'geschwister', equals: true }), true));
    const out = toSchema(m);
    expect(out.schema).toEqual({
      type: 'object',
      properties: { geschwister: { type: 'boolean', title: 'Geschwister?' }, ende: { type: 'string' } },
      allOf: [{ if: { required: ['geschwister'], properties: { geschwister: { const: true } } }, then: { properties: { anzahl: { type: 'integer', title: 'Anzahl' } }, required: ['anzahl'] } }],
    });
    expect(out.uiSchema).toEqual({ 'ui:order': ['geschwister', 'anzahl', 'ende', '*'] });
    // read back: the same fields, condition and order
    const back = fromSchema(out.schema, out.uiSchema);
    expect(keys(back)).toEqual(['geschwister', 'anzahl', 'ende']);
    expect(back.fields[1]).toMatchObject({ condition: { field: 'geschwister', equals: true }, required: true });
    // and the condition removed again: a plain field at its place
    const plain = toSchema(updateField(back, 'anzahl', (f) => setCondition(f, null)));
    expect(Object.keys(plain.schema.properties as Obj)).toEqual(['geschwister', 'ende', 'anzahl']);
    expect(plain.schema).not.toHaveProperty('allOf');
    expect(plain.uiSchema).toEqual({ 'ui:order': ['geschwister', 'anzahl', 'ende', '*'] });
  });

  it('keeps other allOf entries in place around the conditions', () => {
    const other = { if: { properties: { a: { const: 1 } } }, then: { required: ['b'] } };
    let m = fromSchema({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, allOf: [other] });
    m = updateField(m, 'b', (f) => setCondition(f, { field: 'a', equals: 1 }));
    expect((toSchema(m).schema.allOf as Obj[])[0]).toEqual(other);
    expect(toSchema(m).schema.allOf).toHaveLength(2);
  });

  it('edits a list of entries as a form of its own', () => {
    let m = addField(empty(), 'list', 'Sorgeberechtigte').model;
    m = updateField(m, 'sorgeberechtigte', (f) => {
      let items = addField(itemsModel(f), 'text', 'Name').model;
      items = updateField(items, 'name', (g) => setRequired(g, true));
      items = addField(items, 'boolean', 'Sorgerecht').model;
      return setItemsModel(f, items);
    });
    expect((toSchema(m).schema.properties as Obj).sorgeberechtigte).toEqual({
      type: 'array',
      title: 'Sorgeberechtigte',
      items: { type: 'object', properties: { name: { type: 'string', title: 'Name' }, sorgerecht: { type: 'boolean', title: 'Sorgerecht' } }, required: ['name'] },
    });
  });

  it('leaves a field it cannot edit as an expert field that can still be moved and removed', () => {
    const odd = { anyOf: [{ type: 'string' }, { type: 'integer' }], title: 'Nummer' };
    let m = fromSchema({ type: 'object', properties: { a: { type: 'string' }, n: odd } });
    expect(m.fields[1].kind).toBe('expert');
    m = moveField(m, 1, 0);
    expect(toSchema(m).schema.properties).toEqual({ n: odd, a: { type: 'string' } });
    expect(toSchema(removeField(m, 'n')).schema.properties).toEqual({ a: { type: 'string' } });
  });

  it('does not offer to edit a form whose root is no object with properties', () => {
    const s = { $ref: '#/definitions/x', definitions: { x: { type: 'object' } } };
    const m = fromSchema(s);
    expect(m.editable).toBe(false);
    expect(toSchema(m).schema).toBe(s);
  });
});
