import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';

type Client = ReturnType<typeof client>;

const child = (vorname: string, nachname: string) => ({
  vorname, nachname, geburtsdatum: '2022-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2028, stadtteil: 'zoberberg', grundschule: 'gs-zoberberg',
  sorgeberechtigte: [{ name: 'Eltern', sorgerecht: true }],
});

/** Names instead of numbers (issue 12): titles from the data, references per process, search as people type, through the access rules. */
describe.each(databaseKinds())('case titles and search on %s', (kind) => {
  let agora: Agora;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};

  const start = async (who: string, vorname: string, nachname: string) => {
    const c = (await as[who].post('/api/cases', { definition: 'kita-grundschule' })).json();
    const res = await as[who].post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: child(vorname, nachname), expectedVersion: c.version });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const search = async (who: string, q: string) => (await as[who].get(`/api/cases?q=${encodeURIComponent(q)}`)).json().items.map((c: { title: string }) => c.title).sort();

  beforeAll(async () => {
    agora = await testAgora(kind);
    for (const u of ['kita', 'kita2', 'schule', 'koordination', 'admin', 'kursleitung']) as[u] = client(agora.app, await signIn(agora.app, u));
    const started = (await as.kita.post('/api/cases', { definition: 'kita-grundschule' })).json();
    expect(started.title).toBe(started.reference);
    ids.empty = started.id;
    ids.jonas = (await start('kita', 'Jonas', 'Yılmaz')).id;
    ids.lena = (await start('kita', 'Lena', 'Schäfer')).id;
    ids.other = (await start('kita2', 'Jonathan', 'Berger')).id;
  });
  afterAll(async () => agora?.close());

  it('names a case by its data where the list shows it, and numbers references per process', async () => {
    const view = (await as.kita.get(`/api/cases/${ids.jonas}`)).json();
    expect(view.title).toBe('Jonas Yılmaz');
    expect(view.reference).toBe('KG-2');
    const list = (await as.kita.get('/api/cases?definition=kita-grundschule')).json().items.map((c: { title: string }) => c.title);
    expect(list).toEqual(expect.arrayContaining(['Jonas Yılmaz', 'Lena Schäfer', 'KG-1']));
    const tasks = (await as.kita.get('/api/tasks?limit=200')).json().items.map((t: { caseTitle: string }) => t.caseTitle);
    expect(tasks).toContain('Lena Schäfer');
    const course = (await as.kursleitung.post('/api/cases', { definition: 'elterntraining' })).json();
    expect(course.reference).toBe('E-1');
  });

  it('finds by the beginning of a name or reference, with German and Turkish letters folded', async () => {
    expect(await search('kita', 'jon')).toEqual(['Jonas Yılmaz']);
    expect(await search('kita', 'Yilmaz')).toEqual(['Jonas Yılmaz']);
    expect(await search('kita', 'schaefer')).toEqual(['Lena Schäfer']);
    expect(await search('kita', 'SCHÄF')).toEqual(['Lena Schäfer']);
    expect(await search('kita', 'lena sch')).toEqual(['Lena Schäfer']);
    expect(await search('kita', 'KG-2')).toEqual(['Jonas Yılmaz']);
    expect((await search('kita', 'kg')).length).toBe(3);
    expect(await search('kita', 'nas')).toEqual([]);
  });

  it('finds only cases the person may open, and names only where the person sees the forms', async () => {
    expect(await search('kita2', 'jon')).toEqual(['Jonathan Berger']);
    expect(await search('schule', 'jonas')).toEqual([]);
    expect(await search('koordination', 'jon')).toEqual(['Jonas Yılmaz', 'Jonathan Berger']);
    expect(await search('admin', 'berger')).toEqual(['Jonathan Berger']);
  });
});

/** A role that does not see the forms a title is made of gets the reference, and cannot find the case by the name. */
describe('titles hidden with their forms', () => {
  let agora: Agora;
  beforeAll(async () => {
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions' });
    const { definitions, auth } = agora.services;
    await definitions.import('default', {
      key: 'akte', version: 1, title: { de: 'Akte' }, caseTitle: '{person.name}', roles: ['team', 'statistik'],
      access: { team: {}, statistik: { forms: ['zahlen'] } },
      forms: {
        person: { title: { de: 'Person' }, schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } } },
        zahlen: { title: { de: 'Zahlen' }, schema: { type: 'object', properties: { n: { type: 'integer', title: 'Anzahl' } } } },
      },
      machine: { id: 'akte', initial: 'offen', states: { offen: { meta: { title: { de: 'Offen' }, task: { roles: ['team'], form: 'person' } }, on: { SUBMIT: 'fertig' } }, fertig: { type: 'final', meta: { title: { de: 'Fertig' } } } } },
    });
    await definitions.publish('default', 'akte', 1);
    await auth.createUser('default', 'team', 'Lange-Nacht-der-Bildung-2026', ['team']);
    await auth.createUser('default', 'statistik', 'Kraniche-ziehen-im-Herbst', ['statistik']);
  });
  afterAll(async () => agora?.close());

  it('shows the reference instead of the name and finds nothing by the name', async () => {
    const team = client(agora.app, await signIn(agora.app, 'team', 'Lange-Nacht-der-Bildung-2026'));
    const stat = client(agora.app, await signIn(agora.app, 'statistik', 'Kraniche-ziehen-im-Herbst'));
    const c = (await team.post('/api/cases', { definition: 'akte' })).json();
    await team.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: { name: 'Geheim Person' }, expectedVersion: c.version });
    expect((await team.get(`/api/cases/${c.id}`)).json().title).toBe('Geheim Person');
    const view = (await stat.get(`/api/cases/${c.id}`)).json();
    expect(view.title).toBe('A-1');
    expect(view.data).toEqual({});
    expect((await stat.get('/api/cases')).json().items.map((i: { title: string }) => i.title)).toEqual(['A-1']);
    expect((await stat.get('/api/cases?q=geheim')).json().items).toEqual([]);
    expect((await stat.get('/api/cases?q=a-1')).json().items).toHaveLength(1);
    expect((await team.get('/api/cases?q=geheim')).json().items).toHaveLength(1);
  });
});
