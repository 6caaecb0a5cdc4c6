import { describe, expect, it } from 'vitest';
import { prepareSchema } from '../../ui/src/forms/catalogue-schema.js';
import { detailsToErrorSchema, fieldIdFor, pointerSegments } from '../../ui/src/forms/server-errors.js';
import { fieldTitle, humanize } from '../../ui/src/forms/schema-titles.js';
import { durationText, elapsedText } from '../../ui/src/case/duration-text.js';
import { eventLabelsOf } from '../../ui/src/case/event-labels.js';
import { locatePointer } from '../../ui/src/studio/definition-editor.js';
import { safeNext } from '../../ui/src/pages/login-page.js';
import { fill } from '../../ui/src/i18n/i18n.js';
import { messages } from '../../ui/src/i18n/messages.js';

const schema = {
  type: 'object',
  properties: {
    vorname: { type: 'string', title: 'Vorname' },
    kita: { type: 'string', title: 'Kita', 'x-catalogue': 'kitas' },
    sprachen: { type: 'array', items: { type: 'string', 'x-catalogue': 'sprachen' } },
    einwilligung: { type: 'boolean', title: 'Einwilligung' },
    sorgeberechtigte: { type: 'array', title: 'Personensorgeberechtigte', items: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } } },
  },
};

describe('server errors at their fields', () => {
  it('turns 422 details with JSON pointers into rjsf extraErrors', () => {
    const errors = detailsToErrorSchema([
      { path: '/vorname', message: 'muss mindestens 1 Zeichen beinhalten' },
      { path: '/sorgeberechtigte/0/name', message: 'fehlt' },
      { path: '/', message: 'Formular unvollständig' },
      { path: '/a~1b', message: 'escaped' },
    ]);
    expect(errors).toEqual({
      vorname: { __errors: ['muss mindestens 1 Zeichen beinhalten'] },
      sorgeberechtigte: { 0: { name: { __errors: ['fehlt'] } } },
      __errors: ['Formular unvollständig'],
      'a/b': { __errors: ['escaped'] },
    });
  });

  it('names the field rjsf renders for a pointer', () => {
    expect(fieldIdFor('task', '/sorgeberechtigte/0/name')).toBe('task_sorgeberechtigte_0_name');
    expect(pointerSegments('/')).toEqual([]);
  });

  it('reads field titles for people, with list positions', () => {
    expect(fieldTitle(schema, '/sorgeberechtigte/1/name')).toBe('Personensorgeberechtigte (2.) › Name');
    expect(fieldTitle(schema, '/unbekannt_feld')).toBe('Unbekannt feld');
    expect(humanize('naechste_schritte')).toBe('Naechste schritte');
  });
});

describe('prepareSchema', () => {
  const catalogues = {
    kitas: [{ value: 'k1', label: { de: 'Kita Eins', en: 'Nursery One' } }],
    sprachen: [{ value: 'de', label: { de: 'Deutsch' } }],
  };
  const label = (l: { de: string } | string) => (typeof l === 'string' ? l : l.de);

  it('turns catalogue fields into choices with labels and presets nothing', () => {
    const { schema: s, uiSchema } = prepareSchema(schema, {}, catalogues, label);
    const props = s.properties as Record<string, Record<string, unknown>>;
    expect(props.kita.enum).toEqual(['k1']);
    expect(uiSchema.kita).toEqual({ 'ui:enumNames': ['Kita Eins'] });
    expect((props.sprachen.items as Record<string, unknown>).enum).toEqual(['de']);
    expect(uiSchema.sprachen).toMatchObject({ 'ui:widget': 'checkboxes', items: { 'ui:enumNames': ['Deutsch'] } });
    expect(props.einwilligung.default).toBeUndefined();
    expect(uiSchema.einwilligung).toBeUndefined();
    expect(props.vorname.enum).toBeUndefined();
  });

  it('asks a required yes/no question with two radio buttons and puts "Bitte wählen" on selects (#12)', () => {
    const form = {
      type: 'object',
      required: ['zurueckgestellt', 'bestaetigt', 'kita'],
      properties: {
        zurueckgestellt: { type: 'boolean', title: 'Zurückgestellt' },
        bestaetigt: { type: 'boolean', title: 'Bestätigt', enum: [true] },
        optional: { type: 'boolean', title: 'Optional' },
        art: { type: 'string', oneOf: [{ const: 'a', title: 'A' }, { const: 'b', title: 'B' }] },
        kita: { type: 'string', 'x-catalogue': 'kitas' },
        gewaehlt: { type: 'string', enum: ['x'], default: 'x' },
      },
    };
    const { schema: s, uiSchema } = prepareSchema(form, { art: { 'ui:widget': 'radio' } }, catalogues, label, 'Bitte wählen');
    expect(uiSchema.zurueckgestellt).toEqual({ 'ui:widget': 'radio' });
    expect(uiSchema.bestaetigt).toBeUndefined();
    expect(uiSchema.optional).toBeUndefined();
    expect(uiSchema.art).toEqual({ 'ui:widget': 'radio', 'ui:placeholder': 'Bitte wählen' });
    expect(uiSchema.kita).toEqual({ 'ui:enumNames': ['Kita Eins'], 'ui:placeholder': 'Bitte wählen' });
    expect((s.properties as Record<string, Record<string, unknown>>).gewaehlt.default).toBe('x');
  });

  it('leaves a field of an empty catalogue as free text', () => {
    const { schema: s } = prepareSchema(schema, {}, { kitas: [] }, label);
    expect((s.properties as Record<string, Record<string, unknown>>).kita.enum).toBeUndefined();
  });
});

describe('small helpers', () => {
  const t = (key: string, params?: Record<string, string | number>) => fill(messages.de[key as keyof typeof messages.de], params);

  it('writes ISO durations in words', () => {
    expect(durationText('P21D', t)).toBe('21 Tage');
    expect(durationText('P1M2D', t)).toBe('1 Monat 2 Tage');
    expect(durationText('PT1H', t)).toBe('1 Stunde');
    expect(durationText('schulanmeldeschluss', t)).toBe('schulanmeldeschluss');
  });

  it('collects event labels from nested states', () => {
    const labels = eventLabelsOf({ states: { a: { meta: { events: { GO: { label: { de: 'Los' } } } }, states: { b: { meta: { events: { STOP: { label: { de: 'Halt' } } } } } } } } });
    expect(labels).toEqual({ GO: { de: 'Los' }, STOP: { de: 'Halt' } });
  });

  it('finds the place of a lint problem in the JSON text', () => {
    const text = JSON.stringify({ machine: { states: { offen: { meta: { task: { roles: ['x'] } } } } } }, null, 2);
    const hit = locatePointer(text, '/machine/states/offen/meta/task/roles/0');
    expect(text.slice(hit!.start, hit!.end)).toBe('"roles"');
  });

  it('follows only same-site paths after sign-in', () => {
    expect(safeNext('/cases/1?x=2')).toBe('/cases/1?x=2');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/login?next=/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('has every message in English too', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.de).sort());
  });
});

describe('elapsedText', () => {
  const t = (key: string, params?: Record<string, string | number>) => fill(messages.de[key as keyof typeof messages.de], params);
  it('says a measured time in the largest fitting unit', () => {
    expect(elapsedText(20_000, t)).toBe('unter 1 Minute');
    expect(elapsedText(5 * 60_000, t)).toBe('5 Minuten');
    expect(elapsedText(3_600_000, t)).toBe('1 Stunde');
    expect(elapsedText(3 * 86_400_000 + 3_600_000, t)).toBe('3 Tage');
  });
});
