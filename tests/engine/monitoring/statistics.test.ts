import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { readFileSync } from 'node:fs';
import { raiseEarlyWarning, rebuildStatistics } from '../../../engine/service/index.js';
import { databaseKinds } from '../../helpers/databases.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { monitoredDefinition } from '../../fixtures/monitoring-definition.js';

const NAMES = ['Zacharias Quellenberg', 'Ottilie Wunderlich'];
const NOTE = 'vertraulicher Vermerk über die Familie';

describe.each(databaseKinds())('monitoring statistics on %s', (kind) => {
  let agora: Agora;
  let now = new Date('2026-03-02T09:00:00Z');
  const ids: string[] = [];
  const staff = () => ({ id: '00000000-0000-4000-8000-0000000000aa', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT });

  /** Runs one case: intake on `day`, decision `days` later. */
  async function runCase(day: string, stadtteil: string | undefined, ja: boolean | null, days = 2, name = NAMES[0]) {
    now = new Date(`${day}T09:00:00Z`);
    const c = await agora.services.cases.start(staff(), { definition: 'mon' });
    ids.push(c.id);
    const intake = { name, bemerkung: NOTE, geburtsdatum: '2022-05-01', plaetze: 2, ...(stadtteil ? { stadtteil } : {}) };
    await agora.services.cases.send(staff(), c.id, { type: 'SUBMIT', data: intake, expectedVersion: 1 });
    if (ja === null) return;
    now = new Date(now.getTime() + days * 86_400_000);
    await agora.services.cases.send(staff(), c.id, { type: 'SUBMIT', data: { ja }, expectedVersion: 2 });
  }

  const counts = async () =>
    (await agora.db.knex('statistics_counts').select('indicator', 'day', 'dims', 'n', 'total').orderBy(['indicator', 'day']))
      .map((r: any) => ({ ...r, day: new Date(r.day).toISOString().slice(0, 10), n: Number(r.n), total: Number(r.total) }))
      // A case that moved to another group leaves a cell of zero behind; it counts nothing.
      .filter((r: any) => r.n !== 0 || r.total !== 0)
      .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    await agora.services.definitions.import(DEFAULT_TENANT, monitoredDefinition());
    await agora.services.definitions.publish(DEFAULT_TENANT, 'mon', 1);
    await agora.services.definitions.import(DEFAULT_TENANT, JSON.parse(readFileSync('definitions/monitoring/fruehwarnung.json', 'utf8')));
    await agora.services.definitions.publish(DEFAULT_TENANT, 'fruehwarnung', 1);
    for (let i = 0; i < 6; i++) await runCase('2026-03-02', 'nord', i < 4, 2 + i, NAMES[i % 2]);
    for (let i = 0; i < 4; i++) await runCase('2026-04-10', 'sued', true, 1);
    await runCase('2026-05-05', 'west', false);
    await runCase('2026-05-06', undefined, null);
    await runCase('2027-02-01', 'nord', true, 10);
  }, 120_000);
  afterAll(() => agora?.close());

  it('counts cases per period and Stadtteil, suppressing small cells so none can be worked out from the totals', async () => {
    const t = await agora.services.monitoring.table(DEFAULT_TENANT, 'mon.faelle', { by: 'stadtteil', period: 'year', to: '2026-12-31' });
    const y2026 = t.cells.filter((c) => c.period === '2026');
    expect(y2026.find((c) => c.group === 'nord')).toMatchObject({ value: 6, suppressed: false });
    expect(y2026.find((c) => c.group === 'sued')).toMatchObject({ value: 4, suppressed: false });
    // west (1) and not recorded (1) are small: both hidden, and so each cannot be had from the total (12).
    expect(y2026.find((c) => c.group === 'west')).toMatchObject({ value: null, suppressed: true });
    expect(y2026.find((c) => c.group === null)).toMatchObject({ value: null, suppressed: true });
    expect(t.totals.find((c) => c.period === '2026')).toMatchObject({ value: 12, suppressed: false });
    expect(t.groups.find((g) => g.key === 'sued')!.label.de).toBe('Süd');
  });

  it('reads shares only above the minimum denominator, and durations as median and 90th percentile', async () => {
    const share = await agora.services.monitoring.table(DEFAULT_TENANT, 'mon.quote', { period: 'year' });
    // 2026: 8 accepted of 12 reviewed: the denominator is above 10.
    expect(share.totals.find((c) => c.period === '2026')).toMatchObject({ value: round(8 / 12), suppressed: false });
    // 2027: 1 of 1: hidden.
    expect(share.totals.find((c) => c.period === '2027')).toMatchObject({ value: null, suppressed: true });
    const days = await agora.services.monitoring.table(DEFAULT_TENANT, 'mon.tage', { period: 'year' });
    // 2026 decisions took 2,3,4,5 days (nord) and 1,1,1,1 (sued): median 1 or 2 by nearest rank; p90 5.
    expect(days.totals.find((c) => c.period === '2026')).toMatchObject({ value: 1, p90: 5, suppressed: false });
    const sum = await agora.services.monitoring.table(DEFAULT_TENANT, 'mon.plaetze', { period: 'year' });
    expect(sum.totals.find((c) => c.period === '2026')).toMatchObject({ value: 24, suppressed: false });
  });

  it('reads durations over whole months from the monthly cells with the same medians as from the day cells', async () => {
    const read = (q: { period: 'month' | 'year'; by?: string; from?: string }) => agora.services.monitoring.table(DEFAULT_TENANT, 'mon.tage', q, { raw: true });
    for (const q of [{ period: 'year' as const, by: 'stadtteil' }, { period: 'month' as const, by: 'stadtteil' }, { period: 'month' as const }]) {
      // From the 2nd of January: not a whole month, so the day cells answer; from the 1st the monthly cells do.
      const monthly = await read({ ...q, from: '2026-01-01' });
      expect(await read({ ...q, from: '2026-01-02' })).toEqual(monthly);
      expect(monthly.cells.some((c) => c.value !== null)).toBe(true);
    }
    const march = (await read({ period: 'month', by: 'stadtteil', from: '2026-01-01' })).cells.find((c) => c.period === '2026-03' && c.group === 'nord');
    // nord in March 2026: the four accepted decisions took 2, 3, 4 and 5 days.
    expect(march).toMatchObject({ value: 3, p90: 5 });
  });

  it('rebuilds from the event logs exactly what live counting wrote', async () => {
    const live = await counts();
    expect(live.length).toBeGreaterThan(5);
    const marks = await agora.db.knex('statistics_marks').count({ n: '*' });
    const monthly = async () =>
      (await agora.db.knex('statistics_monthly').select('indicator', 'dim', 'month', 'value', 'n').whereNot('n', 0).orderBy(['indicator', 'dim', 'month', 'value']))
        .map((r: any) => ({ ...r, month: new Date(r.month).toISOString().slice(0, 10), n: Number(r.n) }));
    const liveMonthly = await monthly();
    expect(liveMonthly.length).toBeGreaterThan(5);
    const monthlyDays = async () =>
      (await agora.db.knex('statistics_monthly_days').select('indicator', 'dim', 'month', 'value', 'days', 'n').whereNot('n', 0).orderBy(['indicator', 'dim', 'month', 'value', 'days']))
        .map((r: any) => ({ ...r, month: new Date(r.month).toISOString().slice(0, 10), n: Number(r.n) }));
    const liveDays = await monthlyDays();
    expect(liveDays.length).toBeGreaterThan(5);
    await rebuildStatistics(agora.db.knex, agora.services.registry, DEFAULT_TENANT);
    expect(await counts()).toEqual(live);
    expect(await monthly()).toEqual(liveMonthly);
    expect(await monthlyDays()).toEqual(liveDays);
    expect(await agora.db.knex('statistics_marks').count({ n: '*' })).toEqual(marks);
  });

  it('answers coordinators and the role monitoring only, and never with a case', async () => {
    for (const [name, roles] of [['mon-reader', ['monitoring']], ['mon-coord', ['coordinator']], ['mon-staff', ['staff']], ['mon-admin', ['admin']]] as const) {
      await agora.services.auth.createUser(DEFAULT_TENANT, name, 'Sanddorn-und-Heide-7', [...roles]);
    }
    const reader = client(agora.app, await signIn(agora.app, 'mon-reader', 'Sanddorn-und-Heide-7'));
    const list = await reader.get('/api/monitoring/indicators');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((i: any) => i.key)).toContain('mon.faelle');
    const table = await reader.get('/api/monitoring/indicators/mon.faelle?by=stadtteil&period=quarter');
    expect(table.statusCode).toBe(200);
    expect(JSON.stringify(table.json())).not.toMatch(new RegExp(ids.join('|')));
    const csv = await reader.get('/api/monitoring/indicators/mon.faelle/export.csv?by=stadtteil');
    expect(csv.body).toContain('Zeitraum;Stadtteil;Fälle');
    expect(csv.body).toMatch(/2026;West;\.\r\n/);
    const coordinator = client(agora.app, await signIn(agora.app, 'mon-coord', 'Sanddorn-und-Heide-7'));
    expect((await coordinator.get('/api/monitoring/indicators/mon.faelle')).statusCode).toBe(200);
    for (const [user, password] of [['mon-staff', 'Sanddorn-und-Heide-7'], ['mon-admin', 'Sanddorn-und-Heide-7'], ['datenschutz', 'demo']]) {
      const other = client(agora.app, await signIn(agora.app, user, password));
      expect((await other.get('/api/monitoring/indicators')).statusCode).toBe(403);
      expect((await other.get('/api/monitoring/indicators/mon.faelle')).statusCode).toBe(403);
    }
    expect((await agora.app.inject({ method: 'GET', url: '/api/monitoring/indicators' })).statusCode).toBe(401);
    expect((await reader.get('/api/monitoring/indicators/mon.faelle?by=name')).statusCode).toBe(400);
    expect((await reader.get('/api/monitoring/indicators/mon.nichts')).statusCode).toBe(404);
  });

  it('reads counts per 1,000 residents from the population an administrator uploads', async () => {
    const admin = await signIn(agora.app, 'mon-admin', 'Sanddorn-und-Heide-7');
    const put = (body: string, cookie = admin) => agora.app.inject({ method: 'PUT', url: '/api/monitoring/population', headers: { cookie, 'content-type': 'text/csv' }, payload: body });
    const bad = await put('stadtteil;altersgruppe;jahr;einwohner\nnord;0-2;zwei;100\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'POPULATION_INVALID', details: [{ path: '/2' }] });
    expect((await put('name;x\n')).statusCode).toBe(400);
    const reader = await signIn(agora.app, 'mon-reader', 'Sanddorn-und-Heide-7');
    expect((await put('stadtteil;altersgruppe;jahr;einwohner\nnord;0-2;2026;1000\n', reader)).statusCode).toBe(403);
    const ok = await put('\uFEFFstadtteil;altersgruppe;jahr;einwohner\nnord;0-2;2026;1000\nnord;3-5;2026;1.000\nsued;0-2;2026;800\n');
    expect(ok.json()).toEqual({ rows: 3, years: [2026] });
    const t = (await client(agora.app, reader).get('/api/monitoring/indicators/mon.faelle?by=stadtteil&per=1000&to=2026-12-31')).json();
    expect(t.cells.find((c: any) => c.group === 'nord')).toMatchObject({ value: 3, suppressed: false });
    expect(t.cells.find((c: any) => c.group === 'sued')).toMatchObject({ value: 5, suppressed: false });
    expect((await client(agora.app, reader).get('/api/monitoring/indicators/mon.faelle?by=altersgruppe&per=1000')).statusCode).toBe(400);
  });

  it('starts one Frühwarnung case per indicator, Stadtteil and completed period outside the band', async () => {
    const coordinator = client(agora.app, await signIn(agora.app, 'mon-coord', 'Sanddorn-und-Heide-7'));
    const reader = client(agora.app, await signIn(agora.app, 'mon-reader', 'Sanddorn-und-Heide-7'));
    expect((await reader.put('/api/monitoring/indicators/mon.faelle/band', { min: null, max: 5 })).statusCode).toBe(403);
    const set = await coordinator.put('/api/monitoring/indicators/mon.faelle/band', { min: null, max: 5 });
    expect(set.statusCode).toBe(200);
    expect(set.json().band).toEqual({ min: null, max: 5 });
    now = new Date('2027-01-05T06:00:00Z');
    const evaluate = () => agora.services.monitoring.evaluateBands(DEFAULT_TENANT, (w) => raiseEarlyWarning(agora.services.cases, DEFAULT_TENANT, w));
    const raised = await evaluate();
    // 2026: nord had 6 cases (above 5); sued 4 and west 1 are inside.
    expect(raised.map((w) => [w.indicator, w.group, w.period, w.value])).toEqual([['mon.faelle', 'nord', '2026', 6]]);
    expect(await evaluate()).toEqual([]);
    const warnings = await agora.db.knex('cases').where({ definition_key: 'fruehwarnung' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].data.hinweis).toMatchObject({ indikator: 'mon.faelle', zeitraum: '2026', wert: 6, band_max: 5, stadtteil_name: 'Nord' });
    const tasks = await agora.db.knex('tasks').where({ case_id: warnings[0].id });
    expect(tasks.map((t: any) => t.roles)).toEqual([['koordination']]);
  });

  it('keeps the statistics after the purge and holds no name, free text or case id in any column', async () => {
    const before = await counts();
    now = new Date('2028-01-01T09:00:00Z');
    const purged = await agora.services.retention.purgeExpired(DEFAULT_TENANT);
    expect(purged.reduce((a, r) => a + r.purged, 0)).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    const subjects = (await agora.db.knex('cases').whereNotNull('purged_at').select('stat_subject')).map((r: any) => r.stat_subject);
    expect(subjects.every((s) => s === null)).toBe(true);
    const forbidden = [...NAMES, NOTE, ...ids];
    for (const table of ['statistics_counts', 'statistics_monthly', 'statistics_marks', 'statistics_population', 'statistics_bands']) {
      const text = JSON.stringify(await agora.db.knex(table).select('*'));
      for (const word of forbidden) expect(text, `${table} holds "${word}"`).not.toContain(word);
    }
  });
});

const round = (v: number) => Math.round(v * 10_000) / 10_000;
