import { describe, expect, it } from 'vitest';
import { isSmall, shareVisible, suppress } from '../../../engine/monitoring/index.js';

/**
 * The attacker: knows every published cell and every total (rows, columns,
 * grand), and solves the linear equations of the rows and columns for the
 * hidden cells. Returns the hidden cells whose value the equations fix, with
 * that value. Written apart from the module (rank test by elimination with
 * the known values on the right-hand side).
 */
function attack(counts: number[][], hidden: ReturnType<typeof suppress>, columnTotals = true): Array<{ cell: string; value: number }> {
  const R = counts.length;
  const C = counts[0].length;
  const rowTotal = (r: number) => counts[r].reduce((a, b) => a + b, 0);
  const colTotal = (c: number) => counts.reduce((a, row) => a + row[c], 0);
  const grand = counts.flat().reduce((a, b) => a + b, 0);
  const vars: string[] = [];
  const isHidden = (r: number, c: number) => (r < R && c < C ? hidden.cells[r][c] : r < R ? hidden.rowTotals[r] : c < C ? hidden.colTotals[c] : hidden.grand);
  const val = (r: number, c: number) => (r < R && c < C ? counts[r][c] : r < R ? rowTotal(r) : c < C ? colTotal(c) : grand);
  for (let r = 0; r <= R; r++) for (let c = 0; c <= C; c++) if (isHidden(r, c)) vars.push(`${r},${c}`);
  const eqs: Array<{ a: number[]; b: number }> = [];
  const addEq = (members: Array<[number, number]>, margin: [number, number]) => {
    const a = new Array(vars.length).fill(0);
    let b = 0;
    for (const [r, c] of members) {
      if (isHidden(r, c)) a[vars.indexOf(`${r},${c}`)] += 1;
      else b -= val(r, c);
    }
    if (isHidden(...margin)) a[vars.indexOf(`${margin[0]},${margin[1]}`)] -= 1;
    else b += val(...margin);
    eqs.push({ a, b });
  };
  for (let r = 0; r < (columnTotals ? R + 1 : R); r++) addEq(Array.from({ length: C }, (_, c) => [r, c] as [number, number]), [r, C]);
  if (columnTotals) for (let c = 0; c <= C; c++) addEq(Array.from({ length: R }, (_, r) => [r, c] as [number, number]), [R, c]);
  // Gaussian elimination of the augmented system.
  const m = eqs.map((e) => [...e.a, e.b]);
  const n = vars.length;
  const pivots: number[] = [];
  let row = 0;
  for (let col = 0; col < n && row < m.length; col++) {
    const p = m.findIndex((x, i) => i >= row && Math.abs(x[col]) > 1e-9);
    if (p < 0) continue;
    [m[row], m[p]] = [m[p], m[row]];
    const d = m[row][col];
    m[row] = m[row].map((x) => x / d);
    for (let i = 0; i < m.length; i++) if (i !== row && Math.abs(m[i][col]) > 1e-9) m[i] = m[i].map((x, j) => x - m[i][col] * m[row][j]);
    pivots[row] = col;
    row++;
  }
  const found: Array<{ cell: string; value: number }> = [];
  for (let i = 0; i < row; i++) {
    const others = m[i].slice(0, n).filter((x, j) => j !== pivots[i] && Math.abs(x) > 1e-9);
    if (!others.length) found.push({ cell: vars[pivots[i]], value: Math.round(m[i][n]) });
  }
  return found;
}

/** A seeded random table for the property check. */
function randomTable(seed: number, R: number, C: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  return Array.from({ length: R }, () => Array.from({ length: C }, () => (next() < 0.35 ? Math.floor(next() * 3) : Math.floor(next() * 40))));
}

describe('disclosure control', () => {
  it('hides every cell under the threshold (primary), but not zeros', () => {
    const t = [[5, 2, 7], [0, 9, 8]];
    const s = suppress(t, 3);
    expect(s.cells[0][1]).toBe(true);
    expect(isSmall(0, 3)).toBe(false);
    expect(suppress([[0, 40], [0, 50]], 3).cells.flat().some(Boolean)).toBe(false);
    // The threshold is a setting (per tenant): at 10 the 5, 7, 9 and 8 are small too.
    expect(suppress(t, 10).cells[0][0]).toBe(true);
  });

  it('hides a second cell beside a lonely hidden one in its row and column (secondary), the smallest one', () => {
    const t = [[20, 2, 7, 30], [15, 9, 8, 40]];
    const s = suppress(t, 3);
    expect(s.cells[0][1]).toBe(true);
    // Row 0 needs a second hidden cell: 7 is the smallest; column 1 needs one too: 9.
    expect(s.cells[0][2]).toBe(true);
    expect(s.cells[1][1]).toBe(true);
    expect(s.cells[1][2]).toBe(true);
    expect(s.cells[0][0] || s.cells[0][3] || s.cells[1][0] || s.cells[1][3]).toBe(false);
    expect(attack(t, s)).toEqual([]);
  });

  it('an attacker solving the row and column equations recovers no hidden cell (random tables)', () => {
    let tried = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const t = randomTable(seed, 2 + (seed % 4), 2 + (seed % 5));
      const s = suppress(t, 3);
      const found = attack(t, s);
      expect(found, `table ${JSON.stringify(t)}`).toEqual([]);
      if (s.cells.flat().some(Boolean)) tried++;
    }
    expect(tried).toBeGreaterThan(30);
  });

  it('the attacker does find a cell where only primary suppression is applied (the check has teeth)', () => {
    const t = [[20, 2, 7], [15, 9, 8]];
    const only = { cells: [[false, true, false], [false, false, false]], rowTotals: [false, false], colTotals: [false, false, false], grand: false };
    expect(attack(t, only)).toEqual([{ cell: '0,1', value: 2 }]);
  });

  it('hides a small total and protects it as well', () => {
    const t = [[1, 1], [10, 12]];
    const s = suppress(t, 3);
    expect(s.rowTotals[0]).toBe(true);
    expect(attack(t, s)).toEqual([]);
  });

  it('protects a single series by its own values only (no totals across periods)', () => {
    const t = [[12], [1], [30]];
    const s = suppress(t, 3, { columnTotals: false });
    expect(s.cells.map((r) => r[0])).toEqual([false, true, false]);
    expect(attack(t, s, false)).toEqual([]);
  });

  it('publishes a share only from the minimum denominator on, and not when a part is a small count', () => {
    expect(shareVisible(5, 9)).toBe(false);
    expect(shareVisible(5, 10)).toBe(true);
    expect(shareVisible(2, 40)).toBe(false);
    expect(shareVisible(39, 40)).toBe(false);
    expect(shareVisible(0, 40)).toBe(true);
    expect(shareVisible(5, 12, 3, 20)).toBe(false);
  });
});
