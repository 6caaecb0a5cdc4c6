import { PERIOD_KINDS, periodOf, type PeriodKind } from '../../../engine/monitoring/index.js';

/** Whether the cell of `column` (a group's index, or the number of groups for the period's total) is hidden. */
export type Hidden = (kind: PeriodKind, label: string, column: number) => boolean;

/** A published or hidden value: a sum of monthly cells (`row` over months × groups) and its true value. */
export interface Figure {
  cell: string;
  row: number[];
  value: number;
  hidden: boolean;
}

/**
 * Every figure the API publishes for one indicator and breakdown: for each
 * granularity (month, quarter, year, school year) each period's cell per
 * group and its total, as sums of the monthly cells.
 */
export function figures(months: string[], counts: number[][], isHidden: Hidden): Figure[] {
  const G = counts[0].length;
  const out: Figure[] = [];
  for (const kind of PERIOD_KINDS) {
    for (const label of [...new Set(months.map((m) => periodOf(`${m}-01`, kind)))]) {
      const inPeriod = months.map((m) => periodOf(`${m}-01`, kind) === label);
      for (let col = 0; col <= G; col++) {
        const row = new Array<number>(months.length * G).fill(0);
        let value = 0;
        months.forEach((_, m) => {
          if (!inPeriod[m]) return;
          for (let g = 0; g < G; g++) {
            if (col < G && g !== col) continue;
            row[m * G + g] = 1;
            value += counts[m][g];
          }
        });
        out.push({ cell: `${kind} ${label} ${col === G ? 'total' : `group ${col}`}`, row, value, hidden: isHidden(kind, label, col) });
      }
    }
  }
  return out;
}

/**
 * The attacker: knows every published figure and looks for hidden ones that
 * sums and differences of them fix. A hidden figure is fixed exactly when its
 * row lies in the span of the published rows; its value then follows from
 * theirs. Written apart from the module (Gauss-Jordan on the augmented
 * matrix of the published values). Returns what it recovers, with the truth.
 */
export function recover(all: Figure[]): Array<{ cell: string; value: number; truth: number }> {
  const dims = all[0]?.row.length ?? 0;
  const published = all.filter((f) => !f.hidden).map((f) => [...f.row, f.value]);
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < dims && r < published.length; c++) {
    const p = published.findIndex((x, i) => i >= r && Math.abs(x[c]) > 1e-9);
    if (p < 0) continue;
    [published[r], published[p]] = [published[p], published[r]];
    const d = published[r][c];
    published[r] = published[r].map((x) => x / d);
    for (let i = 0; i < published.length; i++) if (i !== r && Math.abs(published[i][c]) > 1e-9) published[i] = published[i].map((x, j) => x - published[i][c] * published[r][j]);
    pivots.push(c);
    r++;
  }
  const found: Array<{ cell: string; value: number; truth: number }> = [];
  for (const s of all.filter((f) => f.hidden)) {
    const rest = [...s.row];
    let value = 0;
    pivots.forEach((c, i) => {
      const f = rest[c];
      if (Math.abs(f) < 1e-9) return;
      for (let j = 0; j < dims; j++) rest[j] -= f * published[i][j];
      value += f * published[i][dims];
    });
    if (rest.every((x) => Math.abs(x) < 1e-6)) found.push({ cell: s.cell, value: Math.round(value), truth: s.value });
  }
  return found;
}

/** {@link recover} on every table of a pattern. */
export const attack = (months: string[], counts: number[][], isHidden: Hidden) => recover(figures(months, counts, isHidden));
