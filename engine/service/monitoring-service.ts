import type { Knex } from 'knex';
import { parse } from 'csv-parse/sync';
import type { Definition, IndicatorSpec, LocalizedText } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import {
  DEFAULT_MIN_DENOMINATOR, DEFAULT_THRESHOLD, berlinDay, distinctSeries, isSmall, nextPeriod, periodOf, periodRange, previousPeriod, shareVisible, suppress, suppressLinked, yearOfPeriod,
  type LinkedSuppression, type PeriodKind,
} from '../monitoring/index.js';
import { fieldSchemaAt } from '../definition/lint-statistics.js';
import { KnexDefinitionStore, KnexStatisticsStore, type AggregateRow, type PopulationRow } from '../store/index.js';
import type { CatalogueService } from './catalogue-service.js';
import type { DefinitionRegistry } from './definition-registry.js';

/** An indicator as listed. */
export interface IndicatorInfo {
  key: string;
  definition: string;
  fieldOfAction: string | null;
  title: LocalizedText;
  description: LocalizedText | null;
  type: IndicatorSpec['type'];
  period: PeriodKind;
  dimensions: Array<{ key: string; title: LocalizedText }>;
  band: { min: number | null; max: number | null } | null;
}

/** How an indicator is read. */
export interface IndicatorQuery {
  by?: string;
  period?: PeriodKind;
  from?: string;
  to?: string;
  per?: number;
}

/** One published cell. */
export interface IndicatorCell {
  period: string;
  group: string | null;
  value: number | null;
  suppressed: boolean;
  /** Durations: the 90th percentile of days beside the median in `value`. */
  p90?: number | null;
}

/** An indicator's table, ready to publish. */
export interface IndicatorTable {
  key: string;
  title: LocalizedText;
  type: IndicatorSpec['type'];
  period: PeriodKind;
  by: string | null;
  per: number | null;
  groups: Array<{ key: string | null; label: LocalizedText }>;
  cells: IndicatorCell[];
  totals: Array<{ period: string; value: number | null; suppressed: boolean; p90?: number | null }>;
}

/** Disclosure settings: `AGORA_STATISTICS_THRESHOLD` (default 3), `AGORA_STATISTICS_MIN_DENOMINATOR` (default 10). */
export interface DisclosureSettings {
  threshold: number;
  minDenominator: number;
}

export function disclosureFromEnv(env: NodeJS.ProcessEnv = process.env): DisclosureSettings {
  const n = (v: string | undefined, d: number) => (v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return { threshold: n(env.AGORA_STATISTICS_THRESHOLD, DEFAULT_THRESHOLD), minDenominator: n(env.AGORA_STATISTICS_MIN_DENOMINATOR, DEFAULT_MIN_DENOMINATOR) };
}

const NOT_RECORDED: LocalizedText = { de: 'ohne Angabe', en: 'not recorded' };
const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The q-quantile (0..1) of a histogram of whole days, nearest rank. */
export function quantileOfHistogram(histogram: Map<number, number>, q: number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const days of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(days)!;
    if (seen >= rank) return days;
  }
  return null;
}

/**
 * The monitoring's use cases (#14): the indicators the published processes
 * declare, their tables with disclosure control, the population reference,
 * bands and the early warning. Reads only the anonymous statistics, never a
 * case.
 */
export class MonitoringService {
  constructor(
    private readonly knex: Knex,
    private readonly catalogues: CatalogueService,
    private readonly registry: DefinitionRegistry,
    private readonly now: () => Date,
    readonly disclosure: DisclosureSettings = disclosureFromEnv(),
  ) {}

