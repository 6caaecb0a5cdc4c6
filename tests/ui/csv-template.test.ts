import { describe, expect, it } from 'vitest';
import { csvTemplate } from '../../ui/src/pages/csv-import.js';
import { headerPaths } from '../../engine/service/index.js';
import { definitionFiles, readShipped } from '../fixtures/shipped.js';

describe('the CSV template of the bulk start', () => {
  it('names columns the server maps back to fields, for every form of every shipped process', () => {
    for (const def of definitionFiles().map(readShipped)) {
      for (const [key, form] of Object.entries(def.forms as Record<string, { schema: any }>)) {
        const headers = csvTemplate(form.schema).replace('\uFEFF', '').trim().split(';').map((h) => h.replace(/^"|"$/g, ''));
        const mapped = headerPaths(form.schema, headers);
        expect([...headers.filter((h) => !mapped.has(h))], `${def.key}/${key}`).toEqual([]);
      }
    }
  });

  it('spreads a list of objects over numbered columns', () => {
    const schema = { type: 'object', properties: { kinder: { type: 'array', title: 'Kinder', items: { type: 'object', properties: { alter: { type: 'integer', title: 'Alter' } } } } } };
    expect(csvTemplate(schema)).toBe('\uFEFFKinder 1 Alter;Kinder 2 Alter\r\n');
    expect([...headerPaths(schema, ['Kinder 1 Alter', 'Kinder 2 Alter']).values()]).toEqual([['kinder', 0, 'alter'], ['kinder', 1, 'alter']]);
  });
});

describe('the CSV template download (#11)', () => {
  it('neutralises a field title that Excel would run as a formula', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', title: '=HYPERLINK("http://evil")' }, b: { type: 'string', title: '+49 Telefon' } } };
    expect(csvTemplate(schema)).toBe('\uFEFF"\'=HYPERLINK(""http://evil"")";\'+49 Telefon\r\n');
  });
});
