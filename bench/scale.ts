import type { Knex } from 'knex';
import knexFactory from 'knex';
import { createBenchDatabase } from './lib/databases.js';
import { HttpClient } from './lib/http.js';
import { figure, note } from './lib/progress.js';
import { seedCases, vacuumAnalyze } from './lib/seed.js';
import { startServer } from './lib/server.js';
import { districts, prepareDatabase, signIn } from './lib/setup.js';
import { round, summarize } from './lib/stats.js';
import { caseTemplates, type CaseTemplate } from './lib/templates.js';
import { shippedCatalogues } from '../tests/helpers/definitions.js';

/** p50/p95 of one read at one size. */
export interface QueryFigures {
  p50: number;
  p95: number;
}

/** The figures at one number of cases. */
export interface ScalePoint {
  cases: number;
  seedSeconds: number;
  inbox: QueryFigures;
  board: QueryFigures;
  list: QueryFigures;
  /** The case list of a staff member who works for one of the 200 organisations (read through grants). */
  ownList: QueryFigures;
  caseView: QueryFigures;
  /** A coordinator's monitoring indicators (#14): the slowest of {@link INDICATOR_READS} (its p50 and p95). */
  indicator: QueryFigures;
  /** Each indicator read by its name in {@link INDICATOR_READS}. */
  indicators: Record<string, QueryFigures>;
  rssMb: number;
}

/** Settings of a run. */
export interface ScaleOptions {
  /** Sizes to measure at, ascending (e.g. 100,000 and 1,000,000). */
  sizes: number[];
  samples: number;
  definitionsDir: string;
  /** Keys of the definitions to seed (the shipped ones, or the fixtures). */
  keys: string[];
  cpuProfileDir?: string;
}

async function timed(http: HttpClient, path: string, cookie: string, samples: number): Promise<QueryFigures> {
  const latencies: number[] = [];
  for (let i = 0; i < samples + 5; i++) {
    const t0 = performance.now();
    const res = await http.request('GET', path, { headers: { cookie } });
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
    if (i >= 5) latencies.push(ms);
  }
  const s = summarize(latencies, 1);
  return { p50: s.p50, p95: s.p95 };
}

/** The busiest open state of the busiest definition: what a coordinator filters the list by. */
async function listFilter(knex: Knex): Promise<{ definition: string; state: string }> {
  const r = await knex.raw(`SELECT definition_key, state_paths[array_length(state_paths, 1)] AS path, count(*) AS n FROM cases
    WHERE status = 'active' GROUP BY 1, 2 ORDER BY n DESC LIMIT 1`);
  return { definition: r.rows[0].definition_key, state: r.rows[0].path };
}

/**
 * The staff member whose inbox and list are measured: the demo account of
 * the role with the most open tasks in one organisation, made a member of
 * that organisation only, so every read goes through the grants.
 */
async function busiestMember(knex: Knex): Promise<{ role: string; organisation: string }> {
  const r = await knex.raw(`SELECT role, split_part(grant_key, '@', 2) AS organisation, count(*) AS n FROM tasks
    WHERE grant_key LIKE '%@bench-org-%' GROUP BY 1, 2 ORDER BY n DESC LIMIT 1`);
  const pick = r.rows[0] ?? { role: 'kita', organisation: 'bench-org-000' };
  await knex('users').where({ username: pick.role }).update({ organisations: [pick.organisation] });
  return { role: pick.role, organisation: pick.organisation };
}

/**
 * The monitoring reads measured (#14), of shipped indicators of each type
 * that the seeded cases count in: a count, a share (two counts read
 * together) and a duration (median and p90, from the cells that keep the
 * days); by Stadtteil or for the whole city, per school year and per month,
 * over the whole seeded range. `months` sends the seeded range as whole
 * months; `cut` starts it mid-month (the service widens a range to whole
 * periods, so this too is read from the monthly cells). (The random walks of the templates do not
 * reach a consent in kita-grundschule, so its consent share and duration
 * would read empty cells; the share of deferrals and the days to the first
 * consultation of wiedereinstieg are counted.)
 */
