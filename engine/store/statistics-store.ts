import type { Knex } from 'knex';
import { monthlyUpsert } from './case-store.js';
import { periodSql, type PeriodKind, type StatisticsCount } from '../monitoring/index.js';

/** One aggregated cell as read: period label, group (null: not recorded / no grouping), cases, sum; `days` for durations. */
export interface AggregateRow {
  period: string;
  grp: string | null;
  n: number;
  total: number;
  days: number | null;
}

/** A population reference row. */
export interface PopulationRow {
  stadtteil: string;
  altersgruppe: string;
  jahr: number;
  einwohner: number;
}

const DIMENSION = /^[a-z][a-z0-9_]*$/;

/** Whether a range covers whole months (or is open), so the monthly cells answer it. */
function monthAligned(from?: string, to?: string): boolean {
  const lastOfMonth = (d: string) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).toISOString().slice(0, 10) === d;
  return (!from || from.endsWith('-01')) && (!to || lastOfMonth(to));
}

/** The filter of monthly cells of one dimension (`''` for the whole) within a month range. */
function monthlyWhere(tenantId: string, indicator: string, q: { by?: string; from?: string; to?: string }): { where: string[]; bindings: string[] } {
  const where = ['tenant_id = ?', 'indicator = ?', 'dim = ?'];
  const bindings: string[] = [tenantId, indicator, q.by ?? ''];
  if (q.from) {
    where.push('month >= ?::date');
    bindings.push(q.from);
  }
  if (q.to) {
    where.push('month <= ?::date');
    bindings.push(q.to);
  }
  return { where, bindings };
}

