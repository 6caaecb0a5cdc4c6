/**
 * Statistical disclosure control for the monitoring (pure). Official
 * statistics publish no cell of fewer than a few cases (primary
 * suppression) and hide further cells so that no hidden one can be worked
 * out from the totals and the other cells (secondary suppression); the
 * marker for a hidden value is ".".
 *
 * A table is rows (periods) by columns (groups) of counts with their row
 * totals, column totals and grand total, all of which are taken to be
 * published (the API publishes the row totals; the others are assumed
 * known, to be safe). A single series (no groups) has only its row totals. Every row and every column, margin included, is a
 * linear equation; a hidden cell is safe when those equations leave its
 * value open. The service decides its pattern across all period
 * granularities at once with `suppressLinked` (linked-suppression.ts); this
 * single-table method stays for tables published on their own.
 */

/** Default smallest publishable count (per tenant configurable). */
export const DEFAULT_THRESHOLD = 3;
/** Default smallest denominator a share is published for. */
export const DEFAULT_MIN_DENOMINATOR = 10;

/** Which cells of a table are hidden. */
export interface Suppression {
  cells: boolean[][];
  rowTotals: boolean[];
  colTotals: boolean[];
  grand: boolean;
}

/** A cell of the extended table: (r, c) with r = rows for column totals, c = cols for row totals. */
type Cell = [number, number];

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Whether a count is too small to publish: 1 .. threshold-1 (a zero discloses nobody). */
export const isSmall = (n: number, threshold: number) => n > 0 && n < threshold;

/**
 * Hides the cells under `threshold`, then further cells until no hidden
 * value follows from the published ones: first the classic rule (no row or
 * column with exactly one hidden cell; the smallest other cell of that line
 * joins it), then an exact check of the linear equations, adding the
 * smallest cell beside any value still determined, until stable.
 */
export function suppress(counts: number[][], threshold = DEFAULT_THRESHOLD, options: { columnTotals?: boolean } = {}): Suppression {
  const R = counts.length;
  const C = R ? counts[0].length : 0;
  const columns = options.columnTotals ?? true;
  const value = (r: number, c: number) =>
    r < R && c < C ? counts[r][c] : r < R ? sum(counts[r]) : c < C ? sum(counts.map((row) => row[c])) : sum(counts.map(sum));
  // Without published column totals (a single series of periods) the row of column totals is not part of the table.
  const hidden: boolean[][] = Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C + 1 }, (_, c) => (r === R && !columns ? false : isSmall(value(r, c), threshold))));
  const rowLines = Array.from({ length: columns ? R + 1 : R }, (_, r) => Array.from({ length: C + 1 }, (_, c): Cell => [r, c]));
  const colLines = columns ? Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R + 1 }, (_, r): Cell => [r, c])) : [];
  const lines: Cell[][] = [...rowLines, ...colLines];
  /** The cell to hide beside others: the smallest open one, inner cells before totals. */
  const cheapest = (cells: Cell[]): Cell | undefined =>
    cells
      .filter(([r, c]) => !hidden[r][c])
      .sort((a, b) => Number(a[0] === R || a[1] === C) - Number(b[0] === R || b[1] === C) || value(...a) - value(...b) || a[0] - b[0] || a[1] - b[1])[0];
  for (let guard = 0; guard < (R + 1) * (C + 1) + 1; guard++) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        if (line.filter(([r, c]) => hidden[r][c]).length !== 1) continue;
        const pick = cheapest(line);
        if (pick) {
          hidden[pick[0]][pick[1]] = true;
          changed = true;
        }
      }
    }
    const exposed = determinedCells(hidden, R, C, columns);
    if (!exposed.length) break;
    const [r, c] = exposed[0];
    const pick = cheapest([...(lines[r] ?? []), ...(colLines[c] ?? [])]) ?? cheapest(lines.flat());
    if (!pick) break;
    hidden[pick[0]][pick[1]] = true;
  }
  return {
    cells: hidden.slice(0, R).map((row) => row.slice(0, C)),
    rowTotals: hidden.slice(0, R).map((row) => row[C]),
    colTotals: hidden[R].slice(0, C),
    grand: hidden[R][C],
  };
}

/**
 * The hidden cells whose value the row and column equations fix, given
 * the open cells: Gauss-Jordan elimination over the hidden unknowns; an
 * unknown is fixed when its pivot row has no free unknown in it.
 */
export function determinedCells(hidden: boolean[][], R: number, C: number, columnTotals = true): Cell[] {
  const unknowns: Cell[] = [];
  const index = new Map<string, number>();
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (hidden[r][c]) index.set(`${r},${c}`, unknowns.push([r, c]) - 1);
  if (!unknowns.length) return [];
  const equations: number[][] = [];
  const equation = (cells: Cell[], margin: Cell) => {
    const row = new Array<number>(unknowns.length).fill(0);
    for (const [r, c] of cells) {
      const i = index.get(`${r},${c}`);
      if (i !== undefined) row[i] += 1;
    }
    const m = index.get(`${margin[0]},${margin[1]}`);
    if (m !== undefined) row[m] -= 1;
    if (row.some((x) => x !== 0)) equations.push(row);
  };
  for (let r = 0; r <= (columnTotals ? R : R - 1); r++) equation(Array.from({ length: C }, (_, c): Cell => [r, c]), [r, C]);
  if (columnTotals) for (let c = 0; c <= C; c++) equation(Array.from({ length: R }, (_, r): Cell => [r, c]), [R, c]);
  const pivots = rref(equations, unknowns.length);
  const pivotCols = new Set(pivots.map((p) => p.col));
  return pivots
    .filter((p) => equations[p.row].every((x, j) => j === p.col || pivotCols.has(j) || Math.abs(x) < 1e-9))
    .map((p) => unknowns[p.col]);
}

/** Reduced row echelon form in place; returns the pivots. */
export function rref(m: number[][], cols: number): Array<{ row: number; col: number }> {
  const pivots: Array<{ row: number; col: number }> = [];
  let row = 0;
  for (let col = 0; col < cols && row < m.length; col++) {
    let best = row;
    for (let i = row + 1; i < m.length; i++) if (Math.abs(m[i][col]) > Math.abs(m[best][col])) best = i;
    if (Math.abs(m[best][col]) < 1e-9) continue;
    [m[row], m[best]] = [m[best], m[row]];
    const p = m[row][col];
    for (let j = 0; j < cols; j++) m[row][j] /= p;
    for (let i = 0; i < m.length; i++) {
      if (i === row || Math.abs(m[i][col]) < 1e-9) continue;
      const f = m[i][col];
      for (let j = 0; j < cols; j++) m[i][j] -= f * m[row][j];
    }
    pivots.push({ row, col });
    row++;
  }
  return pivots;
}

/**
 * A share is published only when its denominator reaches `minDenominator`
 * and its numerator is not a small count (a share of a known total would
 * give the small count away).
 */
export function shareVisible(numerator: number, denominator: number, threshold = DEFAULT_THRESHOLD, minDenominator = DEFAULT_MIN_DENOMINATOR): boolean {
  return denominator >= minDenominator && !isSmall(numerator, threshold) && !isSmall(denominator - numerator, threshold);
}
