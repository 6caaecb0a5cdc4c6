import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { MIGRATED, replayCase } from '../../../engine/runtime/index.js';
import { toCaseRow } from '../../../engine/store/index.js';
import type { CompiledDefinition } from '../../../engine/definition/index.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { beratungV1, beratungV2, KEY } from '../../fixtures/migration-definitions.js';

type Client = ReturnType<typeof client>;

/**
 * Moving running cases to a new version (DESIGN.md, "Changing a running
 * process"): dry run, unmapped states, data that does not fit, history,
 * replay, races, grants, admin only.
 */
describe.each(databaseKinds())('migrations of running cases on %s', (kind) => {
  let agora: Agora;
  let admin: Client;
  let beratung: Client;
  let beratung2: Client;
  const ids: Record<'moving' | 'waiting' | 'untouched' | 'unfit', string> = { moving: '', waiting: '', untouched: '', unfit: '' };
  let movingVersion = 0;

  const start = async () => {
    const res = await beratung.post('/api/cases', { definition: KEY });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number };
  };
  const send = async (id: string, type: string, data: unknown, expectedVersion: number) => {
    const res = await beratung.post(`/api/cases/${id}/events`, { type, data, expectedVersion });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { version: number };
  };
  const snapshot = async () => ({
    cases: await agora.services.knex('cases').where({ definition_key: KEY }).orderBy('id').select('id', 'version', 'definition_version', 'state', 'data', 'envelope'),
    events: Number((await agora.services.knex('events').count({ n: '*' }))[0].n),
    access: await agora.services.knex('case_access').whereIn('case_id', Object.values(ids)).orderBy(['case_id', 'grant_key']).select('case_id', 'grant_key'),
  });
  const migrate = (body: Record<string, unknown>, as: Client = admin) => as.post(`/api/definitions/${KEY}/migrations`, body);

  beforeAll(async () => {
    agora = await testAgora(kind);
    admin = client(agora.app, await signIn(agora.app, 'admin'));
    beratung = client(agora.app, await signIn(agora.app, 'beratung'));
    beratung2 = client(agora.app, await signIn(agora.app, 'beratung2'));
    expect((await admin.post('/api/definitions', beratungV1())).statusCode).toBe(201);
    expect((await admin.post(`/api/definitions/${KEY}/1/publish`)).statusCode).toBe(200);
    const moving = await start();
    ids.moving = moving.id;
    movingVersion = (await send(moving.id, 'SUBMIT', { name: 'Anna Beispiel', bpunkt: 'bpunkt-rosslau' }, moving.version)).version;
    const waiting = await start();
    ids.waiting = waiting.id;
    await send(waiting.id, 'WARTEN', undefined, waiting.version);
    ids.untouched = (await start()).id;
    const unfit = await start();
    ids.unfit = unfit.id;
    await send(unfit.id, 'SUBMIT', { name: 'Ohne B-Punkt' }, unfit.version);
    const v2 = await admin.post('/api/definitions', beratungV2());
    expect(v2.statusCode, v2.body).toBe(201);
    expect((await admin.post(`/api/definitions/${KEY}/2/publish`)).statusCode).toBe(200);
  }, 120_000);
  afterAll(async () => agora?.close());

  it('words the changes between two documents and suggests the renamed states (admin only)', async () => {
    const res = await admin.post('/api/definitions/diff', { before: beratungV1(), after: beratungV2() });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().renames).toEqual({ erstgespraech: 'erstberatung' });
    expect(res.json().changes.map((c: { text: { de: string } }) => c.text.de)).toContain("Zustand ‚Erstgespräch' umbenannt in ‚Erstberatung'");
    const broken = await admin.post('/api/definitions/diff', { before: beratungV1(), after: { key: KEY } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details[0].path).toMatch(/^\/after/);
    expect((await beratung.post('/api/definitions/diff', { before: beratungV1(), after: beratungV2() })).statusCode).toBe(403);
  });

  it('simulates a document before publishing: paths to every end, the role and data of each step, typed data checked', async () => {
    const res = await admin.post('/api/definitions/simulate', { document: beratungV2() });
    expect(res.statusCode, res.body).toBe(200);
    const sim = res.json();
    expect(sim).toMatchObject({ ok: true, problems: [] });
    expect(sim.covered).toBe(sim.total);
    expect(sim.paths.map((p: any) => p.end.state)).toContain('abgeschlossen');
    const submit = sim.paths[0].steps.find((s: any) => s.form === 'anfrage');
    expect(submit).toMatchObject({ roles: ['beratung'], label: { de: 'Anfrage abgeschickt' }, from: { state: 'anfrage' }, to: { state: 'erstberatung' } });
    expect(submit.data).toHaveProperty('bpunkt');
    const typed = await admin.post('/api/definitions/simulate', { document: beratungV2(), paths: [[{ kind: 'start', definition: KEY }, { kind: 'send', case: 0, type: 'SUBMIT', data: { name: 'Nur Name' } }]] });
    const steps = typed.json().paths[0].steps;
    expect(steps[1].error).toMatchObject({ code: 'FORM_INVALID', details: [{ path: '/bpunkt' }] });
    const broken = (await admin.post('/api/definitions/simulate', { document: { ...beratungV2(), roles: [] } })).json();
    expect(broken.ok).toBe(false);
    expect(broken.problems.length).toBeGreaterThan(0);
    expect((await beratung.post('/api/definitions/simulate', { document: beratungV2() })).statusCode).toBe(403);
  });

  it('refuses people who are not administrators (403)', async () => {
    const res = await migrate({ from: 1, to: 2, dryRun: true }, beratung);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
  });

  it('refuses a mapping to a state the new version does not have, and the same version twice', async () => {
    const wrong = await migrate({ from: 1, to: 2, states: { erstgespraech: 'erstgespräch' }, dryRun: true });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'MIGRATION_INVALID', details: [{ path: '/states/erstgespraech' }] });
    expect((await migrate({ from: 2, to: 2, dryRun: true })).json().error.code).toBe('MIGRATION_INVALID');
    expect((await migrate({ from: 1, to: 3, dryRun: true })).statusCode).toBe(404);
  });

  it('changes nothing in a dry run and lists unmapped states and data that does not fit', async () => {
    const before = await snapshot();
    const res = await migrate({ from: 1, to: 2, dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    const summary = res.json();
    expect(await snapshot()).toEqual(before);
    expect(summary.cases).toBe(4);
    // Without a mapping, erstgespraech (renamed) and warten (dropped) have no counterpart; anfrage keeps its name.
    expect(summary.migrated).toBe(1);
    expect(summary.byState).toEqual({
      anfrage: { cases: 1, migrated: 1, problems: 0, target: 'anfrage' },
      erstgespraech: { cases: 2, migrated: 0, problems: 2, target: null },
      warten: { cases: 1, migrated: 0, problems: 1, target: null },
    });
    const mapped = (await migrate({ from: 1, to: 2, states: { erstgespraech: 'erstberatung' }, dryRun: true })).json();
    expect(mapped.migrated).toBe(2);
    expect(mapped.problems.map((p: { caseId: string; path: string }) => [p.caseId, p.path]).sort()).toEqual(
      [[ids.waiting, '/state/warten'], [ids.unfit, '/data/anfrage/bpunkt']].sort(),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('moves the cases that fit, keeps their data, and leaves the others where they are', async () => {
    expect((await beratung2.get(`/api/cases/${ids.moving}`)).statusCode).toBe(404);
    const res = await migrate({ from: 1, to: 2, states: { erstgespraech: 'erstberatung' }, dryRun: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ cases: 4, migrated: 2 });
    const moved = (await beratung.get(`/api/cases/${ids.moving}`)).json();
    expect(moved).toMatchObject({ definition: { key: KEY, version: 2 }, state: 'erstberatung', version: movingVersion + 1, data: { anfrage: { name: 'Anna Beispiel', bpunkt: 'bpunkt-rosslau' } } });
    expect(moved.tasks.map((t: { statePath: string }) => t.statePath)).toEqual(['erstberatung']);
    const timers = await agora.services.knex('timers').where({ case_id: ids.moving }).pluck('event_type');
    expect(timers).toEqual([expect.stringContaining('erstberatung')]);
    for (const id of [ids.waiting, ids.unfit]) {
      const row = toCaseRow(await agora.services.knex('cases').where({ id }).first());
      expect(row.definition.version).toBe(1);
    }
    expect((await beratung.get(`/api/cases/${ids.untouched}`)).json()).toMatchObject({ definition: { version: 2 }, state: 'anfrage' });
  });

  it('rebuilds the grants: the B-Punkt the new version names sees the case, in lists too', async () => {
    expect((await beratung2.get(`/api/cases/${ids.moving}`)).statusCode).toBe(200);
    const list = (await beratung2.get(`/api/cases?definition=${KEY}`)).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([ids.moving]);
    const inbox = (await beratung2.get('/api/tasks?limit=200')).json();
    expect(inbox.items.some((t: { caseId: string }) => t.caseId === ids.moving)).toBe(true);
  });

  it('shows MIGRATED with both versions in the history', async () => {
    const history = (await beratung.get(`/api/cases/${ids.moving}/history`)).json().items;
    const last = history[history.length - 1];
    expect(last).toMatchObject({ type: MIGRATED, label: { de: 'Auf Version 2 umgestellt' }, data: { from: 1, to: 2, states: { erstgespraech: 'erstberatung' } }, fromState: 'erstgespraech', toState: 'erstberatung', fromTitle: { de: 'Erstgespräch' }, toTitle: { de: 'Erstberatung' } });
    // Events before the migration read in the version they happened in.
    expect(history[1]).toMatchObject({ label: { de: 'Anfrage abgeschickt' }, fromTitle: { de: 'Anfrage' }, toTitle: { de: 'Erstgespräch' } });
  });

  it('keeps the replay invariant: the log replays to the stored case, version = number of events', async () => {
    const { knex, registry } = agora.services;
    const v1 = await registry.compiled(knex, 'default', KEY, 1);
    const v2 = await registry.compiled(knex, 'default', KEY, 2);
    const versions = new Map<number, CompiledDefinition>([[1, v1], [2, v2]]);
    for (const id of Object.values(ids)) {
      const row = toCaseRow(await knex('cases').where({ id }).first());
      const events = await agora.services.queries.loadEvents('default', id);
      expect(events.length).toBe(row.version);
      const replayed = replayCase(versions.get(row.definition.version)!, row.tenantId, row.parentId, events, (v) => versions.get(v));
      if (!replayed.ok) throw replayed.error;
      expect({ state: replayed.value.state, data: replayed.value.data, version: replayed.value.version, status: replayed.value.status, envelope: replayed.value.envelope, definition: replayed.value.definition })
        .toEqual({ state: row.state, data: row.data, version: row.version, status: row.status, envelope: row.envelope, definition: row.definition });
    }
  });

  it('answers 409 to a command sent with the version from before the migration, and runs on in the new version', async () => {
    const stale = await beratung.post(`/api/cases/${ids.moving}/events`, { type: 'SUBMIT', data: { notiz: 'gut' }, expectedVersion: movingVersion });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const fresh = await beratung.post(`/api/cases/${ids.moving}/events`, { type: 'SUBMIT', data: { notiz: 'gut' }, expectedVersion: movingVersion + 1 });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json()).toMatchObject({ state: 'abgeschlossen', status: 'closed' });
  });

  it('moves the rest once the unmapped state is mapped, in pages with a cursor', async () => {
    const first = (await migrate({ from: 1, to: 2, states: { warten: 'anfrage', erstgespraech: 'erstberatung' }, dryRun: false, limit: 1 })).json();
    expect(first.cases).toBe(1);
    expect(first.nextCursor).not.toBeNull();
    const rest = (await migrate({ from: 1, to: 2, states: { warten: 'anfrage', erstgespraech: 'erstberatung' }, dryRun: false, cursor: first.nextCursor })).json();
    expect(first.migrated + rest.migrated).toBe(1);
    expect([...first.problems, ...rest.problems].map((p: { caseId: string }) => p.caseId)).toEqual([ids.unfit]);
    expect((await beratung.get(`/api/cases/${ids.waiting}`)).json()).toMatchObject({ definition: { version: 2 }, state: 'anfrage' });
  });
});
