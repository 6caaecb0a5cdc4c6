/**
 * `npx tsx bench/statistics-check.ts [--cases=5000]`
 *
 * Checks that the scale benchmark's bulk seeding writes the statistics the
 * engine would have written (#14): seeds cases as `bench/scale.ts` does,
 * keeps the seeded statistics cells and marks, runs `agora statistics
 * rebuild` (which counts every case again from its event log) and compares.
 * Prints both timings, so the choice between seeding the cells by SQL and
 * running the rebuild after seeding can be made on figures. Exits 1 on a
 * difference.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAgora } from '../engine/boot.js';
import { rebuildStatistics } from '../engine/service/index.js';
import { definitionFiles } from '../engine/seed.js';
import { shippedCatalogues, shippedOrFixtureDefinitions } from '../tests/helpers/definitions.js';
import { createBenchDatabase } from './lib/databases.js';
import { figure, note } from './lib/progress.js';
import { seedCases } from './lib/seed.js';
import { benchDefinitionsDir, districts, PASSWORD } from './lib/setup.js';
import { round } from './lib/stats.js';
import { caseTemplates } from './lib/templates.js';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '5000' } } });
const count = Number(args.cases);

/** Every statistics row of the tenant as text, in a fixed order (marks by their case, not their pseudonym). */
async function snapshot(knex: import('knex').Knex): Promise<Record<string, string[]>> {
  const rows = async (sql: string) => (await knex.raw(sql)).rows.map((r: Record<string, unknown>) => JSON.stringify(r));
  return {
    counts: await rows(`SELECT definition_key, indicator, day::text, dims, n::text, total::text FROM statistics_counts WHERE n <> 0 OR total <> 0 ORDER BY 2, 3, 4::text`),
    monthly: await rows(`SELECT indicator, dim, month::text, value, n::text, total::text FROM statistics_monthly WHERE n <> 0 OR total <> 0 ORDER BY 1, 2, 3, 4`),
    marks: await rows(`SELECT c.id, m.indicator, m.at FROM statistics_marks m JOIN cases c ON c.stat_subject = m.subject ORDER BY 1, 2`),
  };
}

const db = await createBenchDatabase('statcheck');
const definitionsDir = benchDefinitionsDir('full');
const shipped = new Set(shippedOrFixtureDefinitions().map((d) => d.doc.key as string));
const keys = definitionFiles(definitionsDir).map((f) => path.basename(f, '.json')).filter((k) => shipped.has(k));
const agora = await startAgora({ databaseUrl: db.url, definitionsDir, seedDemo: true, demoPassword: PASSWORD, scheduler: false });
let differences = 0;
try {
  const { services } = agora;
  const latest = new Map((await services.definitions.list('default', 'published')).filter((r) => keys.includes(r.key)).map((r) => [r.key, r]));
  const defs = await Promise.all([...latest.values()].map((r) => services.registry.compiled(services.knex, 'default', r.key, r.version)));
  const templates = caseTemplates(defs, shippedCatalogues().values, { walks: 30, maxSteps: 10, seed: 7 });
  const t0 = performance.now();
  await seedCases(services.knex, { templates, count, activeShare: 0.2, districts: districts(), tag: 'statcheck', now: new Date(), label: `  seeding ${count.toLocaleString('en')} cases` });
  const seeded = await snapshot(services.knex);
  const seedSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await rebuildStatistics(services.knex, services.registry, 'default');
  const rebuildSeconds = (performance.now() - t1) / 1000;
  const rebuilt = await snapshot(services.knex);
  for (const table of Object.keys(seeded)) {
    const a = new Set(seeded[table]);
    const b = new Set(rebuilt[table]);
    const onlySeeded = seeded[table].filter((r) => !b.has(r));
    const onlyRebuilt = rebuilt[table].filter((r) => !a.has(r));
    differences += onlySeeded.length + onlyRebuilt.length;
    figure(`  ${table}: ${seeded[table].length.toLocaleString('en')} rows seeded, ${rebuilt[table].length.toLocaleString('en')} rebuilt, ${onlySeeded.length + onlyRebuilt.length} differ`);
    for (const r of onlySeeded.slice(0, 3)) note(`    only seeded:  ${r}`);
    for (const r of onlyRebuilt.slice(0, 3)) note(`    only rebuilt: ${r}`);
  }
  figure(`  ${count.toLocaleString('en')} cases: seeding with statistics ${round(seedSeconds)} s; rebuild ${round(rebuildSeconds)} s (${round(count / rebuildSeconds)} cases/s)`);
} finally {
  await agora.close();
  await db.drop();
}
process.exit(differences ? 1 : 0);
