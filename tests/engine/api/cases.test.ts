import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';

/** A process written from the contract alone, never seen by the engine's code. */
const antrag = {
  key: 'foerderantrag',
  version: 1,
  fieldOfAction: 'test',
  title: { de: 'Förderantrag', en: 'Funding application' },
  roles: ['antragsteller', 'pruefer'],
  forms: {
    antrag: {
      title: { de: 'Antrag', en: 'Application' },
      schema: {
        type: 'object',
        required: ['betrag', 'zweck'],
        properties: {
          betrag: { type: 'integer', title: 'Betrag in Euro', minimum: 1, maximum: 5000 },
          zweck: { type: 'string', title: 'Zweck', minLength: 3 },
        },
      },
    },
    entscheidung: {
      title: { de: 'Entscheidung', en: 'Decision' },
      schema: { type: 'object', required: ['bewilligt'], properties: { bewilligt: { type: 'boolean', title: 'Bewilligt' } } },
    },
  },
  machine: {
    id: 'foerderantrag',
    initial: 'antrag',
    states: {
      antrag: {
        meta: { title: { de: 'Antrag stellen', en: 'Apply' }, task: { roles: ['antragsteller'], form: 'antrag', due: 'P7D' } },
        on: { SUBMIT: 'pruefung' },
      },
      pruefung: {
        meta: {
          title: { de: 'Prüfung', en: 'Review' },
          task: { roles: ['pruefer'], form: 'entscheidung' },
          events: { ZURUECK: { label: { de: 'Zurückgeben', en: 'Return' }, roles: ['pruefer'] } },
        },
        on: {
          SUBMIT: [
            { guard: { type: 'formula', params: { rule: { '==': [{ var: 'data.entscheidung.bewilligt' }, true] } } }, target: 'bewilligt' },
            { target: 'abgelehnt' },
          ],
          ZURUECK: 'antrag',
        },
      },
      bewilligt: { type: 'final', meta: { title: { de: 'Bewilligt', en: 'Approved' } } },
      abgelehnt: { type: 'final', meta: { title: { de: 'Abgelehnt', en: 'Rejected' } } },
    },
  },
};

