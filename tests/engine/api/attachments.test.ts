import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { RetentionService } from '../../../engine/service/index.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { minimal } from '../../fixtures/definitions.js';

const PDF = Buffer.from('%PDF-1.4\n% Bescheid\n1 0 obj << >> endobj\n%%EOF\n');
const dataUrl = (type: string, name: string, bytes: Buffer) => `data:${type};name=${encodeURIComponent(name)};base64,${bytes.toString('base64')}`;

describe.each(databaseKinds())('files uploaded with forms on %s (#10)', (kind) => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  let staff: ReturnType<typeof client>;
  let stranger: ReturnType<typeof client>;
  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions' });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    const d = minimal();
    d.retention = { afterClose: 'P1D' };
    d.forms.f.schema.properties.nachweis = { type: 'string', format: 'data-url', title: 'Nachweis', 'x-file': { maxBytes: 2000, accept: ['application/pdf'] } };
    expect((await admin.post('/api/definitions', d)).statusCode).toBe(201);
    expect((await admin.post('/api/definitions/minimal/1/publish')).statusCode).toBe(200);
    expect((await admin.post('/api/users', { username: 'sam', password: 'Lange-Nacht-der-Bildung-2026', roles: ['staff'] })).statusCode).toBe(201);
    expect((await admin.post('/api/users', { username: 'fremd', password: 'Kraniche-ziehen-im-Herbst', roles: ['anderes'] })).statusCode).toBe(201);
    staff = client(agora.app, await signIn(agora.app, 'sam', 'Lange-Nacht-der-Bildung-2026'));
    stranger = client(agora.app, await signIn(agora.app, 'fremd', 'Kraniche-ziehen-im-Herbst'));
  });
  afterAll(async () => agora?.close());

  it('refuses files that are too large, of a type not allowed, or whose content does not match, at the field', async () => {
    const c = (await staff.post('/api/cases', { definition: 'minimal' })).json();
    for (const [value, message] of [
      [dataUrl('application/pdf', 'gross.pdf', Buffer.concat([PDF, Buffer.alloc(3000)])), 'größer als'],
      [dataUrl('image/png', 'bild.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2])), 'nicht erlaubt'],
      [dataUrl('application/pdf', 'falsch.pdf', Buffer.from('<html>kein pdf</html>')), 'passt nicht'],
    ] as const) {
      const res = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { nachweis: value }, expectedVersion: 1 });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.details).toEqual([{ path: '/nachweis', code: 'file', message: expect.stringContaining(message) }]);
    }
  });

  it('keeps the file beside the case, never in its JSON, for those who may read the case, until the case is purged', async () => {
    const c = (await staff.post('/api/cases', { definition: 'minimal' })).json();
    const sent = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { nachweis: dataUrl('application/pdf', 'Bescheid Müller.pdf', PDF) }, expectedVersion: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    const reference: string = sent.json().data.f.nachweis;
    expect(reference).toMatch(/^data:application\/pdf;name=Bescheid%20M%C3%BCller\.pdf;agora-attachment=[0-9a-f-]{36};base64,$/);
    const id = /agora-attachment=([0-9a-f-]+);/.exec(reference)![1];
    const history = (await staff.get(`/api/cases/${c.id}/history`)).json().items;
    expect(JSON.stringify(history)).not.toContain(PDF.toString('base64'));

    const file = await staff.get(`/api/cases/${c.id}/attachments/${id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain("filename*=UTF-8''Bescheid%20M%C3%BCller.pdf");

    expect((await stranger.get(`/api/cases/${c.id}/attachments/${id}`)).json().error.code).toBe('CASE_NOT_FOUND');
    const other = (await staff.post('/api/cases', { definition: 'minimal' })).json();
    expect((await staff.get(`/api/cases/${other.id}/attachments/${id}`)).json().error.code).toBe('ATTACHMENT_NOT_FOUND');

    const purge = new RetentionService(agora.services.knex, () => new Date(Date.now() + 3 * 86_400_000));
    expect(await purge.purgeExpired(DEFAULT_TENANT)).toEqual([{ definition: 'minimal', version: 1, purged: 1 }]);
    expect((await staff.get(`/api/cases/${c.id}/attachments/${id}`)).json().error.code).toBe('ATTACHMENT_NOT_FOUND');
    expect(await agora.services.knex('attachments').where({ case_id: c.id })).toEqual([]);
  });
});
