import type { Definition, DimensionSpec } from '../definition/index.js';
import { PERIOD_KINDS, berlinDay, periodOf, periodRange, type PeriodKind } from './periods.js';

/** Values of a case's dimensions: catalogue keys, enum values, age groups, school years; `_days` for durations. Never free text. */
export type Dimensions = Record<string, string | number | null>;

/** One cell increment of the pre-aggregated statistics: `n` cases (negative when a case moves to another group), `total` of a sum. */
export interface StatisticsCount {
  indicator: string;
  day: string;
  dims: Dimensions;
  n: number;
  total: number;
}

/** A duration's start, kept under the case's pseudonym until its end state is reached. */
export interface StatisticsMark {
  indicator: string;
  at: string;
}

/** A duration's end: counted with the days since its mark (the store computes them from the mark). */
export interface StatisticsClose {
  indicator: string;
  day: string;
  dims: Dimensions;
  at: string;
}

/**
 * A `distinct` indicator's occurrence: counted (+1 on `day` in `dims`) only
 * when the case's mark for the indicator does not already hold `since`, the
 * first instant of the period (midnight UTC of its first day; only compared,
 * never shown). The mark then takes `since`, so a case counts once per period.
 */
export interface StatisticsSeen {
  indicator: string;
  since: string;
  day: string;
  dims: Dimensions;
}

/** The statistics of one step: written in the step's own transaction. */
export interface StepStatistics {
  counts: StatisticsCount[];
  marks: StatisticsMark[];
  closes: StatisticsClose[];
  seen: StatisticsSeen[];
}

/** What the statistics read of a case: its data, active states and start; `status` when known (else read from the states). */
export interface CaseFacts {
  data: Record<string, unknown>;
  statePaths: string[];
  createdAt: string;
  status?: 'active' | 'closed';
}

/** What the statistics read of the step's event: its type, the form it carried, and what it read of the parent case. */

export interface StepEvent {
  type: string;
  form: string | null;
  context?: { parent?: { data?: Record<string, unknown> } | null };
}

export const NO_STATISTICS: StepStatistics = { counts: [], marks: [], closes: [], seen: [] };

/** The series a `distinct` indicator is counted in per kind of period: `kita-grundschule.lerngeschichten@quarter`. */
export const distinctSeries = (indicator: string, kind: PeriodKind) => `${indicator}@${kind}`;

/** The first instant of the period a day falls in, as a `distinct` mark holds it. */
export function periodStart(day: string, kind: PeriodKind): string {
  return `${periodRange(periodOf(day, kind), kind).from}T00:00:00.000Z`;
}

/** Whether a case is closed: its status, or (a log read without data) a top-level final state among its states. */
export function isClosed(def: Definition, facts: CaseFacts): boolean {
  if (facts.status) return facts.status === 'closed';
  const states = (def.machine as { states?: Record<string, { type?: string }> }).states ?? {};
  return facts.statePaths.some((p) => !p.includes('.') && states[p]?.type === 'final');
}

/** The value at a JSON pointer of the case data. */
export function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The label of an age group from its lower bounds: [0, 3, 6] -> "0-2", "3-5", "6+". */
export function ageGroupOf(age: number, bounds: number[]): string | null {
  let group: string | null = null;
  bounds.forEach((lower, i) => {
    if (age < lower) return;
    const next = bounds[i + 1];
    group = next === undefined ? `${lower}+` : `${lower}-${next - 1}`;
  });
  return group;
}

function ageAt(value: unknown, day: string): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return Number(day.slice(0, 4)) - value;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const birth = value.slice(0, 10);
  let age = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  if (day.slice(5) < birth.slice(5)) age -= 1;
  return age;
}