  /** The latest published version of every definition that declares statistics. */
  private async definitions(tenantId: string): Promise<Definition[]> {
    const out: Definition[] = [];
    for (const r of await new KnexDefinitionStore(this.knex).latestPublished(tenantId)) {
      const def = (await this.registry.compiled(this.knex, tenantId, r.key, r.version)).definition;
      if (def.statistics) out.push(def);
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async indicators(tenantId: string): Promise<IndicatorInfo[]> {
    const bands = await new KnexStatisticsStore(this.knex).bands(tenantId);
    return (await this.definitions(tenantId)).flatMap((def) =>
      Object.entries(def.statistics!.indicators).map(([k, ind]) => this.info(def, k, ind, bands.get(`${def.key}.${k}`))),
    );
  }

  private info(def: Definition, k: string, ind: IndicatorSpec, band?: { min: number | null; max: number | null }): IndicatorInfo {
    const own = ind.band ? { min: ind.band.min ?? null, max: ind.band.max ?? null } : null;
    return {
      key: `${def.key}.${k}`,
      definition: def.key,
      fieldOfAction: def.fieldOfAction ?? null,
      title: ind.title,
      description: ind.description ?? null,
      type: ind.type,
      period: ind.period ?? 'year',
      dimensions: Object.entries(def.statistics?.dimensions ?? {}).map(([key, d]) => ({ key, title: d.title })),
      band: band ?? own,
    };
  }

  private async find(tenantId: string, key: string): Promise<Part> {
    const part = partOf(await this.definitions(tenantId), key);
    if (!part) throw new AgoraError('INDICATOR_NOT_FOUND', { key });
    return part;
  }

  /**
   * A count indicator's value per period and group (in `n`; a sum's in
   * `total`). A `distinct` indicator is read from its series of that kind of
   * period; `open` is cumulative: the cases started up to a period's end less
   * those closed before its start, for every period from its first count on.
   */
  private async series(tenantId: string, part: Part, q: { period: PeriodKind; by: string | null; from?: string; to?: string }): Promise<AggregateRow[]> {
    const store = new KnexStatisticsStore(this.knex);
    const key = `${part.def.key}.${part.name}`;
    const by = q.by ?? undefined;
    if (part.ind.type === 'distinct') return store.aggregate(tenantId, distinctSeries(key, q.period), { period: q.period, by, from: q.from, to: q.to });
    if (part.ind.type !== 'open') return store.aggregate(tenantId, key, { period: q.period, by, from: q.from, to: q.to });
    const rows = await store.aggregate(tenantId, key, { period: q.period, by, to: q.to });
    if (!rows.length) return [];
    const last = periodOf(q.to ?? berlinDay(this.now()), q.period);
    const firstShown = q.from ? periodOf(q.from, q.period) : '';
    const at = new Map(rows.map((r) => [`${r.period}\u0000${r.grp ?? '\u0001'}`, r]));
    const out: AggregateRow[] = [];
    for (const grp of [...new Set(rows.map((r) => r.grp))]) {
      let started = 0;
      let closedBefore = 0;
      for (let p = rows[0].period; p <= last; p = nextPeriod(p, q.period)) {
        const r = at.get(`${p}\u0000${grp ?? '\u0001'}`);
        started += r?.n ?? 0;
        const open = started - closedBefore;
        closedBefore += r?.total ?? 0;
        if (open !== 0 && p >= firstShown) out.push({ period: p, grp, n: open, total: 0, days: null });
      }
    }
    return out;
  }

  /** An indicator per period (and group), small cells suppressed. */
  async table(tenantId: string, key: string, q: IndicatorQuery, options: { raw?: boolean } = {}): Promise<IndicatorTable> {
    const definitions = await this.definitions(tenantId);
    const found = partOf(definitions, key);
    if (!found) throw new AgoraError('INDICATOR_NOT_FOUND', { key });
    const { def, ind } = found;
    const period = q.period ?? ind.period ?? 'year';
    const by = q.by ?? null;
    if (by !== null && !def.statistics?.dimensions?.[by]) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: `"${by}" is not a dimension of ${def.key} (${Object.keys(def.statistics?.dimensions ?? {}).join(', ') || 'none'})` });
    if (q.from && q.to && q.from > q.to) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: '"from" is after "to"' });
    if (q.per !== undefined && !['started', 'reached', 'ended', 'sum', 'distinct', 'open'].includes(ind.type)) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: 'rates per residents are read of counts and sums' });
    if (q.per !== undefined && by !== null && by !== 'stadtteil') throw new AgoraError('MONITORING_QUERY_INVALID', { reason: 'the population reference is per stadtteil: use by=stadtteil or no grouping' });
    // A range covers whole periods: a part of a period would be one more sum of the monthly cells, beside those the pattern protects.
    const from = q.from ? periodRange(periodOf(q.from, period), period).from : undefined;
    const to = q.to ? periodRange(periodOf(q.to, period), period).to : undefined;
    const store = new KnexStatisticsStore(this.knex);
    const read = (indicator: string, withDays = false) => store.aggregate(tenantId, `${def.key}.${indicator}`, { period, by: by ?? undefined, from, to, withDays });
    const series = (part: Part) => this.series(tenantId, part, { period, by, from, to });
    const { threshold, minDenominator } = options.raw ? { threshold: 0, minDenominator: 0 } : this.disclosure;
    let table: Omit<IndicatorTable, 'groups'> & { groupKeys: Array<string | null> };
    const base = { key: `${def.key}.${key.slice(key.lastIndexOf('.') + 1)}`, title: ind.title, type: ind.type, period, by, per: q.per ?? null };
    if (ind.type === 'share') {
      const parts = [ind.numerator!, ind.denominator!].map((ref) => {
        const part = partOf(definitions, ref.includes('.') ? ref : `${def.key}.${ref}`);
        if (!part) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: `indicator "${ref}" of this share is not published` });
        if (by !== null && !part.def.statistics?.dimensions?.[by]) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: `"${by}" is not a dimension of ${part.def.key}, which this share also reads` });
        return part;
      });
      // A sum (seats) enters a share with its total, every other part with its count.
      const valued = async (part: Part) => (await series(part)).map((r) => (part.ind.type === 'sum' ? { ...r, n: r.total } : r));
      const [num, den] = await Promise.all(parts.map(valued));
      const grid = gridOf([...num, ...den]);
      const N = indexRows(num), D = indexRows(den);
      const cell = (n: number, d: number) => (shareVisible(n, d, threshold, minDenominator) && d > 0 ? { value: round(n / d), suppressed: false } : { value: null, suppressed: true });
      table = {
        ...base, groupKeys: grid.groups,
        cells: grid.periods.flatMap((p) => grid.groups.map((g) => ({ period: p, group: g, ...cell(N.get(p, g).n, D.get(p, g).n) }))),
        totals: grid.periods.map((p) => ({ period: p, ...cell(N.total(p).n, D.total(p).n) })),
      };
    } else if (ind.type === 'duration') {
      const all = await read(key.slice(key.lastIndexOf('.') + 1), true);
      const grid = gridOf(all);
      // One pass over the rows into a histogram per cell and per period's total (not a pass per cell).
      const cells = new Map<string, Map<number, number>>();
      const add = (k: string, days: number, n: number) => {
        const h = cells.get(k) ?? new Map<number, number>();
        cells.set(k, h.set(days, (h.get(days) ?? 0) + n));
      };
      for (const r of all) {
        if (r.days === null) continue;
        add(`${r.period}\u0000${r.grp ?? '\u0001'}`, r.days, r.n);
        add(`${r.period}\u0002`, r.days, r.n);
      }
      const hist = (p: string, g?: string | null) => cells.get(g === undefined ? `${p}\u0002` : `${p}\u0000${g ?? '\u0001'}`) ?? new Map<number, number>();
      const cell = (h: Map<number, number>) => {
        const n = [...h.values()].reduce((a, b) => a + b, 0);
        return n === 0 || isSmall(n, threshold) ? { value: null, suppressed: n > 0 } : { value: quantileOfHistogram(h, 0.5), suppressed: false, p90: quantileOfHistogram(h, 0.9) };
      };
      table = {
        ...base, groupKeys: grid.groups,
        cells: grid.periods.flatMap((p) => grid.groups.map((g) => ({ period: p, group: g, ...cell(hist(p, g)) }))),
        totals: grid.periods.map((p) => ({ period: p, ...cell(hist(p)) })),
      };
    } else if (ind.type === 'open') {
      // Cases open are not sums of months (a case open all year is open in each of its months), so they are not read from
      // the months' pattern: each table is protected on its own, as a share's parts are.
      const rows = await series(found);
      const grid = gridOf(rows);
      const at = indexRows(rows);
      const hidden = suppress(grid.periods.map((p) => grid.groups.map((g) => at.get(p, g).n)), threshold, { columnTotals: by !== null });
      const scale = await this.scaler(tenantId, ind, q.per);
      table = {
        ...base, groupKeys: grid.groups,
        cells: grid.periods.flatMap((p, r) => grid.groups.map((g, c) => ({ period: p, group: g, ...(hidden.cells[r][c] ? { value: null, suppressed: true } : { value: scale(at.get(p, g).n, p, by ? g : undefined), suppressed: false }) }))),
        totals: grid.periods.map((p, r) => ({ period: p, ...(hidden.rowTotals[r] ? { value: null, suppressed: true } : { value: scale(at.total(p).n, p, undefined), suppressed: false }) })),
      };
    } else {
      // Every granularity hides the same cells: the pattern is decided once on the months of the whole history
      // (linked-suppression.ts, docs/decisions/009), and this answer picks its periods out of it. A distinct count is
      // read from its series of this kind of period, whose months add up to the period (each case once per period).
      const indicator = ind.type === 'distinct' ? distinctSeries(base.key, period) : base.key;
      const monthly = await store.aggregate(tenantId, indicator, { period: 'month', by: by ?? undefined });
      const frame = gridOf(monthly);
      const months = indexRows(monthly);
      const pattern = options.raw ? null : linkedPattern(`${tenantId}|${indicator}|${by}|${threshold}`, frame.periods, frame.periods.map((m) => frame.groups.map((g) => months.get(m, g).n)), threshold);
      const inRange = (m: string) => (!from || m >= from.slice(0, 7)) && (!to || m <= to.slice(0, 7));
      const rows = monthly.filter((r) => inRange(r.period)).map((r) => ({ ...r, period: periodOf(`${r.period}-01`, period) }));
      const periods = gridOf(rows).periods;
      const at = indexRows(rows);
      const G = frame.groups.length;
      // Without a breakdown the cells are the totals, and hidden as they are.
      const isHidden = (p: string, column: number) => pattern?.isHidden(period, p, by === null ? G : column) ?? false;
      const value = (r: AggregateRow) => (ind.type === 'sum' ? round(r.total, 2) : r.n);
      const scale = await this.scaler(tenantId, ind, q.per);
      table = {
        ...base, groupKeys: frame.groups,
        cells: periods.flatMap((p) => frame.groups.map((g, c) => ({ period: p, group: g, ...(isHidden(p, c) ? { value: null, suppressed: true } : { value: scale(value(at.get(p, g)), p, by ? g : undefined), suppressed: false }) }))),
        totals: periods.map((p) => ({ period: p, ...(isHidden(p, G) ? { value: null, suppressed: true } : { value: scale(value(at.total(p)), p, undefined), suppressed: false }) })),
      };
    }
    const { groupKeys, ...rest } = table;
    return { ...rest, groups: await this.labels(tenantId, def, by, groupKeys, definitions) };
  }

  /** A value per `per` residents of its period's year and group (the value itself without `per`; null where no population is known). */
  private async scaler(tenantId: string, ind: IndicatorSpec, per: number | undefined): Promise<(v: number, p: string, g: string | null | undefined) => number | null> {
    const population = per ? await this.populationIndex(tenantId, ind) : null;
    return (v, p, g) => {
      if (!population) return v;
      const residents = population(yearOfPeriod(p), g);
      return residents ? round((v * per!) / residents, 2) : null;
    };
  }

  /** Residents per (year, stadtteil or all) for the indicator's target age groups. */
  private async populationIndex(tenantId: string, ind: IndicatorSpec): Promise<(year: number, stadtteil: string | null | undefined) => number> {
    const rows = (await new KnexStatisticsStore(this.knex).population(tenantId)).filter((r) => !ind.population || ind.population.includes(r.altersgruppe));
    return (year, stadtteil) => {
      if (stadtteil === null) return 0;
      return rows.filter((r) => r.jahr === year && (stadtteil === undefined || r.stadtteil === stadtteil)).reduce((a, r) => a + r.einwohner, 0);
    };
  }

  private async labels(tenantId: string, def: Definition, by: string | null, keys: Array<string | null>, definitions: Definition[]): Promise<IndicatorTable['groups']> {
    if (by === null) return keys.map((key) => ({ key, label: { de: 'Gesamt', en: 'Total' } }));
    const dim = def.statistics!.dimensions![by];
    // A dimension of the parent case is labelled by the parent's form.
    const owner = dim.parent ? definitions.find((d) => d.key === def.parent?.definition) : def;
    const field = (owner && fieldSchemaAt(owner, dim.field)) ?? {};
    const labels = new Map<string, LocalizedText>();
    const catalogue = field['x-catalogue'];
    if (typeof catalogue === 'string') {
      for (const e of (await this.catalogues.entries(this.knex, tenantId, [catalogue]))[catalogue] ?? []) labels.set(e.value, e.label);
    }
    if (Array.isArray(field.oneOf)) for (const o of field.oneOf as Array<{ const?: unknown; title?: string }>) if (o.const !== undefined) labels.set(String(o.const), { de: o.title ?? String(o.const), en: o.title ?? String(o.const) });
    if (field.type === 'boolean') labels.set('true', { de: 'ja', en: 'yes' }).set('false', { de: 'nein', en: 'no' });
    return keys.map((key) => ({ key, label: key === null ? NOT_RECORDED : labels.get(key) ?? { de: key, en: key } }));
  }

  /**
   * Reads a population CSV (`stadtteil;altersgruppe;jahr;einwohner`) and replaces the years it holds.
   * Each unusable line is a detail (`path: "/<line>"`) worded in German and English, so the upload page can list them.
   */
  async putPopulation(tenantId: string, csv: string): Promise<{ rows: number; years: number[] }> {
    const HEADER = 'stadtteil;altersgruppe;jahr;einwohner';
    const problem = (line: number, de: string, en: string, message = en) => ({ path: `/${line}`, message, text: { de, en }, params: { line } });
    let records: Array<{ record: string[]; info: { lines: number } }>;
    try {
      // `info`: each record's line in the file, so the page names the line people see in their editor (empty lines included).
      records = parse(csv, { delimiter: [';', ','], bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, info: true }) as unknown as typeof records;
    } catch (e) {
      const line = Number((e as { lines?: number }).lines) || 1;
      throw new AgoraError('POPULATION_INVALID', { reason: (e as Error).message }, [
        problem(line, 'Die Zeile hat nicht genau vier Felder (getrennt durch Semikolon) oder ein Anführungszeichen ist nicht geschlossen.', 'The line does not have exactly four fields (separated by semicolons), or a quote is not closed.'),
      ]);
    }
    const [first, ...lines] = records;
    const header = first?.record;
    if (!header || header.map((h) => h.toLowerCase()).join(';') !== HEADER) {
      throw new AgoraError('POPULATION_INVALID', { reason: `the first line must be ${HEADER}` }, [
        problem(1, `Die erste Zeile muss „${HEADER}“ lauten.`, `The first line must be "${HEADER}".`),
      ]);
    }
    const problems: ReturnType<typeof problem>[] = [];
    const rows: PopulationRow[] = [];
    const seen = new Set<string>();
    lines.forEach(({ record: [stadtteil, altersgruppe, jahr, einwohner], info }) => {
      const line = info.lines;
      if (!stadtteil || !altersgruppe) return problems.push(problem(line, 'Stadtteil und Altersgruppe fehlen.', 'stadtteil and altersgruppe are required'));
      if (!/^\d{4}$/.test(jahr ?? '')) return problems.push(problem(line, `„${jahr}“ ist keine Jahreszahl.`, `"${jahr}" is not a year`));
      if (!/^\d+$/.test((einwohner ?? '').replace(/\./g, ''))) return problems.push(problem(line, `„${einwohner}“ ist keine ganze Zahl von Einwohnern.`, `"${einwohner}" is not a whole number of residents`));
      const k = `${stadtteil}|${altersgruppe}|${jahr}`;
      if (seen.has(k)) return problems.push(problem(line, `${stadtteil}, ${altersgruppe}, ${jahr} steht zweimal in der Datei.`, `${stadtteil} ${altersgruppe} ${jahr} appears twice`));
      seen.add(k);
      rows.push({ stadtteil, altersgruppe, jahr: Number(jahr), einwohner: Number(einwohner!.replace(/\./g, '')) });
    });
    if (problems.length) throw new AgoraError('POPULATION_INVALID', { reason: `${problems.length} line(s) are not usable` }, problems.slice(0, 50));
    if (!rows.length) throw new AgoraError('POPULATION_INVALID', { reason: 'the file has no rows' }, [problem(1, 'Die Datei enthält nach der Kopfzeile keine Zeilen.', 'The file has no lines after the header.')]);
    await this.knex.transaction((trx) => new KnexStatisticsStore(trx).replacePopulation(tenantId, rows));
    return { rows: rows.length, years: [...new Set(rows.map((r) => r.jahr))].sort() };
  }

  async population(tenantId: string): Promise<PopulationRow[]> {
    return new KnexStatisticsStore(this.knex).population(tenantId);
  }

  /** Sets (or, with both null, clears to the definition's) the band of an indicator. */
  async setBand(tenantId: string, key: string, band: { min: number | null; max: number | null }): Promise<IndicatorInfo> {
    const { def, name, ind } = await this.find(tenantId, key);
    if (band.min !== null && band.max !== null && band.min > band.max) throw new AgoraError('MONITORING_QUERY_INVALID', { reason: 'the band\'s min is above its max' });
    const store = new KnexStatisticsStore(this.knex);
    if (band.min === null && band.max === null) await this.knex('statistics_bands').where({ tenant_id: tenantId, indicator: key }).delete();
    else await store.setBand(tenantId, key, band, this.now().toISOString());
    return this.info(def, name, ind, (await store.bands(tenantId)).get(key));
  }

  /**
   * The early warning: for every indicator with a band, the last completed
   * period's value per Stadtteil (or of the whole city) is compared with the
   * band; each crossing is recorded once per (indicator, group, period) and
   * handed to `raise` (which starts a case of the process "Frühwarnung").
   */
  async evaluateBands(tenantId: string, raise: (warning: EarlyWarning) => Promise<string | null>): Promise<EarlyWarning[]> {
    const raised: EarlyWarning[] = [];
    const today = berlinDay(this.now());
    const store = new KnexStatisticsStore(this.knex);
    for (const info of await this.indicators(tenantId)) {
      if (!info.band || (info.band.min === null && info.band.max === null)) continue;
      const period = previousPeriod(today, info.period);
      const range = periodRange(period, info.period);
      const by = info.dimensions.some((d) => d.key === 'stadtteil') ? 'stadtteil' : undefined;
      const table = await this.table(tenantId, info.key, { by, period: info.period, from: range.from, to: range.to }, { raw: true });
      for (const cell of table.cells) {
        if (cell.value === null || (by && cell.group === null)) continue;
        const outside = (info.band.min !== null && cell.value < info.band.min) || (info.band.max !== null && cell.value > info.band.max);
        if (!outside) continue;
        const warning: EarlyWarning = { indicator: info.key, title: info.title, group: cell.group, groupLabel: table.groups.find((g) => g.key === cell.group)?.label ?? null, period, value: cell.value, band: info.band };
        const w = { indicator: info.key, grp: cell.group ?? '', period, value: cell.value };
        if (!(await store.claimWarning(tenantId, w, this.now().toISOString()))) continue;
        const caseId = await raise(warning);
        if (caseId) await store.linkWarning(tenantId, w, caseId);
        raised.push(warning);
      }
    }
    return raised;
  }
}

