/**
 * `npm run bench [-- --quick] [--only=transitions,peer,scale] [--profile] [--sizes=100000,1000000] [--seconds=10]
 *   [--connections=1,16,64] [--databases=postgres,pglite] [--warmup=8]`
 *
 * Prints figures, never passes or fails. Progress goes to stderr; results to
 * stdout, the last line being one JSON object with every figure. PostgreSQL:
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test);
 * every benchmark creates and drops a database of its own there.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchPeer, type PeerFigures } from './peer.js';
import { figure, note } from './lib/progress.js';
import { BENCH_DATA, benchDefinitionsDir } from './lib/setup.js';
import { round } from './lib/stats.js';
import { benchScale, type ScalePoint } from './scale.js';
import { benchTransitions, type TransitionLevel } from './transitions.js';
import { definitionFiles } from '../engine/seed.js';
import { shippedOrFixtureDefinitions } from '../tests/helpers/definitions.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    databases: { type: 'string' },
    warmup: { type: 'string' },
  },
});
const quick = args.quick ?? false;
const only = new Set((args.only ?? 'transitions,peer,scale').split(','));
const seconds = Number(args.seconds ?? (quick ? 1.2 : 10));
const warmup = quick ? 0.3 : 2;
// A freshly started server needs about eight seconds under load to reach its steady rate (V8 optimising the
// command path; the per-second figures each level prints show the climb), and a city's server runs for weeks:
// the transitions are measured warm, the engine and the raw SQL alike.
const transitionWarmup = Number(args.warmup ?? (quick ? 0.3 : 8));
const sizes = (args.sizes ?? (quick ? '2000,20000' : '100000,1000000')).split(',').map(Number);
const levels = args.connections ? args.connections.split(',').map(Number) : null;
const databases = new Set((args.databases ?? 'postgres,pglite').split(','));
const profileDir = args.profile ? path.join(BENCH_DATA, 'profiles') : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });

const started = Date.now();
const definitionsDir = benchDefinitionsDir('minimal');
figure(`Agora benchmarks${quick ? ' (quick)' : ''}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

let pgLevels: TransitionLevel[] = [];
let liteLevels: TransitionLevel[] = [];
let peer: PeerFigures | null = null;
let points: ScalePoint[] = [];

if (only.has('transitions')) {
  figure('1. Transitions over HTTP (kita-mini: note, submit, submit) vs the same SQL through the driver');
  // Enough seeded cases for the run at the fastest plausible rate; three events each.
  const cases = Math.ceil(((seconds + transitionWarmup) * 3 * 2500) / 3);
  if (databases.has('postgres')) pgLevels = await benchTransitions('postgres', { levels: levels ?? [1, 16, 64], seconds, warmup: transitionWarmup, cases, definitionsDir, cpuProfileDir: profileDir });
  if (databases.has('pglite')) {
    liteLevels = await benchTransitions('pglite', { levels: levels ?? (quick ? [16] : [1, 16, 64]), seconds, warmup: transitionWarmup, cases: Math.ceil(cases / 3), definitionsDir, cpuProfileDir: profileDir });
  }
}
if (only.has('peer')) {
  figure('2. One small process (start, task with form, submit, end), in-process, 16 at a time: Agora vs bpmn-engine, both persisting to PostgreSQL');
  peer = await benchPeer({ connections: 16, seconds, warmup, definitionsDir });
}
if (only.has('scale')) {
  const shipped = new Set(shippedOrFixtureDefinitions().map((d) => d.doc.key as string));
  const fullDir = benchDefinitionsDir('full');
  const keys = definitionFiles(fullDir).map((f) => path.basename(f, '.json')).filter((k) => shipped.has(k));
  figure(`3./4. Reads at ${sizes.map((s) => s.toLocaleString('en')).join(' and ')} cases of ${keys.length} definitions in 20 districts`);
  points = await benchScale({ sizes, samples: quick ? 20 : 100, definitionsDir: fullDir, keys, cpuProfileDir: profileDir });
}

const at16 = pgLevels.find((l) => l.connections === 16);
const lite16 = liteLevels.find((l) => l.connections === 16);
const last = points[points.length - 1];
const first = points[0];
const growth = (f: (p: ScalePoint) => number) => (first && last && first !== last ? round(f(last) / f(first)) : null);
if (first && last && first !== last) {
  figure(
    `4. p95 growth from ${first.cases.toLocaleString('en')} to ${last.cases.toLocaleString('en')} cases: inbox ×${growth((p) => p.inbox.p95)}, board ×${growth((p) => p.board.p95)}, ` +
      `list ×${growth((p) => p.list.p95)}, case ×${growth((p) => p.caseView.p95)}, indicator ×${growth((p) => p.indicator.p95)}`,
  );
}
note(`(${round((Date.now() - started) / 1000)} s${profileDir ? `; CPU profiles of the servers in ${profileDir}` : ''})`);
const r = (n: number | undefined) => (n === undefined ? null : round(n));
figure(
  JSON.stringify({
    transitions_per_s: r(at16?.engine.perSecond),
    raw_per_s: r(at16?.raw.perSecond),
    raw_p99_ms: r(at16?.raw.p99),
    ratio: r(at16?.ratio),
    p99_ms: r(at16?.engine.p99),
    peer_cases_per_s: r(peer?.peer.perSecond),
    agora_cases_per_s: r(peer?.agora.perSecond),
    inbox_p95_ms: r(last?.inbox.p95),
    board_p95_ms: r(last?.board.p95),
    list_p95_ms: r(last?.list.p95),
    rss_mb: r(last?.rssMb),
    case_p95_ms: r(last?.caseView.p95),
    own_list_p95_ms: r(last?.ownList.p95),
    indicator_p95_ms: r(last?.indicator.p95),
    indicator_p50_ms: r(last?.indicator.p50),
    indicators: last ? Object.fromEntries(Object.entries(last.indicators).map(([name, f]) => [name, { p50_ms: r(f.p50), p95_ms: r(f.p95) }])) : null,
    scale: Object.fromEntries(points.map((p) => [p.cases, { seed_s: r(p.seedSeconds), inbox_p95_ms: r(p.inbox.p95), board_p95_ms: r(p.board.p95), list_p95_ms: r(p.list.p95), case_p95_ms: r(p.caseView.p95), indicator_p50_ms: r(p.indicator.p50), indicator_p95_ms: r(p.indicator.p95) }])),
    cases: last?.cases ?? null,
    peer_ratio: r(peer?.ratio),
    transitions: Object.fromEntries(pgLevels.map((l) => [l.connections, { engine_per_s: r(l.engine.perSecond), p50_ms: r(l.engine.p50), p99_ms: r(l.engine.p99), raw_per_s: r(l.raw.perSecond), raw_p99_ms: r(l.raw.p99), ratio: r(l.ratio) }])),
    pglite: Object.fromEntries(liteLevels.map((l) => [l.connections, { engine_per_s: r(l.engine.perSecond), p50_ms: r(l.engine.p50), p99_ms: r(l.engine.p99), raw_per_s: r(l.raw.perSecond), raw_p99_ms: r(l.raw.p99), ratio: r(l.ratio) }])),
    pglite_ratio: r(lite16?.ratio),
    growth_p95: first && last && first !== last ? { from: first.cases, to: last.cases, inbox: growth((p) => p.inbox.p95), board: growth((p) => p.board.p95), list: growth((p) => p.list.p95), case: growth((p) => p.caseView.p95), indicator: growth((p) => p.indicator.p95) } : null,
  }),
);
// Pools of finished benchmarks may keep timers alive for a while; the figures are out.
process.exit(0);
