import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { minimal } from '../../fixtures/definitions.js';

describe.each(databaseKinds())('stored definitions on %s', (kind) => {
  let agora: Agora;
  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions' });
  });
  afterAll(async () => agora?.close());

  it('keep the order of form fields as written, so forms render in that order and export round-trips', async () => {
    const admin = client(agora.app, await signIn(agora.app, 'admin'));
    const d = minimal();
    d.forms.f.schema.properties = {
      vorname: { type: 'string', title: 'Vorname' },
      nachname: { type: 'string', title: 'Nachname' },
      geburtsdatum: { type: 'string', title: 'Geburtsdatum' },
      einschulungsjahr: { type: 'integer', title: 'Einschulungsjahr' },
      kita: { type: 'string', title: 'Kita' },
    };
    expect((await admin.post('/api/definitions', d)).statusCode).toBe(201);
    const stored = (await admin.get('/api/definitions/minimal/1')).json();
    expect(Object.keys(stored.body.forms.f.schema.properties)).toEqual(['vorname', 'nachname', 'geburtsdatum', 'einschulungsjahr', 'kita']);
    expect(JSON.parse((await admin.get('/api/definitions/minimal/1/export')).body)).toEqual(d);
    expect(Object.keys(JSON.parse((await admin.get('/api/definitions/minimal/1/export')).body))).toEqual(Object.keys(d));
  });
});
