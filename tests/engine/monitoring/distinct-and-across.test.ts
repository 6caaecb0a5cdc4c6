import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { lintDefinition } from '../../../engine/definition/index.js';
import { AgoraError } from '../../../engine/errors.js';
import { rebuildStatistics } from '../../../engine/service/index.js';
import { databaseKinds } from '../../helpers/databases.js';
import { testAgora } from '../../helpers/agora.js';
import { courseDefinition, registrationDefinition, storiesDefinition } from '../../fixtures/monitoring-across.js';

const STORY = 'Mira baut einen Turm aus Bechern';

describe.each(databaseKinds())('distinct counts, open cases and shares across processes on %s', (kind) => {
  let agora: Agora;
  let now = new Date('2026-01-10T09:00:00Z');
  const staff = () => ({ id: '00000000-0000-4000-8000-0000000000aa', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT });
  const at = (day: string) => {
    now = new Date(`${day}T09:00:00Z`);
  };
  const send = async (id: string, type: string, data?: unknown) => {
    const { version } = await agora.db.knex('cases').where({ id }).first('version');
    return agora.services.cases.send(staff(), id, { type, data, expectedVersion: version });
  };
  const raw = (key: string, q: Record<string, unknown>) => agora.services.monitoring.table(DEFAULT_TENANT, key, q, { raw: true });
  const byPeriod = (t: { totals: Array<{ period: string; value: number | null }> }) => Object.fromEntries(t.totals.map((c) => [c.period, c.value]));

  /** A child's case: started and its basic data on `day`. */
  async function child(day: string, stadtteil = 'nord') {
    at(day);
    const c = await agora.services.cases.start(staff(), { definition: 'lg' });
    await send(c.id, 'SUBMIT', { name: 'Mira Sonnenfeld', stadtteil });
    return c.id;
  }

  const story = async (id: string, day: string) => {
    at(day);
    await send(id, 'LERNGESCHICHTE', { situation: STORY });
  };

  const counts = async () =>
    (await agora.db.knex('statistics_counts').select('indicator', 'day', 'dims', 'n', 'total'))
      .map((r: any) => ({ ...r, day: new Date(r.day).toISOString().slice(0, 10), n: Number(r.n), total: Number(r.total) }))
      .filter((r: any) => r.n !== 0 || r.total !== 0)
      .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const monthly = async () =>
    (await agora.db.knex('statistics_monthly').select('indicator', 'dim', 'month', 'value', 'n', 'total'))
      .map((r: any) => ({ ...r, month: new Date(r.month).toISOString().slice(0, 10), n: Number(r.n), total: Number(r.total) }))
      .filter((r: any) => r.n !== 0 || r.total !== 0)
      .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const marks = async () => (await agora.db.knex('statistics_marks').select('indicator', 'at')).map((r: any) => `${r.indicator} ${new Date(r.at).toISOString()}`).sort();

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    for (const doc of [storiesDefinition(), courseDefinition(), registrationDefinition()]) {
      await agora.services.definitions.import(DEFAULT_TENANT, doc);
      await agora.services.definitions.publish(DEFAULT_TENANT, doc.key, 1);
    }
    // A: stories in February and March (Q1), one in April (Q2), closed in May.
    const a = await child('2026-01-10');
    await story(a, '2026-02-01');
    await story(a, '2026-03-15');
    await story(a, '2026-04-02');
    at('2026-05-10');
    await send(a, 'ENDE');
    // B: no story, closed in February.
    const b = await child('2026-02-01', 'sued');
    at('2026-02-20');
    await send(b, 'ENDE');
    // C: started in May, a story in August, still open.
    const c = await child('2026-05-01');
    await story(c, '2026-08-03');
    // Two courses of 8 seats held in 2026, one in the north (8 take part), one in the south (4); 12 of 16 in all.
    for (const [seats, stadtteil] of [[8, 'nord'], [8, 'sued']] as const) {
      at('2026-03-01');
      const course = await agora.services.cases.start(staff(), { definition: 'kx' });
      await send(course.id, 'SUBMIT', { plaetze: seats, stadtteil });
      for (let i = 0; i < (stadtteil === 'nord' ? 8 : 4); i++) {
        const r = await agora.services.cases.start(staff(), { definition: 'tx', parentId: course.id });
        await send(r.id, 'SUBMIT', { name: `Elternteil ${i}` });
      }
    }
    at('2026-09-01');
  }, 180_000);
  afterAll(() => agora?.close());

  it('counts a child once per quarter however many learning stories it has, and again in the next quarter', async () => {
    expect(byPeriod(await raw('lg.kinder', { period: 'quarter', to: '2026-09-30' }))).toEqual({ '2026-Q1': 1, '2026-Q2': 1, '2026-Q3': 1 });
    // The same stories per month (Feb, Mar, Apr, Aug) and per year (two children): each kind of period counts on its own.
    expect(byPeriod(await raw('lg.kinder', { period: 'month' }))).toEqual({ '2026-02': 1, '2026-03': 1, '2026-04': 1, '2026-08': 1 });
    expect(byPeriod(await raw('lg.kinder', { period: 'year' }))).toEqual({ 2026: 2 });
    const byDistrict = await raw('lg.kinder', { period: 'quarter', by: 'stadtteil' });
    expect(byDistrict.cells.filter((c) => c.group === 'nord').map((c) => [c.period, c.value])).toEqual([['2026-Q1', 1], ['2026-Q2', 1], ['2026-Q3', 1]]);
  });

  it('counts a case open in every period between its start and its close, including both', async () => {
    // Q1: A and B; Q2: A (closed in May) and C (started in May), not B (closed in Q1); Q3: C only.
    expect(byPeriod(await raw('lg.offen', { period: 'quarter', to: '2026-09-30' }))).toEqual({ '2026-Q1': 2, '2026-Q2': 2, '2026-Q3': 1 });
    // A period without a start or close still has its open cases: June and July hold C alone.
    const months = byPeriod(await raw('lg.offen', { period: 'month', from: '2026-05-01', to: '2026-07-31' }));
    expect(months).toEqual({ '2026-05': 2, '2026-06': 1, '2026-07': 1 });
    expect(byPeriod(await raw('lg.offen', { period: 'year', to: '2026-12-31' }))).toEqual({ 2026: 3 });
    const byDistrict = await raw('lg.offen', { period: 'quarter', by: 'stadtteil', to: '2026-06-30' });
    expect(byDistrict.cells.map((c) => [c.period, c.group, c.value])).toEqual([['2026-Q1', 'nord', 1], ['2026-Q1', 'sued', 1], ['2026-Q2', 'nord', 2], ['2026-Q2', 'sued', 0]]);
  });

  it('takes the share of children with a learning story over the cases open, and hides it below the minimum denominator', async () => {
    expect(byPeriod(await raw('lg.quote', { period: 'quarter', to: '2026-09-30' }))).toEqual({ '2026-Q1': 0.5, '2026-Q2': 0.5, '2026-Q3': 1 });
    // Published: two or three children per quarter tell about single children, so every value is hidden.
    const published = await agora.services.monitoring.table(DEFAULT_TENANT, 'lg.quote', { period: 'quarter', to: '2026-09-30' });
    expect(published.totals.every((c) => c.value === null && c.suppressed)).toBe(true);
    const kinder = await agora.services.monitoring.table(DEFAULT_TENANT, 'lg.kinder', { period: 'quarter' });
    expect(kinder.totals.every((c) => c.value === null && c.suppressed)).toBe(true);
  });

  it('takes a fill rate of one process over the seats summed by another, grouped only by dimensions both have', async () => {
    // 12 taking part over 16 seats.
    expect(byPeriod(await raw('tx.belegung', { period: 'year' }))).toEqual({ 2026: 0.75 });
    expect(byPeriod(await agora.services.monitoring.table(DEFAULT_TENANT, 'tx.belegung', { period: 'year' }))).toEqual({ 2026: 0.75 });
    // The registrations take the course's district from the parent case: both sides can be read by it.
    const byDistrict = await raw('tx.belegung', { period: 'year', by: 'stadtteil' });
    expect(byDistrict.cells.map((c) => [c.group, c.value])).toEqual([['nord', 1], ['sued', 0.5]]);
    expect(byDistrict.groups.map((g) => g.label.de)).toEqual(['Nord', 'Süd']);
    // The course has no Bezugsperson: a share grouped by it would divide by nothing.
    await expect(agora.services.monitoring.table(DEFAULT_TENANT, 'tx.belegung', { by: 'bezug' })).rejects.toMatchObject({ code: 'MONITORING_QUERY_INVALID' });
  });

  it('refuses at publish a share naming an unknown indicator, one that is not a count, or one of another period, each with its code', async () => {
    const refused = async (doc: unknown, key: string, version: number) => {
      await agora.services.definitions.import(DEFAULT_TENANT, doc);
      const error = await agora.services.definitions.publish(DEFAULT_TENANT, key, version).then(() => null, (e: AgoraError) => e);
      expect(error?.code).toBe('DEFINITION_INVALID');
      return error!.details!.map((d) => [d.path, d.code]);
    };
    expect(await refused(registrationDefinition({ denominator: 'kx.sitze' }, 2), 'tx', 2)).toEqual([['/statistics/indicators/belegung/denominator', 'statistics-unknown-indicator']]);
    expect(await refused(registrationDefinition({ denominator: 'kx.dauer' }, 3), 'tx', 3)).toEqual([['/statistics/indicators/belegung/denominator', 'statistics-not-countable']]);
    expect(await refused(registrationDefinition({ period: 'quarter' }, 4), 'tx', 4)).toEqual([['/statistics/indicators/belegung/denominator', 'statistics-period-mismatch']]);
    expect(await refused(registrationDefinition({ denominator: 'nirgends.plaetze' }, 5), 'tx', 5)).toEqual([['/statistics/indicators/belegung/denominator', 'statistics-unknown-indicator']]);
    // A dimension of the parent must be a field of the parent's forms, and no free text.
    expect(await refused(registrationDefinition({}, 6, '/kurs/ort'), 'tx', 6)).toEqual([['/statistics/dimensions/stadtteil/field', 'statistics-parent-field']]);
    // A new version of the course must not drop the seats the registrations' share reads.
    const course = courseDefinition();
    delete course.statistics.indicators.plaetze;
    expect(await refused({ ...course, version: 2 }, 'kx', 2)).toEqual([['/statistics/indicators/belegung/denominator', 'statistics-unknown-indicator']]);
  });

  it('lints a distinct count without form or event, and a share of an indicator that does not exist in the process', () => {
    const doc = storiesDefinition();
    doc.statistics.indicators.kinder = { title: { de: 'x' }, type: 'distinct' };
    doc.statistics.indicators.ohne = { title: { de: 'x' }, type: 'distinct', form: 'tagebuch', event: 'NIE' };
    doc.statistics.indicators.quote.denominator = 'lg.nichts';
    const lint = lintDefinition(doc);
    expect(lint.ok ? [] : lint.problems.map((p) => p.path)).toEqual([
      '/statistics/indicators/kinder',
      '/statistics/indicators/quote/denominator',
      '/statistics/indicators/ohne/form',
      '/statistics/indicators/ohne/event',
    ]);
  });

  it('rebuilds from the event logs exactly what live counting wrote, marks included', async () => {
    const live = await counts();
    const liveMonthly = await monthly();
    const liveMarks = await marks();
    expect(live.some((r) => r.indicator === 'lg.kinder@quarter')).toBe(true);
    expect(live.some((r) => r.indicator === 'lg.offen' && r.total === 1)).toBe(true);
    await rebuildStatistics(agora.db.knex, agora.services.registry, DEFAULT_TENANT);
    expect(await counts()).toEqual(live);
    expect(await monthly()).toEqual(liveMonthly);
    expect(await marks()).toEqual(liveMarks);
    // After the rebuild a further story in the same quarter still counts nothing, one in the next quarter counts.
    const [c] = await agora.db.knex('cases').where({ definition_key: 'lg', status: 'active' }).pluck('id');
    await story(c, '2026-09-10');
    expect(byPeriod(await raw('lg.kinder', { period: 'quarter', from: '2026-07-01', to: '2026-12-31' }))).toEqual({ '2026-Q3': 1 });
    await story(c, '2026-10-01');
    expect(byPeriod(await raw('lg.kinder', { period: 'quarter', from: '2026-07-01', to: '2026-12-31' }))).toEqual({ '2026-Q3': 1, '2026-Q4': 1 });
  });

  it('keeps the new counts after the purge and holds no name, story or case id', async () => {
    const before = await counts();
    at('2027-06-01');
    const purged = await agora.services.retention.purgeExpired(DEFAULT_TENANT);
    expect(purged.find((r) => r.definition === 'lg')?.purged).toBe(2);
    expect(await counts()).toEqual(before);
    const ids: string[] = await agora.db.knex('cases').pluck('id');
    for (const table of ['statistics_counts', 'statistics_monthly', 'statistics_marks']) {
      const text = JSON.stringify(await agora.db.knex(table).select('*'));
      for (const word of ['Mira', STORY, ...ids]) expect(text, `${table} holds "${word}"`).not.toContain(word);
    }
    // Only the open case keeps its marks (one per kind of period); the purged cases' marks are gone.
    expect((await marks()).filter((m) => m.startsWith('lg.kinder@'))).toHaveLength(4);
  });
});