/** Reads and writes the anonymous statistics tables (#14); no case table is touched here. */
export class KnexStatisticsStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /**
   * Sums an indicator's day cells per period and group (`by` a dimension key,
   * or none), between two days. Served by the primary key
   * (tenant_id, indicator, day, dims).
   */
  async aggregate(tenantId: string, indicator: string, q: { period: PeriodKind; by?: string; from?: string; to?: string; withDays?: boolean }): Promise<AggregateRow[]> {
    if (q.by !== undefined && !DIMENSION.test(q.by)) throw new Error('invalid dimension');
    if (monthAligned(q.from, q.to)) return q.withDays ? this.aggregateMonthlyDays(tenantId, indicator, q) : this.aggregateMonthly(tenantId, indicator, q);
    const group = q.by ? `dims->>'${q.by}'` : 'NULL::text';
    const days = q.withDays ? `(dims->>'_days')::int` : 'NULL::int';
    const where = ['tenant_id = ?', 'indicator = ?'];
    const bindings: string[] = [tenantId, indicator];
    if (q.from) {
      where.push('day >= ?::date');
      bindings.push(q.from);
    }
    if (q.to) {
      where.push('day <= ?::date');
      bindings.push(q.to);
    }
    const { rows } = await this.db.raw(
      `SELECT ${periodSql(q.period)} AS period, ${group} AS grp, ${days} AS days, sum(n)::bigint AS n, sum(total) AS total
       FROM statistics_counts WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(total) <> 0 ORDER BY 1, 2`,
      bindings,
    );
    return rows.map((r: any) => ({ period: r.period, grp: r.grp, n: Number(r.n), total: Number(r.total), days: r.days === null ? null : Number(r.days) }));
  }

  /** The same from the monthly cells of one dimension: a few hundred rows per indicator, however many cases. */
  private async aggregateMonthly(tenantId: string, indicator: string, q: { period: PeriodKind; by?: string; from?: string; to?: string }): Promise<AggregateRow[]> {
    const { where, bindings } = monthlyWhere(tenantId, indicator, q);
    const { rows } = await this.db.raw(
      `SELECT ${periodSql(q.period, 'month')} AS period, NULLIF(value, '') AS grp, sum(n)::bigint AS n, sum(total) AS total
       FROM statistics_monthly WHERE ${where.join(' AND ')} GROUP BY 1, 2 HAVING sum(n) <> 0 OR sum(total) <> 0 ORDER BY 1, 2`,
      bindings,
    );
    return rows.map((r: any) => ({ period: r.period, grp: r.grp, n: Number(r.n), total: Number(r.total), days: null }));
  }

  /** A duration's days from its monthly cells of one dimension (kept from the day cells by a trigger): months × values × distinct days. */
  private async aggregateMonthlyDays(tenantId: string, indicator: string, q: { period: PeriodKind; by?: string; from?: string; to?: string }): Promise<AggregateRow[]> {
    const { where, bindings } = monthlyWhere(tenantId, indicator, q);
    const { rows } = await this.db.raw(
      `SELECT ${periodSql(q.period, 'month')} AS period, NULLIF(value, '') AS grp, days, sum(n)::bigint AS n
       FROM statistics_monthly_days WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2`,
      bindings,
    );
    return rows.map((r: any) => ({ period: r.period, grp: r.grp, n: Number(r.n), total: 0, days: Number(r.days) }));
  }

  /** Empties a tenant's statistics before a rebuild. */
  async clear(tenantId: string): Promise<void> {
    await this.db('statistics_counts').where({ tenant_id: tenantId }).delete();
    await this.db('statistics_monthly').where({ tenant_id: tenantId }).delete();
    await this.db('statistics_monthly_days').where({ tenant_id: tenantId }).delete();
    await this.db('statistics_marks').where({ tenant_id: tenantId }).delete();
  }

  /** Adds counts (already merged per cell), in chunks. */
  async addCounts(tenantId: string, definitionKey: string, counts: StatisticsCount[]): Promise<void> {
    for (let i = 0; i < counts.length; i += 1000) {
      const rows = counts.slice(i, i + 1000).map((c) => ({ indicator: c.indicator, day: c.day, dims: c.dims, n: c.n, total: c.total }));
      await this.db.raw(
        `INSERT INTO statistics_counts (tenant_id, definition_key, indicator, day, dims, n, total)
         SELECT ?, ?, r.indicator, r.day, r.dims, r.n, r.total FROM jsonb_to_recordset(?::jsonb) AS r(indicator text, day date, dims jsonb, n bigint, total numeric)
         ON CONFLICT (tenant_id, indicator, day, dims) DO UPDATE SET n = statistics_counts.n + excluded.n, total = statistics_counts.total + excluded.total`,
        [tenantId, definitionKey, JSON.stringify(rows)],
      );
      await this.db.raw(
        monthlyUpsert(`SELECT ?::text AS tenant_id, r.* FROM jsonb_to_recordset(?::jsonb) AS r(indicator text, day date, dims jsonb, n bigint, total numeric)`),
        [tenantId, JSON.stringify(rows)],
      );
    }
  }

  /** Writes the open duration marks of a case under its pseudonym. */
  async addMarks(tenantId: string, subject: string, marks: Array<{ indicator: string; at: string }>): Promise<void> {
    if (!marks.length) return;
    await this.db('statistics_marks').insert(marks.map((m) => ({ tenant_id: tenantId, subject, indicator: m.indicator, at: m.at }))).onConflict(['subject', 'indicator']).ignore();
  }

  /** Replaces the population reference of the years given. */
  async replacePopulation(tenantId: string, rows: PopulationRow[]): Promise<void> {
    const years = [...new Set(rows.map((r) => r.jahr))];
    await this.db('statistics_population').where({ tenant_id: tenantId }).whereIn('jahr', years).delete();
    for (let i = 0; i < rows.length; i += 1000) await this.db('statistics_population').insert(rows.slice(i, i + 1000).map((r) => ({ tenant_id: tenantId, ...r })));
  }

  async population(tenantId: string): Promise<PopulationRow[]> {
    return (await this.db('statistics_population').where({ tenant_id: tenantId }).orderBy(['jahr', 'stadtteil', 'altersgruppe'])).map((r: any) => ({
      stadtteil: r.stadtteil, altersgruppe: r.altersgruppe, jahr: Number(r.jahr), einwohner: Number(r.einwohner),
    }));
  }

  async bands(tenantId: string): Promise<Map<string, { min: number | null; max: number | null }>> {
    const rows = await this.db('statistics_bands').where({ tenant_id: tenantId });
    return new Map(rows.map((r: any) => [r.indicator, { min: r.min, max: r.max }]));
  }

  async setBand(tenantId: string, indicator: string, band: { min: number | null; max: number | null }, now: string): Promise<void> {
    await this.db('statistics_bands').insert({ tenant_id: tenantId, indicator, min: band.min, max: band.max, updated_at: now }).onConflict(['tenant_id', 'indicator']).merge();
  }

  /** Records a warning once per (indicator, group, period); true when it is new. */
  async claimWarning(tenantId: string, w: { indicator: string; grp: string; period: string; value: number | null }, now: string): Promise<boolean> {
    const { rows } = await this.db.raw(
      `INSERT INTO statistics_warnings (tenant_id, indicator, grp, period, value, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, w.indicator, w.grp, w.period, w.value, now],
    );
    return rows.length > 0;
  }

  async linkWarning(tenantId: string, w: { indicator: string; grp: string; period: string }, caseId: string): Promise<void> {
    await this.db('statistics_warnings').where({ tenant_id: tenantId, indicator: w.indicator, grp: w.grp, period: w.period }).update({ case_id: caseId });
  }
}
