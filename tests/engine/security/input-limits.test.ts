import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { minimal } from '../../fixtures/definitions.js';
import { FIXTURES_DIR } from '../../helpers/definitions.js';
import { signIn, testAgora } from '../../helpers/agora.js';

describe('input limits answer 400, not 500 (#11)', () => {
  let agora: Agora;
  let admin: string;
  let kita: string;
  let caseId: string;
  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: FIXTURES_DIR });
    admin = await signIn(agora.app, 'admin');
    kita = await signIn(agora.app, 'kita');
    caseId = (await agora.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: kita }, payload: { definition: 'kita-mini' } })).json().id;
  });
  afterAll(() => agora?.close());

  it('refuses data nested 5,000 deep with BAD_REQUEST', async () => {
    const nested = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    for (const [method, url, payload] of [
      ['PUT', `/api/cases/${caseId}/draft`, `{"form":"stammdaten","data":${nested}}`],
      ['POST', `/api/cases/${caseId}/events`, `{"type":"SUBMIT","expectedVersion":1,"data":{"vorname":${nested}}}`],
      ['POST', '/api/definitions/lint', nested],
    ] as const) {
      const res = await agora.app.inject({ method, url, headers: { cookie: admin, 'content-type': 'application/json' }, payload });
      expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 200)}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('nests deeper than 64') });
    }
  });

  it('finds nothing for a reference number past any case number, instead of failing', async () => {
    for (const q of ['99999999999999999999999', 'KM-99999999999999999999999']) {
      const res = await agora.app.inject({ url: `/api/cases?q=${q}`, headers: { cookie: admin } });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    }
  });

  it('refuses to import a definition with 8,000 states or a backtracking pattern', async () => {
    const huge = minimal();
    for (let i = 0; i < 8000; i++) huge.machine.states[`s${i}`] = { on: { WEITER: 'ende' } };
    const evil = minimal();
    evil.forms.f.schema.properties.a.pattern = '^([a-z0-9]+)+$';
    for (const doc of [huge, evil]) {
      const res = await agora.app.inject({ method: 'POST', url: '/api/definitions', headers: { cookie: admin }, payload: doc });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('DEFINITION_INVALID');
    }
  });
});
