import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { minimal } from '../../fixtures/definitions.js';

describe('data subject access (Art. 15)', () => {
  let agora: Agora;
  let dpo: ReturnType<typeof client>;
  let staff: ReturnType<typeof client>;
  const ids: string[] = [];

  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    const { definitions, auth, cases } = agora.services;
    for (const key of ['antrag-a', 'antrag-b']) {
      const d = minimal();
      d.key = key;
      d.machine.id = key;
      await definitions.import(DEFAULT_TENANT, d);
      await definitions.publish(DEFAULT_TENANT, key, 1);
    }
    await auth.createUser(DEFAULT_TENANT, 'dsb', 'Leuchtturm-am-Deich-4', ['datenschutz']);
    const user = await auth.createUser(DEFAULT_TENANT, 'staff', 'Wellenbrecher-Nord-5', ['staff']);
    const actor = { ...user, tenantId: DEFAULT_TENANT };
    for (const [key, name] of [['antrag-a', 'Erika Mustermann'], ['antrag-b', 'erika mustermann-Schulz'], ['antrag-a', 'Max Muster']] as const) {
      const c = await cases.start(actor, { definition: key });
      await cases.send(actor, c.id, { type: 'SUBMIT', data: { a: name }, expectedVersion: 1 });
      ids.push(c.id);
    }
    dpo = client(agora.app, await signIn(agora.app, 'dsb', 'Leuchtturm-am-Deich-4'));
    staff = client(agora.app, await signIn(agora.app, 'staff', 'Wellenbrecher-Nord-5'));
  });
  afterAll(async () => agora?.close());

  it('finds a person across processes by every word of the name, case-insensitively', async () => {
    const res = await dpo.get('/api/privacy/cases?q=ERIKA%20mustermann');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: any) => i.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(res.json().items.map((i: any) => i.definition.key).sort()).toEqual(['antrag-a', 'antrag-b']);
    expect((await dpo.get('/api/privacy/cases?q=100%25')).json().items).toEqual([]);
  });

  it('exports the chosen cases with their data by form and their history as a download', async () => {
    const res = await dpo.post('/api/privacy/export', { ids: [ids[0], ids[1]] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="auskunft-\d{4}-\d{2}-\d{2}\.json"/);
    const doc = res.json();
    expect(doc.exportedBy).toBe('dsb');
    expect(doc.cases.map((c: any) => c.forms.f.value.a)).toEqual(['Erika Mustermann', 'erika mustermann-Schulz']);
    expect(doc.cases[0].forms.f.title).toEqual({ de: 'Formular' });
    expect(doc.cases[0].history.map((h: any) => h.by)).toEqual(['staff', 'staff']);
  });

  it('is for the data protection role only', async () => {
    expect((await staff.get('/api/privacy/cases?q=Erika')).json().error.code).toBe('AUTH_FORBIDDEN');
    expect((await staff.post('/api/privacy/export', { ids: [ids[0]] })).statusCode).toBe(403);
    expect((await agora.app.inject({ method: 'GET', url: '/api/privacy/cases?q=Erika' })).statusCode).toBe(401);
  });
});
