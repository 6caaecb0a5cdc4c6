import { describe, expect, it } from 'vitest';
import { fromSchema, toSchema, type Obj } from '../../../ui/src/studio/forms/model.js';
import { itemsModel, setItemsModel } from '../../../ui/src/studio/forms/field-ops.js';
import { FORM_CORPUS } from '../../fixtures/form-corpus.js';
import { definitionFiles, readShipped } from '../../fixtures/shipped.js';

/** Reads a form into the builder's model and writes it back, lists' entry forms included. */
function roundTrip(schema: Obj, uiSchema?: Obj): { schema: Obj; uiSchema?: Obj } {
  const model = fromSchema(schema, uiSchema);
  // Lists are edited as forms of their own: read and write those too.
  model.fields = model.fields.map((f) => (f.kind === 'list' ? setItemsModel(f, itemsModel(f)) : f));
  return toSchema(model);
}

/** Deep equality including the order of keys (JSON text compares both). */
const exact = (v: unknown) => JSON.stringify(v);

describe('form builder model round trip', () => {
  for (const file of definitionFiles()) {
    it(`gives back every form of ${file} unchanged`, () => {
      const doc = readShipped(file);
      for (const [key, form] of Object.entries(doc.forms as Record<string, { schema: Obj; uiSchema?: Obj }>)) {
        const back = roundTrip(form.schema, form.uiSchema);
        expect(exact(back.schema), `${file} form ${key}`).toBe(exact(form.schema));
        expect(exact(back.uiSchema), `${file} form ${key} uiSchema`).toBe(exact(form.uiSchema));
      }
    });
  }

  for (const entry of FORM_CORPUS) {
    it(`gives back the corpus form ${entry.name} unchanged`, () => {
      const back = roundTrip(entry.schema, entry.uiSchema);
      expect(exact(back.schema)).toBe(exact(entry.schema));
      expect(exact(back.uiSchema)).toBe(exact(entry.uiSchema));
    });
  }

  it('recognises most shipped fields as builder fields, not expert fields', () => {
    let fields = 0;
    let expert = 0;
    for (const file of definitionFiles())
      for (const form of Object.values(readShipped(file).forms as Record<string, { schema: Obj; uiSchema?: Obj }>))
        for (const f of fromSchema(form.schema, form.uiSchema).fields) {
          fields++;
          if (f.kind === 'expert') expert++;
        }
    expect(fields).toBeGreaterThan(100);
    expect(expert / fields).toBeLessThan(0.15);
  });
});
