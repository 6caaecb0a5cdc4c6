import { describe, expect, it } from 'vitest';
import { PERIOD_KINDS, periodOf, suppress, suppressLinked } from '../../../engine/monitoring/index.js';
import { attack, type Hidden } from './period-attack.js';

/** Months from `first` (YYYY-MM) on, `n` of them, leaving out every `gap`-th (months without any case are not listed). */
function monthsFrom(first: string, n: number, gap = 0): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (let i = 0; i < n; i++) {
    if (!gap || i % gap !== gap - 1) out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** A seeded table of monthly counts: many small cells, as a Stadtteil's month usually has. */
function randomCounts(seed: number, months: number, groups: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  return Array.from({ length: months }, () => Array.from({ length: groups }, () => (next() < 0.5 ? Math.floor(next() * 4) : Math.floor(next() * 12))));
}

/** What the monitoring did before: each granularity's table suppressed on its own (rows × groups, margins assumed known). */
function perTable(months: string[], counts: number[][], threshold: number): Hidden {
  const G = counts[0].length;
  const hidden = new Map<string, boolean>();
  for (const kind of PERIOD_KINDS) {
    const labels = [...new Set(months.map((m) => periodOf(`${m}-01`, kind)))];
    const table = labels.map((l) => Array.from({ length: G }, (_, g) => months.reduce((a, m, i) => a + (periodOf(`${m}-01`, kind) === l ? counts[i][g] : 0), 0)));
    const s = suppress(table, threshold);
    labels.forEach((l, r) => {
      for (let g = 0; g < G; g++) hidden.set(`${kind}|${l}|${g}`, s.cells[r][g]);
      hidden.set(`${kind}|${l}|${G}`, s.rowTotals[r]);
    });
  }
  return (kind, label, column) => hidden.get(`${kind}|${label}|${column}`) ?? false;
}

describe('disclosure control across periods', () => {
  it('hides every small cell of every granularity, and a total under the threshold', () => {
    const months = ['2026-01', '2026-02', '2026-03'];
    const counts = [[1, 9], [8, 7], [9, 6]];
    const s = suppressLinked(months, counts, 3);
    expect(s.isHidden('month', '2026-01', 0)).toBe(true);
    expect(suppressLinked(['2026-05'], [[1, 1]], 3).isHidden('year', '2026', 2)).toBe(true);
    // A zero discloses nobody: a table of zeros and large counts hides nothing.
    const clear = suppressLinked(months, [[0, 9], [8, 0], [9, 6]], 3);
    expect(PERIOD_KINDS.flatMap((k) => [0, 1, 2].map((c) => clear.isHidden(k, periodOf('2026-01-01', k), c))).some(Boolean)).toBe(false);
  });

  it('does not let the year minus the published months give a hidden month away', () => {
    // Group 0 has 2 cases in March of a year of 8-case months: the year and the eleven other months would tell the 2.
    const months = monthsFrom('2026-01', 12);
    const counts = months.map((_, i) => (i === 2 ? [2, 9] : [8, 9]));
    const s = suppressLinked(months, counts, 3);
    expect(s.isHidden('month', '2026-03', 0)).toBe(true);
    expect(attack(months, counts, s.isHidden)).toEqual([]);
  });

  it('an attacker with every table (month, quarter, year, school year, with totals) recovers no hidden value (random histories)', () => {
    let hiddenSeen = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const months = monthsFrom(seed % 2 ? '2024-08' : '2025-02', 14 + (seed % 17), seed % 5 === 0 ? 7 : 0);
      const counts = randomCounts(seed, months.length, 1 + (seed % 4));
      const s = suppressLinked(months, counts, 3);
      expect(attack(months, counts, s.isHidden), `seed ${seed}`).toEqual([]);
      if (months.some((m) => s.isHidden('month', m, 0))) hiddenSeen++;
    }
    expect(hiddenSeen).toBeGreaterThan(30);
  });

  it('the same attacker does recover values where each granularity is suppressed on its own (the check has teeth)', () => {
    let broken = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const months = monthsFrom(seed % 2 ? '2024-08' : '2025-02', 14 + (seed % 17), seed % 5 === 0 ? 7 : 0);
      const counts = randomCounts(seed, months.length, 1 + (seed % 4));
      const found = attack(months, counts, perTable(months, counts, 3));
      // What the attacker finds is the true value, not a guess.
      for (const f of found) expect(f.value).toBe(f.truth);
      if (found.length) broken++;
    }
    expect(broken).toBeGreaterThan(10);
  });

  it('keeps yearly figures of a group readable when only its months are small', () => {
    // Two cases a month per group: every month is hidden, but the years and school years (24 cases) are published.
    const months = monthsFrom('2025-01', 24);
    const counts = months.map(() => [2, 2, 2]);
    const s = suppressLinked(months, counts, 3);
    expect(s.isHidden('year', '2025', 0)).toBe(false);
    expect(s.isHidden('year', '2026', 1)).toBe(false);
    expect(attack(months, counts, s.isHidden)).toEqual([]);
  });
});
