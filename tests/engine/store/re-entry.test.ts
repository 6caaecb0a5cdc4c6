import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';

const stammdaten = {
  vorname: 'Mila', nachname: 'Beispiel', geburtsdatum: '2021-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2027,
  stadtteil: 'zoberberg', grundschule: 'gs-zoberberg', sorgeberechtigte: [{ name: 'Sara Beispiel', sorgerecht: true }],
};
const lerngeschichte = { datum: '2025-11-03', fachkraft: 'Frau Krüger', situation: 'Mila baut eine Brücke.', lerndispositionen: ['engagiert_sein'] };

/**
 * A re-entered state re-arms its timer under the same id and recreates its
 * tasks; the one-statement save must replace, not collide with, the old rows (#8).
 */
describe.each(databaseKinds())('re-entering a state on %s', (kind) => {
  let agora: Agora;
  let kita: ReturnType<typeof client>;

  beforeAll(async () => {
    agora = await testAgora(kind);
    kita = client(agora.app, await signIn(agora.app, 'kita'));
  });
  afterAll(async () => agora?.close());

  it('records learning stories one after another and keeps one timer per pending delay (#8)', async () => {
    const started = await kita.post('/api/cases', { definition: 'kita-grundschule' });
    expect(started.statusCode).toBe(201);
    let c = started.json();
    c = (await kita.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: stammdaten, expectedVersion: c.version })).json();
    for (let i = 0; i < 3; i++) {
      const res = await kita.post(`/api/cases/${c.id}/events`, { type: 'LERNGESCHICHTE', data: lerngeschichte, expectedVersion: c.version });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    }
    expect(c.data.lerngeschichte).toHaveLength(3);
    const timers = await agora.db.knex('timers').where({ case_id: c.id }).select('timer_id');
    expect(new Set(timers.map((t) => t.timer_id)).size).toBe(timers.length);
    const record = await agora.services.queries.loadCase('default', c.id);
    expect(timers.map((t) => t.timer_id).sort()).toEqual((record?.envelope.timers ?? []).map((t) => t.id).sort());
    const history = (await kita.get(`/api/cases/${c.id}/history`)).json().items;
    expect(history.filter((e: { type: string }) => e.type === 'LERNGESCHICHTE')).toHaveLength(3);
  });
});
