import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { minimal } from '../../fixtures/definitions.js';
import { definitionFiles, readShipped } from '../../fixtures/shipped.js';

function problems(doc: unknown) {
  const result = lintDefinition(doc);
  return result.ok ? [] : result.problems;
}

/** Pointers of every field marked `"x-consent": true` in a form schema. */
function consentFields(schema: any, pointer: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const here = schema['x-consent'] === true ? [pointer] : [];
  const props = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => consentFields(s, `${pointer}/properties/${k}`));
  return [...here, ...props, ...consentFields(schema.items, `${pointer}/items`)];
}

describe('lint: consent fields (#12)', () => {
  it('refuses a default on a field marked as consent', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.ok = { type: 'boolean', title: 'Einwilligung', 'x-consent': true, default: true };
    expect(problems(doc)).toEqual([{ path: '/forms/f/schema/properties/ok/default', message: expect.stringContaining('must not have a default') }]);
  });

  it('refuses a const on a field marked as consent, also inside lists and if/then, and says to write enum [true]', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.personen = {
      type: 'array',
      items: { type: 'object', properties: { ok: { type: 'boolean', title: 'Einwilligung', 'x-consent': true, const: true } } },
    };
    doc.forms.f.schema.then = { properties: { b: { type: 'boolean', 'x-consent': true, default: false } } };
    doc.forms.f.schema.if = { required: ['a'] };
    const found = problems(doc);
    expect(found.map((p) => p.path).sort()).toEqual(['/forms/f/schema/properties/personen/items/properties/ok/const', '/forms/f/schema/then/properties/b/default']);
    expect(found.find((p) => p.path.endsWith('/const'))?.message).toContain('"enum": [true]');
  });

  it('accepts a consent field that must be given, written enum [true], and a marker that is not a boolean is a schema error', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.ok = { type: 'boolean', title: 'Einwilligung', 'x-consent': true, enum: [true] };
    expect(problems(doc)).toEqual([]);
    doc.forms.f.schema.properties.ok['x-consent'] = 'ja';
    expect(problems(doc).map((p) => p.path)).toEqual(['/forms/f/schema']);
  });

  it('finds the consent fields of every shipped process marked, and none of them preset', () => {
    const marked = definitionFiles().flatMap((file) => {
      const doc = readShipped(file);
      expect(problems(doc)).toEqual([]);
      return Object.entries(doc.forms as Record<string, { schema: unknown }>).flatMap(([k, f]) => consentFields(f.schema, `${doc.key}/${k}`));
    });
    expect(marked).toEqual(
      expect.arrayContaining([
        'elterntraining-anmeldung/anmeldung/properties/einwilligung',
        'seniorenuniversitaet-einschreibung/einschreibung/properties/einwilligung',
        'kita-grundschule/einwilligung/properties/entscheidung',
        'kita-grundschule/einwilligung/properties/ausdrueckliche_einwilligung_art9',
        'berufsorientierung/stammdaten/properties/einwilligung_eltern',
        'wiedereinstieg/erstkontakt/properties/einwilligung_verarbeitung',
        'wiedereinstieg/einwilligungen/properties/weitergabe',
      ]),
    );
  });
});
