import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { excelCsv, germanDate } from '../../../engine/csv/index.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';

describe('excelCsv', () => {
  it('writes German Excel CSV: BOM, semicolons, CRLF, quoted cells, dd.mm.yyyy in Berlin, ja/nein', () => {
    const text = excelCsv([['Name', 'Datum', 'Ja?'], ['a;b', new Date('2026-01-31T23:30:00Z'), true], ['Zeile\nzwei', null, false], ['sagt "hallo"', 4.5, undefined]]);
    expect(text).toBe('\uFEFFName;Datum;Ja?\r\n"a;b";01.02.2026;ja\r\n"Zeile\nzwei";;nein\r\n"sagt ""hallo""";4.5;\r\n');
  });

  it('neutralises cells that Excel would run as a formula (CSV injection)', () => {
    const text = excelCsv([['=HYPERLINK("http://evil")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', 'ok', -3]], { bom: false });
    expect(text).toBe('"\'=HYPERLINK(""http://evil"")";\'+1;\'-1+2;\'@SUM(A1);\'\tx;"\'\rx";ok;-3\r\n');
  });

  it('formats ISO timestamps and leaves empty dates empty', () => {
    expect(germanDate('2026-03-29T22:30:00Z')).toBe('30.03.2026');
    expect(germanDate(null)).toBe('');
    expect(germanDate('kein Datum')).toBe('');
  });
});

describe('the case export (GET /api/cases/export.csv)', () => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  const evil = {
    key: 'formel',
    version: 1,
    title: { de: '=HYPERLINK("http://evil.example","Klick")' },
    roles: ['admin'],
    forms: {},
    machine: { id: 'formel', initial: 'offen', states: { offen: { meta: { title: { de: '@SUMME(1)' } }, on: { FERTIG: 'zu' } }, zu: { type: 'final' } } },
  };

  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/definitions', evil)).statusCode).toBe(201);
    expect((await admin.post('/api/definitions/formel/1/publish')).statusCode).toBe(200);
    expect((await admin.post('/api/cases', { definition: 'formel' })).statusCode).toBe(201);
  });
  afterAll(async () => agora?.close());

  it('neutralises a process or step title written as a formula', async () => {
    const res = await admin.get('/api/cases/export.csv?definition=formel');
    expect(res.statusCode).toBe(200);
    const [header, row] = res.body.replace('\uFEFF', '').split('\r\n');
    expect(header).toBe('Aktenzeichen;Prozess;Stand;Status;Fällig;Überfällig;Angelegt am;Zuletzt geändert');
    const cells = row.split(';');
    expect(cells[1]).toBe('"\'=HYPERLINK(""http://evil.example"",""Klick"")"');
    expect(cells[2]).toBe("'@SUMME(1)");
    expect(cells.slice(3, 6)).toEqual(['in Bearbeitung', '', 'nein']);
    expect(cells[6]).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });
});
