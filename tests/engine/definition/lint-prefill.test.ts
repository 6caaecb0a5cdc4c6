import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { minimal } from '../../fixtures/definitions.js';

function problems(doc: unknown) {
  const result = lintDefinition(doc);
  return result.ok ? [] : result.problems;
}

describe('lint: x-prefill (#12)', () => {
  it('accepts a pointer to a field of another form', () => {
    const doc = minimal();
    doc.forms.g = { title: { de: 'G' }, schema: { type: 'object', properties: { b: { type: 'string', title: 'B', 'x-prefill': '/f/a' } } } };
    expect(problems(doc)).toEqual([]);
  });

  it('reports a pointer to a form or field that does not exist, at the keyword', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.b = { type: 'string', title: 'B', 'x-prefill': '/stammdaten/a' };
    doc.forms.f.schema.properties.c = { type: 'string', title: 'C', 'x-prefill': '/f/nope' };
    expect(problems(doc)).toEqual([
      { path: '/forms/f/schema/properties/b/x-prefill', message: expect.stringContaining('does not point into a form') },
      { path: '/forms/f/schema/properties/c/x-prefill', message: 'form "f" has no field "nope"' },
    ]);
  });
});