/** A crossing of a band. */
export interface EarlyWarning {
  indicator: string;
  title: LocalizedText;
  group: string | null;
  groupLabel: LocalizedText | null;
  period: string;
  value: number;
  band: { min: number | null; max: number | null };
}

const patterns = new Map<string, LinkedSuppression>();
/**
 * The hidden pattern of an indicator's months, kept for the same figures:
 * deciding it takes a few milliseconds to a few hundred for a long history
 * with many groups, and the same figures are asked for again and again (the
 * page reads every indicator, each period picker reads it again).
 */
function linkedPattern(key: string, months: string[], counts: number[][], threshold: number): LinkedSuppression {
  const full = `${key}|${months.join(',')}|${counts.map((r) => r.join(',')).join(';')}`;
  let pattern = patterns.get(full);
  if (!pattern) {
    pattern = suppressLinked(months, counts, threshold);
    if (patterns.size >= 500) patterns.delete(patterns.keys().next().value!);
  }
  patterns.delete(full);
  patterns.set(full, pattern);
  return pattern;
}

/** An indicator with the definition it belongs to. */
interface Part {
  def: Definition;
  name: string;
  ind: IndicatorSpec;
}

/** The indicator `<definition>.<key>` among the published definitions. */
function partOf(definitions: Definition[], key: string): Part | null {
  const dot = key.lastIndexOf('.');
  const def = definitions.find((d) => d.key === key.slice(0, dot));
  const ind = def?.statistics?.indicators[key.slice(dot + 1)];
  return def && ind ? { def, name: key.slice(dot + 1), ind } : null;
}

