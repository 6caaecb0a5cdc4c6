import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../engine/boot.js';
import { client, signIn, testAgora } from '../helpers/agora.js';
import { databaseKinds } from '../helpers/databases.js';

/** One password for the test accounts: long, not common, not containing a user name (#11 password rules). */
const TEST_PASSWORD = 'Lange-Nacht-der-Bildung-2026';

type Client = ReturnType<typeof client>;

const stammdaten = {
  vorname: 'Mila', nachname: 'Vertraulich', geburtsdatum: '2022-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2028,
  stadtteil: 'zoberberg', grundschule: 'gs-zoberberg', sorgeberechtigte: [{ name: 'Sara Vertraulich', kontakt: '0340 111111', sorgerecht: true }],
};
const lerngeschichte = { datum: '2026-11-03', fachkraft: 'Frau Krüger', situation: 'VERTRAULICH: Sprachentwicklungsstörung', lerndispositionen: ['engagiert_sein'] };
const anmeldung = { grundschule: 'gs-zoberberg', angemeldet_am: '2027-02-10', hort_angemeldet: true, hort: 'hort-zoberberg', zurueckstellung_erwogen: false };
const einwilligung = (empfaenger: string[]) => ({
  entscheidung: 'erteilt', erklaert_am: '2027-03-20', empfaenger, umfang: ['lerngeschichten'], form: 'schriftlich',
  unterschriften: [{ name: 'Sara Vertraulich', datum: '2027-03-20' }], rueckmeldung_an_kita: false, hinweis_freiwillig_widerruf: true, textfassung: 'Vordruck 2025-01',
});
const verweigert = { entscheidung: 'verweigert', erklaert_am: '2027-03-20', hinweis_freiwillig_widerruf: true };

/** Every read route of one case, as a person would call them. */
const caseRoutes = (id: string) => [`/api/cases/${id}`, `/api/cases/${id}/history`, `/api/cases/${id}/draft`];

/**
 * Zuständigkeit on the shipped Kita–Grundschule process (issue 9): another
 * Kita, a school before or without consent, and another school get 404 for
 * every route of a child's case and never see it listed, counted or exported.
 */
