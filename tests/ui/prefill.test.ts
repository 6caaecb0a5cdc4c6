import { describe, expect, it } from 'vitest';
import { prefill } from '../../ui/src/forms/prefill.js';

describe('prefill from earlier answers (#12)', () => {
  const schema = {
    type: 'object',
    properties: {
      grundschule: { type: 'string', 'x-prefill': '/stammdaten/grundschule' },
      hort: { type: 'boolean', 'x-prefill': '/stammdaten/hort_angemeldet' },
      erste: { type: 'string', 'x-prefill': '/stammdaten/sorgeberechtigte/0/name' },
      adresse: { type: 'object', properties: { ort: { type: 'string', 'x-prefill': '/stammdaten/ort' } } },
      frei: { type: 'string' },
    },
  };

  it('takes each marked field from the case data, copied, and leaves the others empty', () => {
    const data = { stammdaten: { grundschule: 'gs-1', hort_angemeldet: false, sorgeberechtigte: [{ name: 'Eva' }], ort: 'Dessau' } };
    const value = prefill(schema, data);
    expect(value).toEqual({ grundschule: 'gs-1', hort: false, erste: 'Eva', adresse: { ort: 'Dessau' } });
    (value!.adresse as Record<string, unknown>).ort = 'Roßlau';
    expect(data.stammdaten.ort).toBe('Dessau');
  });

  it('fills nothing where the earlier form is hidden or unanswered', () => {
    expect(prefill(schema, {})).toBeUndefined();
    expect(prefill(schema, { stammdaten: { grundschule: '' } })).toBeUndefined();
  });
});
