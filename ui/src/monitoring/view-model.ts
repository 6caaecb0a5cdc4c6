/**
 * The monitoring page's view model: pure functions from the API's answers and
 * the URL to what the page shows (sections per field of action, tables, small
 * multiples, labels). No React, no fetch, so they are unit-tested directly.
 */
import type { LocalizedText } from '../../../engine/definition/index.js';
import { isPeriodLabel, periodOf, periodRange as engineRange } from '../../../engine/monitoring/periods.js';
import type { MonitoringCell, MonitoringIndicator, MonitoringPeriod, MonitoringQuery, MonitoringSeries, MonitoringTotal } from '../api/monitoring-types.js';
import { FIELDS_OF_ACTION, type Lang } from '../i18n/messages.js';

/** The periods in the order the picker offers them. */
export const PERIODS: readonly MonitoringPeriod[] = ['year', 'schoolyear', 'quarter', 'month'];
/** Education reporting counts in school years (1.8.–31.7.) unless someone asks otherwise. */
export const DEFAULT_PERIOD: MonitoringPeriod = 'schoolyear';
/** Figures are broken down by Stadtteil unless someone asks otherwise. */
export const DEFAULT_DIMENSION = 'stadtteil';
/** The `by` value in the URL for "no breakdown" (absent means the default dimension). */
export const NO_DIMENSION = 'none';
/** The `field` value in the URL for every field of action at once. */
export const ALL_FIELDS = 'all';
/** The `field` value in the URL for the processes without a field of action. */
export const OTHER_FIELD = 'other';
/** What a suppressed cell shows, as official statistics mark it. */
export const SUPPRESSED_MARK = '·';
/** What a cell without a figure (no case in that period and group) shows. */
export const EMPTY_MARK = '–';

/** The pickers' state as the URL keeps it (`?field=&period=&by=&from=&to=&per=`). */
export interface MonitoringState {
  /** A field of action's key, {@link ALL_FIELDS}, or null for the first one with indicators. */
  field: string | null;
  period: MonitoringPeriod;
  /** The dimension to break down by, or null for totals only. */
  by: string | null;
  /** The first and last period shown (period keys of `period`'s kind), or null for all there are. */
  from: string | null;
  to: string | null;
  /** Per 1,000 residents, where the indicator counts and a population reference exists. */
  per: boolean;
}

/** Reads the pickers from the URL; unknown values fall back to the defaults. */
export function readMonitoringState(search: URLSearchParams): MonitoringState {
  const period = search.get('period');
  const by = search.get('by');
  return {
    field: search.get('field') || null,
    period: PERIODS.includes(period as MonitoringPeriod) ? (period as MonitoringPeriod) : DEFAULT_PERIOD,
    by: by === NO_DIMENSION ? null : by || DEFAULT_DIMENSION,
    from: search.get('from') || null,
    to: search.get('to') || null,
    per: search.get('per') === '1000',
  };
}

/**
 * The URL query for a state (for `setQuery`): defaults are left out so links
 * stay short, every other choice is written so a reload keeps it.
 */
export function monitoringSearch(state: MonitoringState): Record<string, string | undefined> {
  return {
    field: state.field ?? undefined,
    period: state.period === DEFAULT_PERIOD ? undefined : state.period,
    by: state.by === null ? NO_DIMENSION : state.by === DEFAULT_DIMENSION ? undefined : state.by,
    from: state.from ?? undefined,
    to: state.to ?? undefined,
    per: state.per ? '1000' : undefined,
  };
}

/** Indicator types whose figures are counts or sums (the others are shares and days). */
const COUNTING: ReadonlyArray<MonitoringIndicator['type']> = ['started', 'reached', 'ended', 'sum', 'distinct', 'open'];
/** The population reference is kept per Stadtteil (and age group), so rates exist per Stadtteil or in total. */
const POPULATION_DIMENSION = 'stadtteil';

/** Whether an indicator can be read per 1,000 residents with this breakdown (counts and sums; by Stadtteil or none). */
export function perAvailable(indicator: Pick<MonitoringIndicator, 'type'>, by: string | undefined): boolean {
  return COUNTING.includes(indicator.type) && (by === undefined || by === POPULATION_DIMENSION);
}

/** The API query of one indicator for the pickers: the breakdown and "per 1,000" only where the indicator has them. */
export function seriesQuery(state: MonitoringState, indicator: MonitoringIndicator): MonitoringQuery {
  const by = state.by !== null && indicator.dimensions.some((d) => d.key === state.by) ? state.by : undefined;
  return {
    by,
    period: state.period,
    ...apiRange(state),
    per: state.per && perAvailable(indicator, by) ? 1000 : undefined,
  };
}

export { periodOf };

/** The first and last day of a period given by its key; null for a key that is not of this kind (a hand-edited URL). */
export function periodRange(key: string, kind: MonitoringPeriod): { from: string; to: string } | null {
  return isPeriodLabel(key, kind) ? engineRange(key, kind) : null;
}