/** The value of one dimension for a case's data on a day. */
export function dimensionValue(spec: DimensionSpec, data: unknown, day: string): string | null {
  const value = valueAt(data, spec.field);
  if (value === undefined || value === null || value === '') return null;
  if (spec.ageGroups) {
    const age = ageAt(value, day);
    return age === null || age < 0 ? null : ageGroupOf(age, spec.ageGroups);
  }
  if (spec.schoolYear) return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? periodOf(value.slice(0, 10), 'schoolyear') : null;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** All dimensions of a definition for a case's data on a day; `parent` dimensions from the parent's data the step read. */
export function dimensionsOf(def: Definition, data: unknown, day: string, parentData: unknown = {}): Dimensions {
  const out: Dimensions = {};
  for (const [key, spec] of Object.entries(def.statistics?.dimensions ?? {})) out[key] = dimensionValue(spec, spec.parent ? parentData : data, day);
  return out;
}

/** A stable text of dimensions (jsonb compares keys unordered; so does this). */
export const dimsKey = (d: Dimensions) => JSON.stringify(Object.keys(d).sort().map((k) => [k, d[k]]));

/** Adds up increments of the same cell, dropping those that cancel out. */
export function mergeCounts(counts: StatisticsCount[]): StatisticsCount[] {
  const byCell = new Map<string, StatisticsCount>();
  for (const c of counts) {
    const key = `${c.indicator}|${c.day}|${dimsKey(c.dims)}`;
    const seen = byCell.get(key);
    if (seen) {
      seen.n += c.n;
      seen.total += c.total;
    } else byCell.set(key, { ...c, dims: { ...c.dims } });
  }
  return [...byCell.values()].filter((c) => c.n !== 0 || c.total !== 0);
}

/**
 * The anonymous statistics of one step of a case (pure): which indicators it
 * counts, on which day, in which groups. `before` is null for a new case.
 * A case's start is counted on the day it started, in the groups its data
 * gives; when later data changes its groups (the intake form is filled after
 * the start), the start moves with it (-1 in the old group, +1 in the new).
 * States are counted when entered; durations keep a mark at their start.
 * `open` counts a start (`n`) and a close (`total`) in the start's groups, so
 * that the cases open in a period are the starts up to its end less the
 * closes before its start. `distinct` offers the step's event (when it is the
 * indicator's form or event) for counting once per period.
 */
export function statisticsOfStep(def: Definition, before: CaseFacts | null, after: CaseFacts, at: string, event: StepEvent | null = null): StepStatistics {
  const indicators = def.statistics?.indicators;
  if (!indicators) return NO_STATISTICS;
  const day = berlinDay(at);
  const startDay = berlinDay(after.createdAt);
  const previous = new Set(before?.statePaths ?? []);
  const entered = new Set(after.statePaths.filter((p) => !previous.has(p)));
  // The parent's data as this step read it, for both sides: a change of the parent alone does not move a child's start.
  const parentData = event?.context?.parent?.data ?? {};
  const dims = dimensionsOf(def, after.data, day, parentData);
  const startDims = dimensionsOf(def, after.data, startDay, parentData);
  const oldStartDims = before ? dimensionsOf(def, before.data, startDay, parentData) : null;
  const moved = oldStartDims !== null && dimsKey(oldStartDims) !== dimsKey(startDims);
  const counts: StatisticsCount[] = [];
  const marks: StatisticsMark[] = [];
  const closes: StatisticsClose[] = [];
  const seen: StatisticsSeen[] = [];
  const wasClosed = before !== null && isClosed(def, before);
  const closedNow = !wasClosed && isClosed(def, after);
  for (const [key, ind] of Object.entries(indicators)) {
    const indicator = `${def.key}.${key}`;
    const atStart = ind.type === 'started' || (ind.type === 'sum' && ind.state === undefined);
    const total = (data: unknown) => (ind.type === 'sum' && typeof ind.field === 'string' ? toNumber(valueAt(data, ind.field)) : 0);
    if (atStart) {
      if (before === null) counts.push({ indicator, day: startDay, dims: startDims, n: 1, total: total(after.data) });
      else if (moved || total(before.data) !== total(after.data)) {
        counts.push({ indicator, day: startDay, dims: oldStartDims!, n: -1, total: -total(before.data) });
        counts.push({ indicator, day: startDay, dims: startDims, n: 1, total: total(after.data) });
      }
    } else if ((ind.type === 'reached' || ind.type === 'ended' || ind.type === 'sum') && ind.state && entered.has(ind.state)) {
      counts.push({ indicator, day, dims, n: 1, total: total(after.data) });
    } else if (ind.type === 'open') {
      if (before === null) counts.push({ indicator, day: startDay, dims: startDims, n: 1, total: 0 });
      else if (moved) {
        counts.push({ indicator, day: startDay, dims: oldStartDims!, n: -1, total: 0 }, { indicator, day: startDay, dims: startDims, n: 1, total: 0 });
      }
      // A close stays in the groups of the start so that both cancel (a closed case takes no further step that could move them).
      if (closedNow) counts.push({ indicator, day, dims: startDims, n: 0, total: 1 });
    } else if (ind.type === 'distinct') {
      const matches = event !== null && (ind.form !== undefined || ind.event !== undefined)
        && (ind.form === undefined || ind.form === event.form) && (ind.event === undefined || ind.event === event.type);
      // Once per period of each kind, so the indicator reads right by month, quarter, school year and year alike.
      if (matches) for (const kind of PERIOD_KINDS) seen.push({ indicator: distinctSeries(indicator, kind), since: periodStart(day, kind), day, dims });
    } else if (ind.type === 'duration' && ind.from && ind.to) {
      if (entered.has(ind.to)) {
        if (entered.has(ind.from)) counts.push({ indicator, day, dims: { ...dims, _days: 0 }, n: 1, total: 0 });
        else closes.push({ indicator, day, dims, at });
      } else if (entered.has(ind.from)) marks.push({ indicator, at });
    }
  }
  return { counts: mergeCounts(counts), marks, closes, seen };
}

function toNumber(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Whole days between two instants, as the store computes them (`floor(seconds / 86400)`). */
export function daysBetween(from: string, to: string): number {
  return Math.floor((new Date(to).getTime() - new Date(from).getTime()) / 86_400_000);
}
