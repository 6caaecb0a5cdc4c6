import type { Knex } from 'knex';
import { seededRandom } from '../../tests/helpers/form-samples.js';
import { TEMPLATE_EPOCH, type CaseTemplate } from './templates.js';
import { Progress } from './progress.js';
import { caseGrants, grantKey } from '../../engine/access/index.js';
import { monthlyUpsert, taskRows } from '../../engine/store/case-store.js';
import { mergeCounts, statisticsOfStep, type CaseFacts, type StatisticsCount } from '../../engine/monitoring/index.js';
import { settleSteps } from '../../engine/service/statistics-rebuild.js';

/** Stands for the case's owner in grant keys of the staging tables; each copy gets its own organisation. */
const OWNER = '$owner';
/** How many organisations the seeded cases belong to (DESIGN.md access rules, issue 9: 200). */
export const BENCH_ORGANISATIONS = 200;
/** The key of the n-th seeded organisation. */
export const benchOrganisation = (n: number) => `bench-org-${String(n).padStart(3, '0')}`;

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const DAY = 86_400_000;

/** How to seed. */
export interface SeedOptions {
  templates: CaseTemplate[];
  /** Number of cases to add. */
  count: number;
  /** Share of open cases (the rest is closed); templates of that status are drawn. */
  activeShare: number;
  /** Distinct district values, spread over the cases (the `stadtteile` catalogue). */
  districts: string[];
  /** Makes case ids unique per call, so seeding can continue (growth runs). */
  tag: string;
  now: Date;
  /** Open cases started within this many days before now; closed ones within three years. */
  activeDays?: number;
  /** Shifted copies per template (time and district variants). */
  variantsPerTemplate?: number;
  chunk?: number;
  label?: string;
}

const last = <T>(a: T[]) => a[a.length - 1];

function setPath(obj: any, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!o || typeof o !== 'object') return;
    o = o[k];
  }
  if (o && typeof o === 'object' && path[path.length - 1] in o) o[path[path.length - 1]] = value;
}

/**
 * The statistics the engine would have written for one variant (#14): the
 * template's steps with the variant's times and district, counted as the
 * command path counts them, and the marks of the durations still running.
 */
function variantStatistics(t: CaseTemplate, shiftMs: number, district: string | null): { counts: StatisticsCount[]; marks: Array<{ indicator: string; at: string }> } {
  const def = t.compiled.definition;
  if (!def.statistics) return { counts: [], marks: [] };
  const at = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString();
  const facts = (c: CaseTemplate['steps'][number]['case']): CaseFacts => {
    const data = JSON.parse(JSON.stringify(c.data).replace(ISO, (m) => at(m)));
    if (district) for (const [form, ...path] of t.districtPaths) setPath(data[form], path, district);
    return { data, statePaths: c.statePaths, createdAt: at(c.createdAt) };
  };
  const steps = t.steps.map((s, i) => statisticsOfStep(def, i ? facts(t.steps[i - 1].case) : null, facts(s.case), at(s.event.at)));
  const settled = settleSteps(steps);
  return { counts: mergeCounts(settled.counts), marks: settled.marks };
}

