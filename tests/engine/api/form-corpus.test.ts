import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { FORM_CORPUS } from '../../fixtures/form-corpus.js';
import { minimal } from '../../fixtures/definitions.js';

/** What the server keeps: an uploaded file (a data URL) becomes a reference to the case's attachment. */
function asStored(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = /^data:([^;]+);name=([^;]+);base64,.+$/.exec(value);
    return m ? expect.stringMatching(new RegExp(`^data:${m[1].replace('/', '\\/')};name=${m[2].replace('.', '\\.')};agora-attachment=[0-9a-f-]{36};base64,$`)) : value;
  }
  if (Array.isArray(value)) return value.map(asStored);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asStored(v)]));
  return value;
}

/** A one-task definition around a corpus form. */
function definitionFor(name: string, schema: Record<string, unknown>, uiSchema?: Record<string, unknown>) {
  const d = minimal();
  d.key = `korpus-${name}`;
  d.machine.id = d.key;
  d.forms.f = { title: { de: name }, schema, ...(uiSchema ? { uiSchema } : {}) };
  return d;
}

describe('form schemas as real forms use them, through the API (#10)', () => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  let staff: ReturnType<typeof client>;
  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/users', { username: 'sam', password: 'Lange-Nacht-der-Bildung-2026', roles: ['staff'] })).statusCode).toBe(201);
    staff = client(agora.app, await signIn(agora.app, 'sam', 'Lange-Nacht-der-Bildung-2026'));
  });
  afterAll(async () => agora?.close());

  it.each(FORM_CORPUS.map((e) => [e.name, e] as const))('%s imports, refuses invalid data at its paths and accepts valid data', async (_name, entry) => {
    const d = definitionFor(entry.name, entry.schema, entry.uiSchema);
    const imported = await admin.post('/api/definitions', d);
    expect(imported.statusCode, imported.body).toBe(201);
    expect((await admin.post(`/api/definitions/${d.key}/1/publish`)).statusCode).toBe(200);

    for (const [i, data] of entry.valid.entries()) {
      const c = (await staff.post('/api/cases', { definition: d.key })).json();
      if (i === 0) {
        for (const bad of entry.invalid) {
          const res = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: bad.data, expectedVersion: 1 });
          expect(res.statusCode, JSON.stringify(bad.data)).toBe(422);
          const paths = res.json().error.details.map((x: { path: string }) => x.path);
          expect(paths, JSON.stringify(bad.data)).toEqual(expect.arrayContaining(bad.paths));
        }
      }
      const ok = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data, expectedVersion: 1 });
      expect(ok.statusCode, `${JSON.stringify(data)}: ${ok.body}`).toBe(200);
      expect(ok.json().data.f).toEqual(asStored(i === 0 && entry.stored ? entry.stored : data));
    }
  });
});