export const INDICATOR_READS: Array<{ name: string; key: string; query: string; range?: 'months' | 'cut' }> = [
  { name: 'count by Stadtteil per school year', key: 'kita-grundschule.faelle', query: 'by=stadtteil&period=schoolyear' },
  { name: 'count per month', key: 'kita-grundschule.faelle', query: 'period=month', range: 'months' },
  { name: 'share by Stadtteil per school year', key: 'kita-grundschule.zurueckstellungsquote', query: 'by=stadtteil&period=schoolyear' },
  { name: 'share per month', key: 'kita-grundschule.zurueckstellungsquote', query: 'period=month', range: 'months' },
  { name: 'duration by Stadtteil per school year', key: 'wiedereinstieg.tage_bis_erstgespraech', query: 'by=stadtteil&period=schoolyear' },
  { name: 'duration per month', key: 'wiedereinstieg.tage_bis_erstgespraech', query: 'period=month', range: 'months' },
  { name: 'duration by Stadtteil per month', key: 'wiedereinstieg.tage_bis_erstgespraech', query: 'by=stadtteil&period=month', range: 'months' },
  { name: 'count by Stadtteil per month from mid-month (5 dimensions)', key: 'wiedereinstieg.faelle', query: 'by=stadtteil&period=month', range: 'cut' },
];

/** Times each of {@link INDICATOR_READS} as a coordinator, one request at a time. */
async function measureIndicators(http: HttpClient, knex: Knex, cookie: string, samples: number): Promise<Record<string, QueryFigures>> {
  const span = (await knex.raw(`SELECT to_char(min(day), 'YYYY-MM') AS first, to_char(max(day), 'YYYY-MM') AS last, count(*) AS cells FROM statistics_counts`)).rows[0];
  const monthly = Number((await knex.raw('SELECT count(*) AS n FROM statistics_monthly')).rows[0].n);
  if (!span.first) throw new Error('no statistics were seeded');
  const lastDay = new Date(Date.UTC(Number(span.last.slice(0, 4)), Number(span.last.slice(5, 7)), 0)).toISOString().slice(0, 10);
  const out: Record<string, QueryFigures> = {};
  for (const read of INDICATOR_READS) {
    const range = read.range === 'months' ? `&from=${span.first}-01&to=${lastDay}` : read.range === 'cut' ? `&from=${span.first}-15&to=${lastDay}` : '';
    const path = `/api/monitoring/indicators/${read.key}?${read.query}${range}`;
    const res = await http.request('GET', path, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body.slice(0, 200)}`);
    const table = res.json<{ cells: unknown[]; totals: unknown[] }>();
    out[read.name] = await timed(http, path, cookie, samples);
    note(`    indicator ${read.name}: ${path.replace('/api/monitoring/indicators/', '')} (${table.cells.length} cells) p50/p95 ${round(out[read.name].p50)}/${round(out[read.name].p95)} ms`);
  }
  note(`    statistics: ${Number(span.cells).toLocaleString('en')} day cells, ${monthly.toLocaleString('en')} monthly cells, ${span.first} to ${span.last}`);
  return out;
}

export async function measureReads(url: string, dbUrl: string, samples: number): Promise<Omit<ScalePoint, 'cases' | 'seedSeconds' | 'rssMb'>> {
  const knex = knexFactory({ client: 'pg', connection: dbUrl, pool: { min: 0, max: 1 } });
  const http = new HttpClient(url, 1);
  try {
    const filter = await listFilter(knex);
    const { role, organisation } = await busiestMember(knex);
    let ids: string[] = (await knex.raw('SELECT id FROM cases TABLESAMPLE SYSTEM (1) LIMIT 200')).rows.map((r: { id: string }) => r.id);
    // A small table has too few pages for a 1 % sample.
    if (ids.length < 50) ids = (await knex.raw('SELECT id FROM cases ORDER BY random() LIMIT 200')).rows.map((r: { id: string }) => r.id);
    const staff = await signIn(http, role);
    const coordinator = await signIn(http, 'admin');
    const inbox = await timed(http, '/api/tasks', staff, samples);
    const board = await timed(http, '/api/board', coordinator, samples);
    const list = await timed(http, `/api/cases?definition=${encodeURIComponent(filter.definition)}&state=${encodeURIComponent(filter.state)}`, coordinator, samples);
    const ownList = await timed(http, '/api/cases', staff, samples);
    const latencies: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      const id = ids[i % ids.length];
      const t0 = performance.now();
      const res = await http.request('GET', `/api/cases/${id}`, { headers: { cookie: coordinator } });
      if (res.status !== 200) throw new Error(`GET /api/cases/${id}: ${res.status} ${res.body.slice(0, 200)}`);
      if (i >= 5) latencies.push(performance.now() - t0);
    }
    const s = summarize(latencies, 1);
    const indicators = await measureIndicators(http, knex, coordinator, samples);
    const slowest = Object.values(indicators).reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const indicator = { p50: Math.max(...Object.values(indicators).map((f) => f.p50)), p95: slowest.p95 };
    note(`    inbox and own list of "${role}" at ${organisation} (one of 200 organisations), coordinator's list of ${filter.definition} in ${filter.state}`);
    return { inbox, board, list, ownList, caseView: { p50: s.p50, p95: s.p95 }, indicator, indicators };
  } finally {
    http.close();
    await knex.destroy();
  }
}

