import { describe, expect, it } from 'vitest';
import { FORM_CORPUS } from '../fixtures/form-corpus.js';
import { getDefaultFormState } from '@rjsf/utils';
import { transformErrorsFor, validatorFor } from '../../ui/src/forms/rjsf-locale.js';
import { prepareSchema } from '../../ui/src/forms/catalogue-schema.js';
import { FORM_FORMATS as UI_FORMATS, formDialect as uiDialect } from '../../ui/src/forms/form-dialect.js';
import { FORM_FORMATS, formDialect } from '../../engine/definition/form-ajv.js';

const pointerOf = (property: string | undefined) => '/' + (property ?? '').replace(/^\./, '').split('.').filter(Boolean).join('/');

describe('the UI validates forms as the server does (#10)', () => {
  it('uses the same formats and picks the same dialect', () => {
    expect(Object.fromEntries(Object.entries(UI_FORMATS).map(([k, v]) => [k, v.source]))).toEqual(
      Object.fromEntries(Object.entries(FORM_FORMATS).map(([k, v]) => [k, v.source])),
    );
    for (const e of FORM_CORPUS) expect(uiDialect(e.schema), e.name).toBe(formDialect(e.schema));
  });

  it.each(FORM_CORPUS.map((e) => [e.name, e] as const))('%s: accepts the valid data and refuses the invalid data at its paths', (_name, entry) => {
    for (const lang of ['de', 'en'] as const) {
      const { schema } = prepareSchema(entry.schema as never, entry.uiSchema, {}, (l) => (typeof l === 'string' ? l : l.de));
      const validator = validatorFor(lang, schema);
      for (const [i, data] of entry.valid.entries()) {
        // rjsf fills defaults into the form state before it validates; the server does the same (#10).
        const filled = getDefaultFormState(validator, schema as never, structuredClone(data), schema as never);
        if (i === 0 && entry.stored) expect(filled).toEqual(entry.stored);
        const { errors } = validator.validateFormData(filled, schema as never, undefined, transformErrorsFor(lang));
        expect(errors, `${lang} ${JSON.stringify(data)}`).toEqual([]);
      }
      for (const bad of entry.invalid) {
        const { errors } = validator.validateFormData(structuredClone(bad.data), schema as never, undefined, transformErrorsFor(lang));
        const paths = errors.map((e) => pointerOf(e.property));
        for (const p of bad.paths) expect(paths.some((q) => q === p || p.startsWith(`${q}/`)), `${lang} ${JSON.stringify(bad.data)}: ${p} in ${paths}`).toBe(true);
      }
    }
  });
});

describe('choice labels (#10)', () => {
  it('moves enumNames of the schema, plain or { de, en }, to ui:enumNames', () => {
    const schema = {
      type: 'object',
      properties: {
        stufe: { type: 'string', enum: ['u', 'm'], enumNames: ['Unterstufe', 'Mittelstufe'] },
        art: { type: 'string', enum: ['a', 'b'], enumNames: [{ de: 'Antrag', en: 'Application' }, { de: 'Bescheid', en: 'Notice' }] },
      },
    };
    const r = prepareSchema(schema as never, {}, {}, (l) => (typeof l === 'string' ? l : (l.en ?? l.de)));
    expect(r.uiSchema).toEqual({ stufe: { 'ui:enumNames': ['Unterstufe', 'Mittelstufe'] }, art: { 'ui:enumNames': ['Application', 'Notice'] } });
    expect((r.schema.properties as any).stufe.enumNames).toBeUndefined();
  });
});