/** How many periods the range pickers offer back from today (older figures: leave "von" empty). */
const OFFERED: Record<MonitoringPeriod, number> = { year: 10, schoolyear: 10, quarter: 16, month: 36 };

/** The periods the range pickers offer, oldest first, ending with the one `today` (YYYY-MM-DD) falls in. */
export function periodOptions(kind: MonitoringPeriod, today: string): string[] {
  const keys: string[] = [];
  let day = today;
  for (let i = 0; i < OFFERED[kind]; i++) {
    const key = periodOf(day, kind);
    keys.unshift(key);
    const first = periodRange(key, kind)!.from;
    day = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  }
  return keys;
}

/** The range of the pickers (period keys) as the API's days: from the first day of `from` to the last of `to`. */
export function apiRange(state: Pick<MonitoringState, 'from' | 'to' | 'period'>): { from?: string; to?: string } {
  return {
    from: state.from ? periodRange(state.from, state.period)?.from : undefined,
    to: state.to ? periodRange(state.to, state.period)?.to : undefined,
  };
}

/** Every dimension some indicator offers, once, with the title it is first given. */
export function dimensionOptions(indicators: MonitoringIndicator[]): Array<{ key: string; title: LocalizedText }> {
  const seen = new Map<string, { key: string; title: LocalizedText }>();
  for (const i of indicators) for (const d of i.dimensions) if (!seen.has(d.key)) seen.set(d.key, { key: d.key, title: d.title });
  return [...seen.values()];
}

/** A field of action with its indicators; `key` null holds indicators of processes without a field. */
export interface FieldSection {
  key: string | null;
  indicators: MonitoringIndicator[];
}

/**
 * Groups indicators by their process's field of action: the known fields in
 * their usual order (FIELDS_OF_ACTION), then other fields by key, then those
 * without one. `fieldOf` maps a definition key to its field where the
 * indicator itself does not name it.
 */
export function groupByFieldOfAction(indicators: MonitoringIndicator[], fieldOf: Record<string, string | null | undefined>): FieldSection[] {
  const byField = new Map<string | null, MonitoringIndicator[]>();
  for (const i of indicators) {
    const field = i.fieldOfAction ?? fieldOf[i.definition] ?? null;
    byField.set(field, [...(byField.get(field) ?? []), i]);
  }
  const known = Object.keys(FIELDS_OF_ACTION);
  const rank = (k: string | null) => (k === null ? Number.MAX_SAFE_INTEGER : known.includes(k) ? known.indexOf(k) : known.length);
  return [...byField.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || String(a).localeCompare(String(b)))
    .map(([key, list]) => ({ key, indicators: list }));
}

/** A section's value in the `field` picker and the URL. */
export function sectionValue(section: FieldSection): string {
  return section.key ?? OTHER_FIELD;
}

/** The sections the page shows for the chosen field: one, all, or (none chosen, or one that has none) the first. */
export function visibleSections(sections: FieldSection[], field: string | null): FieldSection[] {
  if (field === ALL_FIELDS) return sections;
  const chosen = sections.filter((s) => sectionValue(s) === field);
  return chosen.length > 0 ? chosen : sections.slice(0, 1);
}

/** A period key in words: `2025/26`, `Q1 2025`, `März 2025`; unknown shapes are shown as they are. */
export function periodLabel(period: string, kind: MonitoringPeriod, lang: Lang): string {
  if (kind === 'schoolyear') {
    const m = /^(\d{4})(?:[/-](\d{2}|\d{4}))?$/.exec(period);
    if (m) return `${m[1]}/${String((Number(m[1]) + 1) % 100).padStart(2, '0')}`;
  }
  if (kind === 'quarter') {
    const m = /^(\d{4})-?Q([1-4])$/i.exec(period);
    if (m) return `Q${m[2]} ${m[1]}`;
  }
  if (kind === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(period);
    if (m) return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { month: 'short', year: 'numeric' }).format(new Date(Number(m[1]), Number(m[2]) - 1, 1));
  }
  return period;
}

/**
 * A number for tables and axes: a share (a ratio 0..1) as a percentage,
 * anything else with grouping and at most one decimal (medians, per 1,000).
 */