/** Copies a template `shiftMs` later, with the district set where the forms have one. */
function variantRows(t: CaseTemplate, shiftMs: number, district: string | null) {
  const shift = (text: string) => text.replace(ISO, (m) => new Date(Date.parse(m) + shiftMs).toISOString());
  const c = last(t.steps).case;
  const data = JSON.parse(shift(JSON.stringify(c.data)));
  const events = t.steps.map((s) => ({ ...s.event, data: s.event.data === null ? null : JSON.parse(shift(JSON.stringify(s.event.data))) }));
  if (district) {
    for (const [form, ...path] of t.districtPaths) {
      setPath(data[form], path, district);
      for (const e of events) if (e.form === form) setPath(e.data, path, district);
    }
  }
  const tasks = last(t.steps).tasks;
  const grants = caseGrants(t.compiled.definition, { data, status: c.status, organisation: OWNER, statePaths: c.statePaths });
  const due = tasks.map((x) => x.dueAt).filter((d): d is string => d !== null).sort()[0] ?? null;
  const at = (iso: string) => new Date(Date.parse(iso) + shiftMs).toISOString();
  return {
    caseRow: {
      definition_key: c.definition.key,
      definition_version: c.definition.version,
      state: JSON.stringify(c.state),
      state_paths: c.statePaths,
      status: c.status,
      data: JSON.stringify(data),
      envelope: shift(JSON.stringify(c.envelope)),
      version: c.version,
      due_at: due ? at(due) : null,
      created_at: at(c.createdAt),
      updated_at: at(c.updatedAt),
      closed_at: c.status === 'closed' ? at(c.updatedAt) : null,
    },
    access: [...new Map(grants.map((g) => [grantKey(g.role, g.organisation), g.forms])).entries()].map(([grant_key, forms]) => ({ grant_key, forms })),
    tasks: taskRows(tasks, grants).map((r) => ({ ...r, title: JSON.stringify(r.title), due_at: r.due_at ? at(r.due_at) : null })),
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      form: e.form,
      data: JSON.stringify(e.data),
      actor_id: e.actorId,
      actor_name: e.actorName,
      at: at(e.at),
      from_state: e.fromState === null ? null : JSON.stringify(e.fromState),
      to_state: JSON.stringify(e.toState),
      context: JSON.stringify(e.context),
    })),
  };
}

async function insertBatches(knex: Knex, table: string, rows: object[], size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await knex(table).insert(rows.slice(i, i + size));
}

/**
 * Adds `count` cases with their events, task rows and timers by bulk SQL:
 * the templates are copied into staging tables as shifted variants (a few
 * thousand rows), then `generate_series` multiplies them inside the database.
 * The rows are those the engine itself writes (same columns, same JSON).
 */