/**
 * Benchmarks 3 and 4: seeds the definitions' cases step by step (bulk SQL,
 * with the server up, as an office's data grows under a running server) and
 * measures the reads over HTTP at each size.
 */
export async function benchScale(o: ScaleOptions): Promise<ScalePoint[]> {
  const db = await createBenchDatabase('scale');
  const points: ScalePoint[] = [];
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 2 } });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const templates: CaseTemplate[] = await prepareDatabase({ databaseUrl: db.url }, o.definitionsDir, async ({ all }) => {
      const defs = (await all()).filter((d) => o.keys.includes(d.definition.key));
      const out = caseTemplates(defs, shippedCatalogues().values, { walks: 30, maxSteps: 10, seed: 7 });
      note(`  ${out.length} case templates from ${defs.map((d) => d.definition.key).join(', ')}`);
      return out;
    });
    server = await startServer({ databaseUrl: db.url, definitionsDir: o.definitionsDir, cpuProfileDir: o.cpuProfileDir });
    let have = 0;
    for (const size of o.sizes) {
      const t0 = performance.now();
      await seedCases(knex, { templates, count: size - have, activeShare: 0.2, districts: districts(), tag: `scale-${size}`, now: new Date(), label: `  seeding to ${size.toLocaleString('en')} cases` });
      await vacuumAnalyze(knex);
      const seedSeconds = (performance.now() - t0) / 1000;
      have = size;
      const figures = await measureReads(server.url, db.url, o.samples);
      const point: ScalePoint = { cases: size, seedSeconds, ...figures, rssMb: server.rssMb() };
      points.push(point);
      figure(
        `  ${size.toLocaleString('en')} cases (seeded in ${round(seedSeconds)} s): p50/p95 ms inbox ${round(point.inbox.p50)}/${round(point.inbox.p95)}, ` +
          `board ${round(point.board.p50)}/${round(point.board.p95)}, list ${round(point.list.p50)}/${round(point.list.p95)}, ` +
          `own list ${round(point.ownList.p50)}/${round(point.ownList.p95)}, ` +
          `case ${round(point.caseView.p50)}/${round(point.caseView.p95)}, indicator (slowest of ${INDICATOR_READS.length}) ${round(point.indicator.p50)}/${round(point.indicator.p95)}; server RSS ${round(point.rssMb)} MB`,
      );
    }
    return points;
  } finally {
    await server?.stop();
    await knex.destroy();
    await db.drop();
  }
}
