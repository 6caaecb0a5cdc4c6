/**
 * Disclosure control across period granularities (pure; docs/decisions/009).
 *
 * The API publishes one indicator per month, quarter, calendar year and
 * school year, each cell per group and each period's total. All of them are
 * sums of the same monthly cells, so a cell hidden in one table could be
 * worked out from another (the year minus the eleven published months).
 * Therefore the hidden pattern is decided once, on the monthly cells of the
 * whole history, for every granularity together; a query only picks rows of
 * it, so every answer, whatever its period and range, hides the same cells.
 *
 * Safety is shown by a witness per hidden cell: a change of the monthly
 * cells (+1 in one month, and -1 in another month or none) in the hidden
 * cell's group, balanced by the opposite change in a partner group (or in
 * the period totals), that leaves every published value as it is but
 * changes the hidden one. A value that can move while everything published
 * stays the same cannot be worked out by any sum or difference of published
 * values. Every set a witness touches is hidden in both columns; further
 * hiding never spoils a witness, so the search only adds cells.
 */
import { isSmall } from './suppression.js';
import { PERIOD_KINDS, periodOf, type PeriodKind } from './periods.js';

/** Which cells of all granularities are hidden. `column`: a group's index, or `groups` (the count of groups) for the period's total. */
export interface LinkedSuppression {
  isHidden(kind: PeriodKind, label: string, column: number): boolean;
}

/** How far (in listed months) the second month of a witness is looked for. */
const REACH = 13;

/**
 * Hides the small cells of every granularity and further cells until each
 * hidden one has a witness. `months`: the months with data (`YYYY-MM`,
 * ascending); `counts[m][g]`: cases of group g in month m. The period
 * totals are protected first as a series of their own (the answer without
 * a breakdown publishes them alone), then kept fixed while the groups are
 * protected, so the totals are the same whichever breakdown is asked for.
 */
export function suppressLinked(months: string[], counts: number[][], threshold: number): LinkedSuppression {
  const G = counts[0]?.length ?? 0;
  const C = G + 1;
  const sets: Array<{ kind: PeriodKind; label: string; months: number[] }> = [];
  const index = new Map<string, number>();
  const setsOfMonth = months.map((m, i) =>
    PERIOD_KINDS.map((kind) => {
      const label = periodOf(`${m}-01`, kind);
      let s = index.get(`${kind}|${label}`);
      if (s === undefined) index.set(`${kind}|${label}`, (s = sets.push({ kind, label, months: [] }) - 1));
      sets[s].months.push(i);
      return s;
    }),
  );
  const value = sets.map((s) => {
    const row = new Array<number>(C).fill(0);
    for (const m of s.months) for (let g = 0; g < G; g++) row[g] += counts[m][g];
    row[G] = row.slice(0, G).reduce((a, b) => a + b, 0);
    return row;
  });
  const hidden = sets.map((_, s) => Array.from({ length: C }, (_, c) => isSmall(value[s][c], threshold)));

  /** The sets a witness on months (m1, m2?) changes: those holding exactly one of them. */
  const touched = (m1: number, m2: number | null) => {
    const a = setsOfMonth[m1];
    if (m2 === null) return a;
    const b = setsOfMonth[m2];
    return [...a.filter((s) => !b.includes(s)), ...b.filter((s) => !a.includes(s))];
  };
  /** The witnesses that change set s: one month of s, alone or against a nearby month outside s (kept, as they are asked for often). */
  const witnessCache = new Map<number, number[][]>();
  const witnesses = (s: number): number[][] => {
    let list = witnessCache.get(s);
    if (list) return list;
    list = [];
    for (const m1 of sets[s].months) {
      list.push(touched(m1, null));
      for (let m2 = Math.max(0, m1 - REACH); m2 <= Math.min(months.length - 1, m1 + REACH); m2++) {
        if (m2 !== m1 && !sets[s].months.includes(m2)) list.push(touched(m1, m2));
      }
    }
    witnessCache.set(s, list);
    return list;
  };
  /** What hiding the sets `w` in column c costs (the values given up, each plus one), stopping at `limit`; Infinity where the fixed column would have to change. */
  const cost = (w: number[], c: number, fixed: number | null, limit: number) => {
    let total = 0;
    for (const t of w) {
      if (hidden[t][c]) continue;
      if (c === fixed) return Infinity;
      total += value[t][c] + 1;
      if (total >= limit) return total;
    }
    return total;
  };

  /** Gives every hidden cell of `columns` a witness; `partners(c)` lists the columns a change in c may be balanced by (null: none needed). */
  const protect = (columns: number[], partners: (c: number) => Array<number | null>, fixed: number | null) => {
    const work: Array<[number, number]> = [];
    for (let s = 0; s < sets.length; s++) for (const c of columns) if (hidden[s][c]) work.push([s, c]);
    while (work.length) {
      const [s, c] = work.pop()!;
      const balance = partners(c);
      let best: number[] | null = null;
      let bestPartner: number | null = null;
      let bestCost = Infinity;
      search: for (const w of witnesses(s)) {
        const own = cost(w, c, fixed, bestCost);
        if (own >= bestCost) continue;
        for (const p of balance) {
          const k = p === null ? own : own + cost(w, p, fixed, bestCost - own);
          if (k >= bestCost) continue;
          best = w;
          bestPartner = p;
          bestCost = k;
          if (k === 0) break search;
        }
      }
      // No witness at all (cannot happen with a partner group): publish nothing of the column rather than too much.
      const hide = best ? { sets: best, columns: bestPartner === null ? [c] : [c, bestPartner] } : { sets: sets.map((_, t) => t), columns: [c] };
      for (const t of hide.sets) {
        for (const col of hide.columns) {
          if (hidden[t][col]) continue;
          hidden[t][col] = true;
          work.push([t, col]);
        }
      }
    }
  };

  // The totals alone: a change of the series needs nothing to balance it.
  protect([G], () => [null], null);
  // The groups: a group's change is balanced by another group's or by the totals (whose hidden cells are fixed now);
  // a hidden total needs a group that changes with it.
  const groups = Array.from({ length: G }, (_, g) => g);
  protect([...groups, G], (c) => (c === G ? groups : [G, ...groups.filter((g) => g !== c)]), G);

  return {
    isHidden: (kind, label, column) => {
      const s = index.get(`${kind}|${label}`);
      return s !== undefined && hidden[s][column];
    },
  };
}