export async function seedCases(knex: Knex, o: SeedOptions): Promise<void> {
  const rnd = seededRandom(o.tag.split('').reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0, 2166136261));
  const perTemplate = o.variantsPerTemplate ?? 40;
  const activeDays = o.activeDays ?? 60;
  const groups = { active: o.templates.filter((t) => last(t.steps).case.status === 'active'), closed: o.templates.filter((t) => last(t.steps).case.status === 'closed') };
  await knex.raw('DROP TABLE IF EXISTS bench_var, bench_var_events, bench_var_tasks, bench_var_timers, bench_var_access, bench_var_stats, bench_var_marks');
  const orgs = Array.from({ length: BENCH_ORGANISATIONS }, (_, n) => ({
    tenant_id: 'default', key: benchOrganisation(n), title: JSON.stringify({ de: `Einrichtung ${n}` }), kind: 'kita', created_at: o.now.toISOString(), updated_at: o.now.toISOString(),
  }));
  await knex('organisations').insert(orgs).onConflict(['tenant_id', 'key']).ignore();
  await knex.raw('CREATE UNLOGGED TABLE bench_var_access (vid int, grant_key text, forms text[])');
  await knex.raw(`CREATE UNLOGGED TABLE bench_var (vid int PRIMARY KEY, definition_key text, definition_version int, state jsonb, state_paths text[], status text,
    data jsonb, envelope jsonb, version int, due_at timestamptz, created_at timestamptz, updated_at timestamptz, closed_at timestamptz)`);
  await knex.raw(`CREATE UNLOGGED TABLE bench_var_events (vid int, seq int, type text, form text, data jsonb, actor_id text, actor_name text, at timestamptz,
    from_state jsonb, to_state jsonb, context jsonb)`);
  await knex.raw(`CREATE UNLOGGED TABLE bench_var_tasks (vid int, role text, grant_key text, grants text[], state_path text, kind text, title jsonb, roles text[], form text,
    due_at timestamptz, definition_key text, field_of_action text)`);
  await knex.raw('CREATE UNLOGGED TABLE bench_var_timers (vid int, timer_id text, event_type text, due_at timestamptz)');
  await knex.raw('CREATE UNLOGGED TABLE bench_var_stats (vid int, definition_key text, indicator text, day date, dims jsonb, n bigint, total numeric)');
  await knex.raw('CREATE UNLOGGED TABLE bench_var_marks (vid int, indicator text, at timestamptz)');

  // Variants: the active share of all variants comes from open templates, the rest from closed ones.
  const total = Math.max(1, perTemplate * o.templates.length);
  const plan: Array<{ t: CaseTemplate; n: number }> = [];
  for (const [status, list] of Object.entries(groups)) {
    const share = status === 'active' ? o.activeShare : 1 - o.activeShare;
    if (!list.length || share <= 0) continue;
    for (const t of list) plan.push({ t, n: Math.max(1, Math.round((total * share) / list.length)) });
  }
  const vars: object[] = [];
  const events: object[] = [];
  const tasks: object[] = [];
  const timers: object[] = [];
  const access: object[] = [];
  const stats: object[] = [];
  const marks: object[] = [];
  let vid = 0;
  for (const { t, n } of plan) {
    const c = last(t.steps).case;
    const span = Date.parse(c.updatedAt) - TEMPLATE_EPOCH;
    const window = c.status === 'active' ? activeDays * DAY : 3 * 365 * DAY;
    for (let k = 0; k < n; k++) {
      const endAt = o.now.getTime() - Math.floor(rnd() * window) - (c.status === 'active' ? 0 : 2 * DAY);
      const shiftMs = endAt - span - TEMPLATE_EPOCH;
      const district = o.districts.length ? o.districts[vid % o.districts.length] : null;
      const rows = variantRows(t, shiftMs, district);
      vid++;
      vars.push({ vid, ...rows.caseRow });
      const statistics = variantStatistics(t, shiftMs, district);
      for (const st of statistics.counts) stats.push({ vid, definition_key: c.definition.key, indicator: st.indicator, day: st.day, dims: JSON.stringify(st.dims), n: st.n, total: st.total });
      for (const m of statistics.marks) marks.push({ vid, ...m });
      for (const e of rows.events) events.push({ vid, ...e });
      for (const a of rows.access) access.push({ vid, ...a });
      for (const task of rows.tasks) tasks.push({ vid, ...task, definition_key: c.definition.key, field_of_action: t.compiled.definition.fieldOfAction ?? null });
      for (const timer of last(t.steps).timers) {
        timers.push({ vid, timer_id: timer.id, event_type: timer.eventType, due_at: new Date(Date.parse(timer.dueAt) + shiftMs).toISOString() });
      }
    }
  }
  await insertBatches(knex, 'bench_var', vars, 200);
  await insertBatches(knex, 'bench_var_events', events);
  await insertBatches(knex, 'bench_var_tasks', tasks);
  await insertBatches(knex, 'bench_var_timers', timers);
  await insertBatches(knex, 'bench_var_access', access);
  await insertBatches(knex, 'bench_var_stats', stats);
  await insertBatches(knex, 'bench_var_marks', marks);
  for (const table of ['bench_var_events', 'bench_var_tasks', 'bench_var_timers', 'bench_var_access', 'bench_var_stats', 'bench_var_marks']) await knex.raw(`CREATE INDEX ON ${table} (vid)`);
  await knex.raw('ANALYZE bench_var, bench_var_events, bench_var_tasks, bench_var_timers, bench_var_access, bench_var_stats, bench_var_marks');

  const nvar = vid;
  const chunk = o.chunk ?? 20_000;
  const progress = new Progress(o.label ?? 'seeding cases', o.count);
  // A case's variant: a multiplicative hash spreads templates and times over the ids.
  const pickVar = `(1 + ((g::bigint * 2654435761) % ${nvar}))::int`;
  const idOf = `md5('${o.tag.replace(/'/g, '')}:' || g)::uuid`;
  // Each copy belongs to one of the seeded organisations, in turn.
  const ownerOf = `'bench-org-' || lpad((g % ${BENCH_ORGANISATIONS})::text, 3, '0')`;
  const owned = (column: string) => `replace(${column}, '${OWNER}', ${ownerOf})`;
  for (let from = 0; from < o.count; from += chunk) {
    const to = Math.min(o.count, from + chunk) - 1;
    await knex.transaction(async (trx) => {
      await trx.raw(`INSERT INTO cases (id, tenant_id, organisation, definition_key, definition_version, state, state_paths, status, data, envelope, version, due_at, created_at, updated_at, closed_at)
        SELECT ${idOf}, 'default', ${ownerOf}, v.definition_key, v.definition_version, v.state, v.state_paths, v.status, v.data, v.envelope, v.version, v.due_at, v.created_at, v.updated_at, v.closed_at
        FROM generate_series(?::int, ?::int) g JOIN bench_var v ON v.vid = ${pickVar} ORDER BY g`, [from, to]);
      await trx.raw(`INSERT INTO events (tenant_id, case_id, seq, type, form, data, actor_id, actor_name, at, from_state, to_state, context)
        SELECT 'default', ${idOf}, e.seq, e.type, e.form, e.data, e.actor_id, e.actor_name, e.at, e.from_state, e.to_state, e.context
        FROM generate_series(?::int, ?::int) g JOIN bench_var_events e ON e.vid = ${pickVar}`, [from, to]);
      await trx.raw(`INSERT INTO case_access (tenant_id, case_id, grant_key, forms)
        SELECT 'default', ${idOf}, ${owned('a.grant_key')}, a.forms
        FROM generate_series(?::int, ?::int) g JOIN bench_var_access a ON a.vid = ${pickVar}`, [from, to]);
      await trx.raw(`INSERT INTO tasks (tenant_id, case_id, role, grant_key, grants, state_path, kind, title, roles, form, due_at, definition_key, field_of_action)
        SELECT 'default', ${idOf}, t.role, ${owned('t.grant_key')}, ARRAY(SELECT ${owned('x')} FROM unnest(t.grants) WITH ORDINALITY AS u(x, i) ORDER BY i),
          t.state_path, t.kind, t.title, t.roles, t.form, t.due_at, t.definition_key, t.field_of_action
        FROM generate_series(?::int, ?::int) g JOIN bench_var_tasks t ON t.vid = ${pickVar}`, [from, to]);
      await trx.raw(`INSERT INTO timers (tenant_id, case_id, timer_id, event_type, due_at)
        SELECT 'default', ${idOf}, t.timer_id, t.event_type, t.due_at
        FROM generate_series(?::int, ?::int) g JOIN bench_var_timers t ON t.vid = ${pickVar}`, [from, to]);
      // The anonymous statistics of these cases, added to the day cells as the command path adds them (#14).
      await trx.raw(`INSERT INTO statistics_counts (tenant_id, definition_key, indicator, day, dims, n, total)
        SELECT 'default', s.definition_key, s.indicator, s.day, s.dims, sum(s.n), sum(s.total)
        FROM generate_series(?::int, ?::int) g JOIN bench_var_stats s ON s.vid = ${pickVar} GROUP BY 2, 3, 4, 5
        ON CONFLICT (tenant_id, indicator, day, dims) DO UPDATE SET n = statistics_counts.n + excluded.n, total = statistics_counts.total + excluded.total`, [from, to]);
      await trx.raw(monthlyUpsert(`SELECT 'default'::text AS tenant_id, s.indicator, s.day, s.dims, s.n, s.total
        FROM generate_series(?::int, ?::int) g JOIN bench_var_stats s ON s.vid = ${pickVar}`), [from, to]);
      // The running durations' starts under each case's pseudonym (the column's default gave each case one).
      await trx.raw(`INSERT INTO statistics_marks (tenant_id, subject, indicator, at)
        SELECT 'default', c.stat_subject, m.indicator, m.at
        FROM generate_series(?::int, ?::int) g JOIN bench_var_marks m ON m.vid = ${pickVar} JOIN cases c ON c.id = ${idOf}`, [from, to]);
    });
    progress.update(to + 1);
  }
  progress.done();
  await knex.raw('DROP TABLE IF EXISTS bench_var, bench_var_events, bench_var_tasks, bench_var_timers, bench_var_access, bench_var_stats, bench_var_marks');
}

/** Marks pages all-visible and refreshes statistics, as autovacuum would after a bulk load. */
export async function vacuumAnalyze(knex: Knex): Promise<void> {
  for (const table of ['cases', 'events', 'tasks', 'timers', 'case_access', 'statistics_counts', 'statistics_monthly']) await knex.raw(`VACUUM ANALYZE ${table}`);
}