describe.each(databaseKinds())('cases API on %s', (kind) => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  let staff: ReturnType<typeof client>;
  let reviewer: ReturnType<typeof client>;

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions' });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    expect((await admin.post('/api/users', { username: 'anna', password: 'Apfelbaum-im-Garten-1', roles: ['antragsteller'] })).statusCode).toBe(201);
    expect((await admin.post('/api/users', { username: 'paul', password: 'Birnbaum-im-Garten-2', roles: ['pruefer'] })).statusCode).toBe(201);
    staff = client(agora.app, await signIn(agora.app, 'anna', 'Apfelbaum-im-Garten-1'));
    reviewer = client(agora.app, await signIn(agora.app, 'paul', 'Birnbaum-im-Garten-2'));
  });
  afterAll(async () => agora?.close());

  it('answers health', async () => {
    const res = await agora.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('rejects an invalid definition with every problem by path', async () => {
    const broken = structuredClone(antrag) as any;
    broken.machine.states.antrag.meta.task.form = 'fehlt';
    broken.machine.states.pruefung.on.ZURUECK = 'nirgends';
    const res = await admin.post('/api/definitions', broken);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DEFINITION_INVALID');
    expect(res.json().error.details.map((d: any) => d.path).sort()).toEqual([
      '/machine/states/antrag/meta/task/form',
      '/machine/states/pruefung/on/ZURUECK',
    ]);
  });

  it('imports, publishes and runs a never-seen definition to its end', async () => {
    expect((await reviewer.post('/api/definitions', antrag)).statusCode).toBe(403);
    const imported = await admin.post('/api/definitions', antrag);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ key: 'foerderantrag', version: 1, status: 'draft', roles: ['antragsteller', 'pruefer'], parent: null });
    expect((await staff.post('/api/cases', { definition: 'foerderantrag' })).json().error.code).toBe('DEFINITION_NOT_PUBLISHED');
    expect((await admin.post('/api/definitions/foerderantrag/1/publish')).json().status).toBe('published');
    expect((await admin.post('/api/definitions', antrag)).json().error.code).toBe('DEFINITION_EXISTS');

    const created = await staff.post('/api/cases', { definition: 'foerderantrag' });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ state: 'antrag', status: 'active', version: 1 });
    expect(c.availableEvents).toEqual([{ type: 'SUBMIT', label: { de: 'Absenden', en: 'Submit' }, form: 'antrag' }]);
    expect(c.forms.antrag.schema.required).toEqual(['betrag', 'zweck']);

    const inbox = (await staff.get('/api/tasks')).json();
    expect(inbox.items.map((t: any) => t.caseId)).toContain(c.id);
    expect((await reviewer.get('/api/tasks')).json().items.map((t: any) => t.caseId)).not.toContain(c.id);

    const invalid = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { betrag: 0, zweck: 'x' }, expectedVersion: 1 });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.details.map((d: any) => d.path).sort()).toEqual(['/betrag', '/zweck']);

    const submitted = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { betrag: 300, zweck: 'Elternabend' }, expectedVersion: 1 });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'pruefung', version: 2, availableEvents: [] });

    expect((await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { bewilligt: true }, expectedVersion: 2 })).statusCode).toBe(403);
    const stale = await reviewer.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { bewilligt: 'kaputt' }, expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');

    const done = await reviewer.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { bewilligt: true }, expectedVersion: 2 });
    expect(done.json()).toMatchObject({ state: 'bewilligt', status: 'closed', version: 3, tasks: [] });
    const after = await reviewer.post(`/api/cases/${c.id}/events`, { type: 'ZURUECK', expectedVersion: 3 });
    expect(after.statusCode).toBe(409);

    const history = (await staff.get(`/api/cases/${c.id}/history`)).json().items;
    expect(history.map((e: any) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'case.created', 'anna'],
      [2, 'SUBMIT', 'anna'],
      [3, 'SUBMIT', 'paul'],
    ]);
  });

  it('answers 404 for unknown cases and 400 for ids that are not UUIDs', async () => {
    const missing = await staff.get('/api/cases/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CASE_NOT_FOUND');
    expect((await staff.get('/api/cases/kein-uuid')).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses bodies that are not JSON with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await agora.app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': type }, payload: 'username=admin&password=demo' });
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('answers 400 for an event body without expectedVersion', async () => {
    const c = (await staff.post('/api/cases', { definition: 'foerderantrag' })).json();
    const res = await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('body/expectedVersion');
  });

  it('lets exactly one of 20 racing commands win', async () => {
    const c = (await staff.post('/api/cases', { definition: 'foerderantrag' })).json();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { betrag: 100 + i, zweck: 'Rennen' }, expectedVersion: 1 }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 200)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(19);
    const current = (await staff.get(`/api/cases/${c.id}`)).json();
    const history = (await staff.get(`/api/cases/${c.id}/history`)).json().items;
    expect(current.version).toBe(2);
    expect(history).toHaveLength(current.version);
  });

  it('keeps a draft per user until that user sends an event', async () => {
    const c = (await staff.post('/api/cases', { definition: 'foerderantrag' })).json();
    expect((await staff.get(`/api/cases/${c.id}/draft`)).statusCode).toBe(404);
    expect((await staff.put(`/api/cases/${c.id}/draft`, { form: 'antrag', data: { zweck: 'halb' } })).statusCode).toBe(200);
    expect((await staff.get(`/api/cases/${c.id}/draft`)).json()).toMatchObject({ form: 'antrag', data: { zweck: 'halb' } });
    expect((await admin.get(`/api/cases/${c.id}/draft`)).statusCode).toBe(404);
    await staff.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { betrag: 5, zweck: 'ganz' }, expectedVersion: 1 });
    expect((await staff.get(`/api/cases/${c.id}/draft`)).statusCode).toBe(404);
  });

  it('hides cases from people without a role in their process and from anonymous callers', async () => {
    const c = (await staff.post('/api/cases', { definition: 'foerderantrag' })).json();
    expect((await agora.app.inject({ method: 'GET', url: `/api/cases/${c.id}` })).statusCode).toBe(401);
    const other = client(agora.app, await signIn(agora.app, 'kita').catch(async () => {
      await admin.post('/api/users', { username: 'kita', password: 'Kirschbaum-im-Garten-3', roles: ['kita'] });
      return signIn(agora.app, 'kita', 'Kirschbaum-im-Garten-3');
    }));
    expect((await other.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await other.get('/api/cases')).json().items.map((i: any) => i.id)).not.toContain(c.id);
    expect((await admin.get(`/api/cases/${c.id}`)).statusCode).toBe(200);
  });

  it('accepts an API token instead of a session', async () => {
    const token = await agora.services.auth.createToken('default', 'anna');
    const res = await agora.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: `Bearer ${token}` } });
    expect(res.json().user.username).toBe('anna');
    const bad = await agora.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: 'Bearer falsch' } });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses a wrong password and ends a session on sign-out', async () => {
    const wrong = await agora.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'anna', password: 'falsch' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');
    const cookie = await signIn(agora.app, 'anna', 'Apfelbaum-im-Garten-1');
    await agora.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect((await agora.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('lists cases with filters, paging and a German CSV export', async () => {
    const page = (await admin.get('/api/cases?definition=foerderantrag&limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.nextCursor).toBe('2');
    const next = (await admin.get(`/api/cases?definition=foerderantrag&limit=2&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(page.items[0].id);
    const closed = (await admin.get('/api/cases?status=closed')).json();
    expect(closed.items.every((i: any) => i.status === 'closed')).toBe(true);
    const inState = (await admin.get('/api/cases?state=pruefung')).json();
    expect(inState.items.every((i: any) => i.state === 'pruefung')).toBe(true);
    const byStatus = (await admin.get('/api/cases?sort=status&order=asc&limit=200')).json().items.map((i: any) => i.status);
    expect(byStatus).toEqual([...byStatus].sort());
    expect(byStatus).toContain('closed');
    const byState = (await admin.get('/api/cases?definition=foerderantrag&sort=state&order=desc&limit=200')).json().items.map((i: any) => i.state);
    expect(byState).toEqual([...byState].sort().reverse());
    const csv = await admin.get('/api/cases/export.csv?definition=foerderantrag');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFAktenzeichen;Prozess;')).toBe(true);
    expect(csv.body).toMatch(/;\d{2}\.\d{2}\.\d{4};\d{2}\.\d{2}\.\d{4}\r\n/);
  });

  it('shows coordinators the board with counts per state', async () => {
    const board = (await admin.get('/api/board')).json();
    const p = board.processes.find((x: any) => x.key === 'foerderantrag');
    const listed = (await admin.get('/api/cases?definition=foerderantrag&status=active&state=antrag')).json().total;
    expect(p.states.find((s: any) => s.path === 'antrag').count).toBe(listed);
    expect((await staff.get('/api/board')).statusCode).toBe(403);
    const durations = (await admin.get('/api/board/durations?definition=foerderantrag')).json();
    const antrag = durations.states.find((s: any) => s.path === 'antrag');
    // Every case that left "antrag" was submitted within the test run: a stay of seconds at most.
    expect(antrag.count).toBeGreaterThan(0);
    expect(antrag.medianMs).toBeGreaterThanOrEqual(0);
    expect(antrag.medianMs).toBeLessThan(60_000);
    expect(durations.states.map((s: any) => s.path)).toEqual(['antrag', 'pruefung']);
    expect((await staff.get('/api/board/durations?definition=foerderantrag')).statusCode).toBe(403);
  });
});
