import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';

/** Object schemas with their own properties that still allow others: contracts not yet written (CONVENTIONS.md). */
function openObjects(schema: unknown, at: string, out: string[] = []): string[] {
  if (!schema || typeof schema !== 'object') return out;
  const s = schema as Record<string, unknown>;
  if (s.properties && s.additionalProperties !== false) out.push(at);
  for (const [key, value] of Object.entries(s)) {
    if (key === 'properties' && value && typeof value === 'object') for (const [name, sub] of Object.entries(value)) openObjects(sub, `${at}/${name}`, out);
    else if (key === 'items' || key === 'additionalProperties') openObjects(value, `${at}/${key}`, out);
    else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) value.forEach((sub, i) => openObjects(sub, `${at}/${key}/${i}`, out));
  }
  return out;
}

describe('response contract (#11)', () => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;

  beforeAll(async () => {
    agora = await testAgora('pglite');
    admin = client(agora.app, await signIn(agora.app, 'admin'));
  });
  afterAll(async () => agora?.close());

  it('closes every success answer of the API: no object with fields of its own lets others through', async () => {
    const doc = (await admin.get('/api/openapi.json')).json();
    const open: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, any>)) {
          if (!/^2/.test(status)) continue;
          openObjects(response.content?.['application/json']?.schema, `${method.toUpperCase()} ${path} ${status}`, open);
        }
      }
    }
    expect(open).toEqual([]);
  });

  it('lists who may start a process and where in the summaries, so the UI needs no definition bodies for it', async () => {
    const items = (await admin.get('/api/definitions?status=published')).json().items as Array<Record<string, unknown>>;
    const anmeldung = items.find((d) => d.key === 'elterntraining-anmeldung');
    expect(anmeldung).toMatchObject({ roles: expect.any(Array), parent: 'elterntraining', parentRequired: true });
    expect(items.find((d) => d.key === 'elterntraining')).toMatchObject({ parent: null, parentRequired: false });
    expect(Object.keys(anmeldung!)).not.toContain('body');
  });

  it('answers a case view with exactly the fields of its schema', async () => {
    const created = await admin.post('/api/cases', { definition: 'elterntraining' });
    expect(created.statusCode).toBe(201);
    const view = (await admin.get(`/api/cases/${created.json().id}`)).json();
    expect(Object.keys(view).sort()).toEqual([
      'availableEvents', 'catalogues', 'children', 'createdAt', 'data', 'definition', 'dueAt', 'forms', 'id', 'organisation', 'overdue', 'parent',
      'purgedAt', 'reference', 'state', 'statePaths', 'stateTitle', 'status', 'tasks', 'title', 'updatedAt', 'version',
    ]);
    expect(Object.keys(view.definition).sort()).toEqual(['key', 'title', 'version']);
  });
});
