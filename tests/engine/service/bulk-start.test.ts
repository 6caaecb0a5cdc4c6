import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { minimal } from '../../fixtures/definitions.js';

const kohorte = (() => {
  const d = minimal();
  d.key = 'kohorte';
  d.machine.id = 'kohorte';
  d.forms.kind = {
    title: { de: 'Kind' },
    schema: {
      type: 'object',
      required: ['vorname', 'geburtsdatum', 'stadtteil'],
      properties: {
        vorname: { type: 'string', title: 'Vorname', minLength: 1 },
        geburtsdatum: { type: 'string', format: 'date', title: 'Geburtsdatum' },
        stadtteil: { type: 'string', title: 'Stadtteil', 'x-catalogue': 'stadtteile' },
        hort: { type: 'boolean', title: 'Hort angemeldet' },
        sorgeberechtigte: {
          type: 'array',
          title: 'Sorgeberechtigte',
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: 'Name' }, sorgerecht: { type: 'boolean', title: 'Sorgerecht' } } },
        },
      },
    },
  };
  return d;
})();

async function waitFor(get: () => Promise<any>): Promise<any> {
  for (let i = 0; i < 2000; i++) {
    const r = await get();
    if (r.status !== 'running') return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('import did not finish');
}

describe('bulk start from CSV', () => {
  let agora: Agora;
  let staff: ReturnType<typeof client>;

  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    await agora.services.catalogues.put(DEFAULT_TENANT, 'stadtteile', { de: 'Stadtteile' }, [
      { value: 'nord', label: { de: 'Nord' } },
      { value: 'sued', label: { de: 'Süd' } },
    ], new Date());
    await agora.services.definitions.import(DEFAULT_TENANT, kohorte);
    await agora.services.definitions.publish(DEFAULT_TENANT, 'kohorte', 1);
    await agora.services.auth.createUser(DEFAULT_TENANT, 'kita', 'Kirschbaum-im-Garten-3', ['staff']);
    staff = client(agora.app, await signIn(agora.app, 'kita', 'Kirschbaum-im-Garten-3'));
  });
  afterAll(async () => agora?.close());

  const count = async () => Number((await agora.db.knex('cases').count({ n: '*' }))[0].n);

  it('starts one case per row with German cells converted', async () => {
    const csv = '\uFEFFVorname;Geburtsdatum;Stadtteil;Hort angemeldet\nMia;03.04.2020;nord;ja\nBen;2020-11-30;sued;nein\n';
    const res = await staff.post('/api/imports', { definition: 'kohorte', form: 'kind', csv });
    expect(res.statusCode).toBe(202);
    const job = await waitFor(async () => (await staff.get(`/api/imports/${res.json().id}`)).json());
    expect(job).toMatchObject({ status: 'done', total: 2, created: 2, rejected: [] });
    const rows = await agora.db.knex('cases').where({ definition_key: 'kohorte' }).orderBy('number');
    expect(rows.map((r: any) => r.data.kind)).toEqual([
      { vorname: 'Mia', geburtsdatum: '2020-04-03', stadtteil: 'nord', hort: true },
      { vorname: 'Ben', geburtsdatum: '2020-11-30', stadtteil: 'sued', hort: false },
    ]);
  });

  it('reads lists of objects from numbered columns and catalogue entries by their label', async () => {
    const csv = 'Vorname;Geburtsdatum;Stadtteil;Sorgeberechtigte 1 Name;Sorgeberechtigte 1 Sorgerecht;sorgeberechtigte.2.name\nEmil;2020-05-05;Süd;Eva;ja;Otto\nIda;2020-06-06;nord;Pia;;\n';
    const res = await staff.post('/api/imports', { definition: 'kohorte', form: 'kind', csv });
    const job = await waitFor(async () => (await staff.get(`/api/imports/${res.json().id}`)).json());
    expect(job).toMatchObject({ status: 'done', created: 2 });
    const rows = await agora.db.knex('cases').where({ definition_key: 'kohorte' }).orderBy('number', 'desc').limit(2);
    expect(rows.map((r: any) => r.data.kind).reverse()).toEqual([
      { vorname: 'Emil', geburtsdatum: '2020-05-05', stadtteil: 'sued', sorgeberechtigte: [{ name: 'Eva', sorgerecht: true }, { name: 'Otto' }] },
      { vorname: 'Ida', geburtsdatum: '2020-06-06', stadtteil: 'nord', sorgeberechtigte: [{ name: 'Pia' }] },
    ]);
  });

  it('lets other requests through while it runs, and reports progress in committed chunks (#11)', { timeout: 120_000 }, async () => {
    const csv = `vorname;geburtsdatum;stadtteil\n${Array.from({ length: 600 }, (_, i) => `Kind ${i};2020-01-01;nord`).join('\n')}\n`;
    const res = await staff.post('/api/imports', { definition: 'kohorte', form: 'kind', csv });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    // A request sent now is answered between two chunks, not after all 600 cases.
    const list = await staff.get('/api/cases?limit=1');
    expect(list.statusCode).toBe(200);
    const meanwhile = (await staff.get(`/api/imports/${id}`)).json();
    expect(meanwhile.status).toBe('running');
    expect(meanwhile.created % 100).toBe(0);
    expect(meanwhile.created).toBeLessThan(600);
    const job = await waitFor(async () => (await staff.get(`/api/imports/${id}`)).json());
    expect(job).toMatchObject({ status: 'done', total: 600, created: 600 });
  });

  it('creates nothing when one row is invalid and reports each rejected row', async () => {
    const before = await count();
    const csv = 'vorname,geburtsdatum,stadtteil\nLea,2020-01-01,nord\n,2020-01-01,west\nTom,kein Datum,nord\n';
    const res = await staff.post('/api/imports', { definition: 'kohorte', form: 'kind', csv });
    const job = await waitFor(async () => (await staff.get(`/api/imports/${res.json().id}`)).json());
    expect(job.status).toBe('rejected');
    expect(job.rejected[0].problems[0]).toMatchObject({ path: '/vorname', code: 'required' });
    expect(job.rejected.map((r: any) => [r.row, r.problems.map((p: any) => p.path)])).toEqual([
      [3, ['/vorname', '/stadtteil']],
      [4, ['/geburtsdatum']],
    ]);
    expect(await count()).toBe(before);
  });

  it('reports a CSV that cannot be read', async () => {
    const res = await staff.post('/api/imports', { definition: 'kohorte', form: 'kind', csv: 'a;b\n"offen;1\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
  });
});
