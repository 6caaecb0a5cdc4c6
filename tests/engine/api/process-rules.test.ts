import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { minimal } from '../../fixtures/definitions.js';

describe('process rules through the API (#10)', () => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  let cookie: string;
  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/users', { username: 'sam', password: 'Lange-Nacht-der-Bildung-2026', roles: ['staff'] })).statusCode).toBe(201);
    cookie = await signIn(agora.app, 'sam', 'Lange-Nacht-der-Bildung-2026');
  });
  afterAll(async () => agora?.close());

  it('answers a refused event with the guard message in the language the person asks for', async () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = {
      target: 'ende',
      guard: { type: 'formula', params: { rule: { '==': [{ var: 'data.f.a' }, 'ja'] } }, message: { de: 'Bitte erst zustimmen.', en: 'Please agree first.' } },
    };
    expect((await admin.post('/api/definitions', d)).statusCode).toBe(201);
    expect((await admin.post('/api/definitions/minimal/1/publish')).statusCode).toBe(200);
    const staff = client(agora.app, cookie);
    const c = (await staff.post('/api/cases', { definition: 'minimal' })).json();
    for (const [lang, message] of [['de-DE,de;q=0.9', 'Bitte erst zustimmen.'], ['en-GB,en;q=0.8', 'Please agree first.']]) {
      const res = await agora.app.inject({
        method: 'POST',
        url: `/api/cases/${c.id}/events`,
        headers: { cookie, 'accept-language': lang },
        payload: { type: 'SUBMIT', data: { a: 'nein' }, expectedVersion: 1 },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'GUARD_REJECTED', details: [{ path: '/', message, code: 'guard' }] });
      expect(res.json().error.details[0].text).toBeUndefined();
    }
  });

  it('refuses invoke on import with one clear problem, not a 500', async () => {
    const d = minimal();
    d.key = 'mit-dienst';
    d.machine.id = 'mit-dienst';
    d.machine.states.start.invoke = { src: 'pruefeAdresse', onDone: 'ende', onError: 'ende' };
    const res = await admin.post('/api/definitions', d);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: '/machine/states/start/invoke', message: expect.stringContaining('Agora führt keinen Code aus') }]);
  });
});