describe.each(databaseKinds())('access to a Kita–Grundschule case on %s', (kind) => {
  let agora: Agora;
  const as: Record<string, Client> = {};
  let id = '';
  let version = 0;

  const send = async (who: string, type: string, data?: unknown) => {
    const res = await as[who].post(`/api/cases/${id}/events`, { type, data, expectedVersion: version });
    if (res.statusCode === 200) version = res.json().version;
    return res;
  };
  /** Whether the person finds the case anywhere: list, search, inbox, CSV. */
  const findsAnywhere = async (who: string) => {
    const [list, tasks, csv] = await Promise.all([as[who].get('/api/cases?limit=200'), as[who].get('/api/tasks?limit=200'), as[who].get('/api/cases/export.csv')]);
    const reference = (await agora.services.queries.loadCase('default', id))!.reference;
    return {
      list: list.json().items.some((c: { id: string }) => c.id === id),
      inbox: tasks.json().items.some((t: { caseId: string }) => t.caseId === id),
      csv: csv.body.split('\n').some((line) => line.startsWith(`${reference};`)),
    };
  };
  const expectNoAccess = async (who: string) => {
    for (const url of caseRoutes(id)) {
      const res = await as[who].get(url);
      expect(res.statusCode, `${who} GET ${url}`).toBe(404);
      expect(res.json().error.code).not.toBe('DRAFT_NOT_FOUND');
    }
    const event = await as[who].post(`/api/cases/${id}/events`, { type: 'LERNGESCHICHTE', data: lerngeschichte, expectedVersion: version });
    expect(event.statusCode, `${who} sends an event`).toBe(404);
    expect((await as[who].put(`/api/cases/${id}/draft`, { form: 'stammdaten', data: {} })).statusCode).toBe(404);
    expect(await findsAnywhere(who)).toEqual({ list: false, inbox: false, csv: false });
  };

  beforeAll(async () => {
    agora = await testAgora(kind);
    const { auth, organisations } = agora.services;
    await auth.createUser('default', 'schule-toerten', TEST_PASSWORD, ['schule'], { organisations: ['gs-toerten'] });
    await auth.createUser('default', 'traeger', TEST_PASSWORD, ['kita'], { organisations: ['traeger-kita-eigenbetrieb'] });
    await auth.createUser('default', 'ohne-org', TEST_PASSWORD, ['kita']);
    await auth.createUser('default', 'zwei-kitas', TEST_PASSWORD, ['kita'], { organisations: ['kita-sonnenschein', 'kita-pusteblume'] });
    expect((await organisations.get('default', 'kita-sonnenschein')).parent).toBe('traeger-kita-eigenbetrieb');
    for (const u of ['kita', 'kita2', 'schule', 'hort', 'koordination', 'admin', 'datenschutz']) as[u] = client(agora.app, await signIn(agora.app, u));
    for (const u of ['schule-toerten', 'traeger', 'ohne-org', 'zwei-kitas']) as[u] = client(agora.app, await signIn(agora.app, u, TEST_PASSWORD));
    const started = await as.kita.post('/api/cases', { definition: 'kita-grundschule' });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().organisation).toBe('kita-sonnenschein');
    id = started.json().id;
    version = started.json().version;
    expect((await send('kita', 'SUBMIT', stammdaten)).statusCode).toBe(200);
    expect((await send('kita', 'LERNGESCHICHTE', lerngeschichte)).statusCode).toBe(200);
    expect((await send('kita', 'SUBMIT', anmeldung)).statusCode).toBe(200);
  });
  afterAll(async () => agora?.close());

  it('lets the owning Kita and its Träger read and act, and nobody of another Kita (#9)', async () => {
    const own = await as.kita.get(`/api/cases/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().data.lerngeschichte[0].value.situation).toContain('VERTRAULICH');
    expect(await findsAnywhere('kita')).toEqual({ list: true, inbox: true, csv: true });
    expect((await as.traeger.get(`/api/cases/${id}`)).statusCode).toBe(200);
    await expectNoAccess('kita2');
    await expectNoAccess('ohne-org');
  });

  it('hides the child from the school and the Hort until consent is given (#9)', async () => {
    await expectNoAccess('schule');
    await expectNoAccess('hort');
    expect((await send('kita', 'SUBMIT', verweigert)).statusCode).toBe(200);
    await expectNoAccess('schule');
    await expectNoAccess('hort');
    expect((await send('kita', 'EINWILLIGUNG_NEU')).statusCode).toBe(200);
    expect((await send('kita', 'SUBMIT', einwilligung(['grundschule']))).statusCode).toBe(200);
  });

  it('shows the named school only the consented forms, never the learning stories, and the Hort nothing it was not named for (#9)', async () => {
    const view = await as.schule.get(`/api/cases/${id}`);
    expect(view.statusCode).toBe(200);
    expect(Object.keys(view.json().data).sort()).toEqual(['schulanmeldung', 'stammdaten']);
    expect(view.body).not.toContain('VERTRAULICH');
    const history = await as.schule.get(`/api/cases/${id}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).not.toContain('VERTRAULICH');
    expect(history.json().items.find((e: { type: string }) => e.type === 'LERNGESCHICHTE').data).toBeNull();
    expect(await findsAnywhere('schule')).toMatchObject({ list: true, csv: true });
    // A learning story is not the school's to write, whatever its role allows elsewhere.
    expect((await send('schule', 'LERNGESCHICHTE', lerngeschichte)).statusCode).toBe(403);
    await expectNoAccess('schule-toerten');
    await expectNoAccess('hort');
    await expectNoAccess('kita2');
  });

  it('gives a task only to the members of the organisations the case names (#9)', async () => {
    // Consent without a development talk skips the Dialogort: the handover is the Kita's task.
    const tasksOf = async (who: string) => (await as[who].get('/api/tasks?limit=200')).json().items.filter((t: { caseId: string }) => t.caseId === id);
    expect(await tasksOf('kita')).not.toHaveLength(0);
    expect(await tasksOf('kita2')).toHaveLength(0);
    expect(await tasksOf('traeger')).not.toHaveLength(0);
  });

  it('asks a person with several organisations which one a new case belongs to (#9)', async () => {
    const res = await as['zwei-kitas'].post('/api/cases', { definition: 'kita-grundschule' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('ORGANISATION_REQUIRED');
    const foreign = await as['zwei-kitas'].post('/api/cases', { definition: 'kita-grundschule', organisation: 'kita-regenbogen' });
    expect(foreign.json().error.code).toBe('ORGANISATION_INVALID');
    const chosen = await as['zwei-kitas'].post('/api/cases', { definition: 'kita-grundschule', organisation: 'kita-pusteblume' });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json().organisation).toBe('kita-pusteblume');
    expect((await as.kita.get(`/api/cases/${chosen.json().id}`)).statusCode).toBe(404);
    const none = await as['ohne-org'].post('/api/cases', { definition: 'kita-grundschule' });
    expect(none.json().error.code).toBe('ORGANISATION_INVALID');
  });

  it('refuses data of a later step at the start: a Kita cannot store the school\'s feedback (#9)', async () => {
    const res = await as.kita.post('/api/cases', { definition: 'kita-grundschule', data: { rueckmeldung_schule: { datum: '2027-10-08', angekommen: 'gut' } } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('START_DATA_NOT_ALLOWED');
  });

  it('logs who read the case and which forms, without content, for admins and the data protection officer (#9)', async () => {
    const log = await as.datenschutz.get(`/api/cases/${id}/reads?limit=200`);
    expect(log.statusCode).toBe(200);
    const reads = log.json().items as Array<{ username: string; kind: string; forms: string[] | null }>;
    expect(reads.some((r) => r.username === 'schule' && r.kind === 'view' && !r.forms!.includes('lerngeschichte'))).toBe(true);
    expect(reads.some((r) => r.username === 'kita' && r.kind === 'history')).toBe(false);
    expect(reads.some((r) => r.username === 'schule' && r.kind === 'history')).toBe(true);
    expect(reads.some((r) => r.username === 'kita2')).toBe(false);
    expect(log.body).not.toContain('Mila');
    expect((await as.kita.get(`/api/cases/${id}/reads`)).statusCode).toBe(403);
    expect((await as.admin.get(`/api/cases/${id}/reads`)).statusCode).toBe(200);
  });

  it('closes the school\'s view after a withdrawal once deletion is confirmed (#9)', async () => {
    const data = (await as.kita.get(`/api/cases/${id}`)).json();
    const planned = await send('kita', 'SUBMIT', data.availableEvents.some((e: { form: string }) => e.form === 'uebermittlung')
      ? { datum: '2027-06-10', empfaenger: ['grundschule'], teile: ['lerngeschichten'], weg: 'persoenlich' }
      : { datum: '2027-11-05', ort: 'Grundschule Zoberberg', eltern_informiert_am: '2027-11-01' });
    expect(planned.statusCode, planned.body).toBe(200);
    expect((await send('kita', 'WIDERRUFEN', { widerrufen_am: '2027-06-20', erklaert_von: 'Sara Vertraulich' })).statusCode).toBe(200);
    const during = await as.schule.get(`/api/cases/${id}`);
    expect(during.statusCode).toBe(200);
    expect(during.json().availableEvents.map((e: { form: string }) => e.form)).toEqual(['loeschung']);
    expect((await send('schule', 'SUBMIT', { ergebnis: 'geloescht', datum: '2027-06-25', bestaetigt_von: 'Schulleitung' })).statusCode).toBe(200);
    await expectNoAccess('schule');
  });
});

/** Whether an answer names the case. */
const names = (res: LightMyRequestResponse, id: string) => res.body.includes(id);

/**
 * The contract alone, on a process written in the test: every route × (own
 * organisation, other organisation, no organisation, condition holds,
 * condition withdrawn), and no list, count, inbox or export shows a case the
 * same person cannot open.
 */
describe.each(databaseKinds())('access rules from the contract on %s', (kind) => {
  let agora: Agora;
  const as: Record<string, Client> = {};
  const def = {
    key: 'foerderfall',
    version: 1,
    title: { de: 'Förderfall', en: 'Support case' },
    caseTitle: '{antrag.name}',
    roles: ['team', 'aufsicht'],
    access: {
      team: { organisation: 'owner' },
      aufsicht: { organisation: '/antrag/stelle', when: { '==': [{ var: 'data.antrag.freigabe' }, true] }, forms: ['antrag', 'pruefung'] },
    },
    forms: {
      antrag: {
        title: { de: 'Antrag' },
        schema: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: 'Name' }, stelle: { type: 'string', title: 'Stelle' }, freigabe: { type: 'boolean', title: 'Freigabe' } } },
      },
      notiz: { title: { de: 'Notiz' }, schema: { type: 'object', properties: { text: { type: 'string', title: 'Text' } } } },
      pruefung: { title: { de: 'Prüfung' }, schema: { type: 'object', properties: { ok: { type: 'boolean', title: 'In Ordnung' } } } },
    },
    machine: {
      id: 'foerderfall',
      initial: 'antrag',
      states: {
        antrag: {
          meta: { title: { de: 'Antrag' }, task: { roles: ['team'], form: 'antrag' }, events: { NOTIZ: { label: { de: 'Notiz' }, roles: ['team'], form: 'notiz' }, AENDERN: { label: { de: 'Ändern' }, roles: ['team'], form: 'antrag' } } },
          on: { SUBMIT: 'pruefung', NOTIZ: 'antrag', AENDERN: 'antrag' },
        },
        pruefung: {
          meta: { title: { de: 'Prüfung' }, task: { roles: ['aufsicht', 'team'], form: 'pruefung' }, events: { AENDERN: { label: { de: 'Ändern' }, roles: ['team'], form: 'antrag' } } },
          on: { SUBMIT: 'fertig', AENDERN: 'pruefung' },
        },
        fertig: { type: 'final', meta: { title: { de: 'Fertig' } } },
      },
    },
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions' });
    const { organisations, auth, definitions } = agora.services;
    for (const key of ['org-a', 'org-b', 'stelle-x', 'stelle-y']) await organisations.create('default', { key, title: { de: key }, kind: key.startsWith('org') ? 'amt' : 'partner' });
    await definitions.import('default', def);
    await definitions.publish('default', 'foerderfall', 1);
    const users: Array<[string, string[], string[]]> = [['kb', ['koordination', 'team'], ['org-b']], ['nurk', ['koordination'], []], ['a', ['team'], ['org-a']], ['b', ['team'], ['org-b']], ['nobody', ['team'], []], ['x', ['aufsicht'], ['stelle-x']], ['y', ['aufsicht'], ['stelle-y']]];
    for (const [name, roles, orgs] of users) {
      await auth.createUser('default', name, TEST_PASSWORD, roles, { organisations: orgs });
      as[name] = client(agora.app, await signIn(agora.app, name, TEST_PASSWORD));
    }
    as.admin = client(agora.app, await signIn(agora.app, 'admin'));
    for (const [name, freigabe] of [['frei', true], ['gesperrt', false]] as const) {
      const c = (await as.a.post('/api/cases', { definition: 'foerderfall' })).json();
      const r = await as.a.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { name: `Person ${name}`, stelle: 'stelle-x', freigabe }, expectedVersion: c.version });
      expect(r.statusCode, r.body).toBe(200);
      await as.a.post(`/api/cases/${c.id}/events`, { type: 'AENDERN', data: { name: `Person ${name}`, stelle: 'stelle-x', freigabe }, expectedVersion: r.json().version });
      ids[name] = c.id;
    }
    ids.b = (await as.b.post('/api/cases', { definition: 'foerderfall' })).json().id;
  });
  afterAll(async () => agora?.close());

  const routes = (id: string) => [
    { method: 'GET', url: `/api/cases/${id}` },
    { method: 'GET', url: `/api/cases/${id}/history` },
    { method: 'PUT', url: `/api/cases/${id}/draft`, body: { form: 'antrag', data: { name: 'Entwurf' } } },
    { method: 'GET', url: `/api/cases/${id}/draft` },
    { method: 'DELETE', url: `/api/cases/${id}/draft` },
    { method: 'POST', url: `/api/cases/${id}/events`, body: { type: 'NOTIZ', data: { text: 'x' }, expectedVersion: 999 } },
  ] as const;
  const call = (who: string, r: ReturnType<typeof routes>[number]) =>
    r.method === 'GET' ? as[who].get(r.url) : r.method === 'DELETE' ? as[who].delete(r.url) : r.method === 'PUT' ? as[who].put(r.url, r.body) : as[who].post(r.url, r.body);

  it('answers 404 on every route to another organisation and to a person without one (#9)', async () => {
    for (const who of ['b', 'nobody', 'y']) {
      for (const r of routes(ids.frei)) {
        const res = await call(who, r);
        expect(res.statusCode, `${who} ${r.method} ${r.url}`).toBe(404);
        expect(res.json().error.code).toBe('CASE_NOT_FOUND');
      }
    }
    for (const r of routes(ids.frei)) {
      const res = await call('a', r);
      // The owner reaches every route; the stale command is refused for its version, not for access.
      expect(res.statusCode, `a ${r.method} ${r.url}`).toBe(r.method === 'POST' ? 409 : r.method === 'DELETE' ? 204 : 200);
    }
  });

  it('lets a role whose condition holds see only its forms, and nothing once the condition is withdrawn (#9)', async () => {
    const view = await as.x.get(`/api/cases/${ids.frei}`);
    expect(view.statusCode).toBe(200);
    expect(Object.keys(view.json().data)).toEqual(['antrag']);
    expect(view.json().availableEvents.map((e: { type: string }) => e.type)).toEqual(['SUBMIT']);
    expect((await as.x.get(`/api/cases/${ids.gesperrt}`)).statusCode).toBe(404);
    // The team withdraws the release: the supervisor's grant ends in the same command.
    const current = (await as.a.get(`/api/cases/${ids.frei}`)).json();
    const withdrawn = await as.a.post(`/api/cases/${ids.frei}/events`, { type: 'AENDERN', data: { name: 'Person frei', stelle: 'stelle-x', freigabe: false }, expectedVersion: current.version });
    expect(withdrawn.statusCode).toBe(200);
    for (const r of routes(ids.frei)) expect((await call('x', r)).statusCode, `x ${r.method} ${r.url}`).toBe(404);
    const again = await as.a.post(`/api/cases/${ids.frei}/events`, { type: 'AENDERN', data: { name: 'Person frei', stelle: 'stelle-x', freigabe: true }, expectedVersion: withdrawn.json().version });
    expect(again.statusCode).toBe(200);
    expect((await as.x.get(`/api/cases/${ids.frei}`)).statusCode).toBe(200);
  });

  it('measures step durations only on the cases the person may open (#9)', async () => {
    const cases = async (who: string) => (await as[who].get('/api/board/durations?definition=foerderfall')).json().cases;
    expect(await cases('admin')).toBe(3);
    expect(await cases('kb')).toBe(1);
    const none = await as.nurk.get('/api/board/durations?definition=foerderfall');
    expect(none.statusCode).toBe(404);
  });

  it('never lists, counts, finds, exports or offers a task for a case the same person cannot open (#9)', async () => {
    for (const who of ['a', 'b', 'nobody', 'x', 'y', 'kb', 'admin']) {
      const openable = new Set<string>();
      for (const id of Object.values(ids)) if ((await as[who].get(`/api/cases/${id}`)).statusCode === 200) openable.add(id);
      const list = (await as[who].get('/api/cases?limit=200')).json();
      expect(new Set(list.items.map((c: { id: string }) => c.id)), `${who} list`).toEqual(openable);
      expect(list.total, `${who} total`).toBe(openable.size);
      const tasks = (await as[who].get('/api/tasks?limit=200')).json();
      for (const t of tasks.items) expect(openable.has(t.caseId), `${who} task`).toBe(true);
      expect(tasks.total).toBe(tasks.items.length);
      const search = (await as[who].get('/api/cases?q=person&limit=200')).json();
      for (const c of search.items) expect(openable.has(c.id), `${who} search`).toBe(true);
      expect(search.total).toBe(search.items.length);
      const csv = await as[who].get('/api/cases/export.csv');
      expect(csv.body.trim().split('\n').length - 1, `${who} csv rows`).toBe(openable.size);
      for (const id of Object.values(ids)) if (!openable.has(id)) expect(names(csv, id) || JSON.stringify(tasks).includes(id), `${who} sees ${id}`).toBe(false);
    }
  });
});
