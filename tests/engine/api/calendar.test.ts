import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { minimal } from '../../fixtures/definitions.js';

/** A process whose second step is due, and moves on, on the day entered in the first form. */
function deadlineProcess() {
  const d = minimal();
  d.key = 'frist';
  d.roles = ['coordinator'];
  d.forms.f.schema.properties.termin = { type: 'string', format: 'date', title: 'Termin' };
  d.delays = { termin: { date: { var: 'data.f.termin' } } };
  d.machine.id = 'frist';
  d.machine.states.start.meta.task = { roles: ['coordinator'], form: 'f', due: 'P1M' };
  d.machine.states.start.on.SUBMIT = 'warten';
  d.machine.states.warten = { meta: { title: { de: 'Warten' }, task: { roles: ['coordinator'], due: 'termin' } }, after: { termin: 'ende' }, on: { SUBMIT: 'ende' } };
  return d;
}

describe('deadlines through the API are Berlin calendar dates (#11)', () => {
  let agora: Agora;
  let now = new Date('2027-01-31T09:00:00Z');
  beforeAll(async () => {
    agora = await testAgora('pglite', { seedDefinitions: false, rt: { now: () => now } });
    const admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/definitions', deadlineProcess())).statusCode).toBe(201);
    expect((await admin.post('/api/definitions/frist/1/publish')).statusCode).toBe(200);
  });
  afterAll(() => agora?.close());

  it('makes a case started on 31 January with P1M due on 28 February and a date deadline fall at midnight in Berlin', async () => {
    // Sessions expire on the injected clock too: sign in again after each jump.
    let ko = client(agora.app, await signIn(agora.app, 'admin'));
    const started = await ko.post('/api/cases', { definition: 'frist' });
    expect(started.statusCode).toBe(201);
    expect(started.json().tasks[0].dueAt).toBe('2027-02-28T09:00:00.000Z');

    now = new Date('2027-02-01T09:00:00Z');
    ko = client(agora.app, await signIn(agora.app, 'admin'));
    const sent = await ko.post(`/api/cases/${started.json().id}/events`, { type: 'SUBMIT', data: { termin: '2027-03-01' }, expectedVersion: 1 });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().tasks[0].dueAt).toBe('2027-02-28T23:00:00.000Z');
    const inbox = (await ko.get('/api/tasks')).json();
    expect(inbox.items.find((t: { caseId: string }) => t.caseId === started.json().id)?.dueAt).toBe('2027-02-28T23:00:00.000Z');

    // The timer fires at 00:00 in Berlin on 1 March, not at 01:00 (midnight UTC).
    now = new Date('2027-02-28T22:59:00Z');
    ko = client(agora.app, await signIn(agora.app, 'admin'));
    await agora.scheduler.tick();
    expect((await ko.get(`/api/cases/${started.json().id}`)).json().state).toBe('warten');
    now = new Date('2027-02-28T23:00:00Z');
    await agora.scheduler.tick();
    expect((await ko.get(`/api/cases/${started.json().id}`)).json()).toMatchObject({ state: 'ende', status: 'closed' });
  });
});
