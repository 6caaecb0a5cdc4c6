import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { signIn, testAgora } from '../../helpers/agora.js';

const PASSWORD = 'Sanddorn-und-Heide-7';
const HEADER = 'stadtteil;altersgruppe;jahr;einwohner';

describe('population upload (#14)', () => {
  let agora: Agora;
  const cookies: Record<string, string> = {};
  const put = (csv: string, who = 'pop-admin', language = 'de') =>
    agora.app.inject({ method: 'PUT', url: '/api/monitoring/population', headers: { cookie: cookies[who], 'content-type': 'text/csv', 'accept-language': language }, payload: csv });
  const get = (who: string) => agora.app.inject({ method: 'GET', url: '/api/monitoring/population', headers: { cookie: cookies[who] } });

  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    for (const [name, roles] of [['pop-admin', ['admin']], ['pop-staff', ['staff']], ['pop-reader', ['monitoring']]] as const) {
      await agora.services.auth.createUser(DEFAULT_TENANT, name, PASSWORD, [...roles]);
      cookies[name] = await signIn(agora.app, name, PASSWORD);
    }
  }, 120_000);
  afterAll(() => agora?.close());

  it('names every unusable line of a bad file, in the caller\'s language, and stores nothing', async () => {
    const bad = await put(`${HEADER}\nnord;0-2;2026;100\n\nnord;3-5;zwanzig;80\nsued;0-2;2026;viele\nnord;0-2;2026;5\n`);
    expect(bad.statusCode).toBe(400);
    const error = bad.json().error;
    expect(error.code).toBe('POPULATION_INVALID');
    // Line numbers are the file's own (the empty line 3 counts), so people find them in their editor.
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(['/4', '/5', '/6']);
    expect(error.details[0]).toMatchObject({ params: { line: 4 }, message: '„zwanzig“ ist keine Jahreszahl.' });
    expect((await put(`${HEADER}\nnord;3-5;zwanzig;80\n`, 'pop-admin', 'en')).json().error.details[0].message).toBe('"zwanzig" is not a year');
    expect((await put('name;vorname\nA;B\n')).json().error.details).toEqual([expect.objectContaining({ path: '/1' })]);
    expect((await put(`${HEADER}\nnord;0-2\n`)).json().error.details).toEqual([expect.objectContaining({ path: '/2' })]);
    expect((await get('pop-admin')).json().items).toEqual([]);
  });

  it('replaces the years of a good file; administrators and the monitoring read it, others do not', async () => {
    expect((await put(`${HEADER}\nnord;0-2;2025;100\n`)).json()).toEqual({ rows: 1, years: [2025] });
    const ok = await put(`${HEADER}\nnord;0-2;2026;1.200\nsued;0-2;2026;800\n`);
    expect(ok.json()).toEqual({ rows: 2, years: [2026] });
    expect((await put(`${HEADER}\nnord;0-2;2026;1\n`, 'pop-staff')).statusCode).toBe(403);
    const items = (await get('pop-admin')).json().items;
    expect(items).toHaveLength(3);
    expect(items).toContainEqual({ stadtteil: 'nord', altersgruppe: '0-2', jahr: 2026, einwohner: 1200 });
    expect((await get('pop-reader')).statusCode).toBe(200);
    expect((await get('pop-staff')).statusCode).toBe(403);
  });
});