/** The periods and groups of aggregated rows, sorted (groups not recorded last). */
function gridOf(rows: AggregateRow[]): { periods: string[]; groups: Array<string | null> } {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const named = [...new Set(rows.map((r) => r.grp).filter((g): g is string => g !== null))].sort();
  return { periods, groups: rows.some((r) => r.grp === null) ? [...named, null] : named };
}

function indexRows(rows: AggregateRow[]) {
  const key = (p: string, g: string | null) => `${p}\u0000${g ?? '\u0001'}`;
  const map = new Map<string, { n: number; total: number }>();
  const totals = new Map<string, { n: number; total: number }>();
  for (const r of rows) {
    const cell = map.get(key(r.period, r.grp)) ?? { n: 0, total: 0 };
    map.set(key(r.period, r.grp), { n: cell.n + r.n, total: cell.total + r.total });
    const t = totals.get(r.period) ?? { n: 0, total: 0 };
    totals.set(r.period, { n: t.n + r.n, total: t.total + r.total });
  }
  const zero = { n: 0, total: 0, period: '', grp: null, days: null };
  return {
    get: (p: string, g: string | null): AggregateRow => ({ ...zero, period: p, grp: g, ...(map.get(key(p, g)) ?? {}) }),
    total: (p: string): AggregateRow => ({ ...zero, period: p, ...(totals.get(p) ?? {}) }),
  };
}