export function formatValue(value: number, lang: Lang, type?: MonitoringIndicator['type']): string {
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  if (type === 'share') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/** The text of one table cell: the suppression mark, the empty mark, or the number. */
export function cellText(cell: Pick<MonitoringCell, 'value' | 'suppressed'> | null | undefined, lang: Lang, type?: MonitoringIndicator['type']): string {
  if (!cell) return EMPTY_MARK;
  if (cell.suppressed) return SUPPRESSED_MARK;
  return cell.value === null ? EMPTY_MARK : formatValue(cell.value, lang, type);
}

/**
 * What an indicator's band says (the range its early warning watches), as a
 * message key of messages-monitoring.ts and its figures; null without a band.
 */
export function bandMessage(indicator: Pick<MonitoringIndicator, 'band' | 'type'>, lang: Lang): { key: 'monitoring.bandBoth' | 'monitoring.bandMin' | 'monitoring.bandMax'; params: Record<string, string> } | null {
  const { band, type } = indicator;
  if (!band || (band.min === null && band.max === null)) return null;
  const min = band.min === null ? '' : formatValue(band.min, lang, type);
  const max = band.max === null ? '' : formatValue(band.max, lang, type);
  if (band.min !== null && band.max !== null) return { key: 'monitoring.bandBoth', params: { min, max } };
  return band.min !== null ? { key: 'monitoring.bandMin', params: { min } } : { key: 'monitoring.bandMax', params: { max } };
}

/** The band as the form shows it: empty for no limit; shares in per cent. */
export function bandToInput(indicator: Pick<MonitoringIndicator, 'band' | 'type'>): { min: string; max: string } {
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(indicator.type === 'share' ? Math.round(v * 10_000) / 100 : v));
  return { min: show(indicator.band?.min), max: show(indicator.band?.max) };
}

/** The band to send from the form's texts: empty is no limit (both empty: back to the definition's band); shares from per cent. */
export function bandFromInput(type: MonitoringIndicator['type'], input: { min: string; max: string }): { min: number | null; max: number | null } {
  const read = (text: string) => {
    const v = text.trim() === '' ? null : Number(text.replace(',', '.'));
    return v === null || !Number.isFinite(v) ? null : type === 'share' ? v / 100 : v;
  };
  return { min: read(input.min), max: read(input.max) };
}

/** One row of an indicator's table: a group (Stadtteil; null: "ohne Angabe") with a cell per period. */
export interface TableRow {
  group: string | null;
  label: LocalizedText;
  cells: Array<MonitoringCell | null>;
}

/** An indicator's figures as a table: periods across, groups down, totals below. */
export interface TableModel {
  periods: string[];
  rows: TableRow[];
  totals: Array<MonitoringTotal | null>;
  hasSuppressed: boolean;
  /** Whether some figure is missing without being suppressed (no population known for a rate). */
  hasEmpty: boolean;
}

const cellKey = (group: string | null, period: string) => `${group ?? ''}\u0000${period}`;

/**
 * Lays out an indicator's answer as a table. Periods are sorted (their keys
 * sort in time order); groups are the answer's `groups` with their labels,
 * sorted by `sortLabel` where given, "ohne Angabe" (group null) last. Without
 * a breakdown (`by` null) there are no rows, only the totals.
 */
export function tableModel(series: Pick<MonitoringSeries, 'by' | 'groups' | 'cells' | 'totals'>, sortLabel?: (label: LocalizedText) => string): TableModel {
  const periods = [...new Set([...series.cells.map((c) => c.period), ...series.totals.map((t) => t.period)])].sort();
  const groups = new Map<string | null, LocalizedText>(series.groups.map((g) => [g.key, g.label]));
  if (series.by) for (const c of series.cells) if (!groups.has(c.group)) groups.set(c.group, { de: c.group ?? '–' });
  let order = series.by ? [...groups.entries()].map(([group, label]) => ({ group, label })) : [];
  if (sortLabel) order = order.sort((a, b) => Number(a.group === null) - Number(b.group === null) || sortLabel(a.label).localeCompare(sortLabel(b.label), 'de'));
  const index = new Map(series.cells.map((c) => [cellKey(c.group, c.period), c]));
  const rows = order.map((g) => ({ ...g, cells: periods.map((p) => index.get(cellKey(g.group, p)) ?? null) }));
  const totals = periods.map((p) => series.totals.find((t) => t.period === p) ?? null);
  const hasSuppressed = series.cells.some((c) => c.suppressed) || series.totals.some((t) => t.suppressed);
  const hasEmpty = [...series.cells, ...series.totals].some((c) => c.value === null && !c.suppressed);
  return { periods, rows, totals, hasSuppressed, hasEmpty };
}

/** One small chart of the small multiples: a group's values over the periods (null: suppressed or none). */
export interface SmallMultiple {
  group: string | null;
  label: LocalizedText;
  values: Array<number | null>;
}

/**
 * The small multiples of a table: one per group, all on one scale (`max`) so
 * that Stadtteile compare at a glance. Groups without a single published
 * value get no chart (it would be empty); the table still lists them.
 */
export function smallMultiples(model: TableModel): { periods: string[]; max: number; items: SmallMultiple[] } {
  const items = model.rows
    .map((r) => ({ group: r.group, label: r.label, values: r.cells.map((c) => (c && !c.suppressed ? c.value : null)) }))
    .filter((m) => m.values.some((v) => v !== null));
  const max = Math.max(0, ...items.flatMap((m) => m.values.filter((v): v is number => v !== null)));
  return { periods: model.periods, max, items };
}
