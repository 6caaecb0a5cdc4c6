import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { PERIOD_KINDS, periodOf } from '../../../engine/monitoring/index.js';
import { databaseKinds } from '../../helpers/databases.js';
import { testAgora } from '../../helpers/agora.js';
import { monitoredDefinition } from '../../fixtures/monitoring-definition.js';
import { recover, type Figure } from './period-attack.js';

const GROUPS = ['nord', 'sued', 'west', undefined];

/** Cases per month and Stadtteil (undefined: not recorded), seeded: many are 1 or 2, as in a small office. */
function plan(): Array<{ month: string; stadtteil: string | undefined; n: number }> {
  let s = 11;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  const out: Array<{ month: string; stadtteil: string | undefined; n: number }> = [];
  for (let i = 0; i < 16; i++) {
    const month = `${2025 + Math.floor((5 + i) / 12)}-${String(((5 + i) % 12) + 1).padStart(2, '0')}`;
    for (const stadtteil of GROUPS) out.push({ month, stadtteil, n: stadtteil === undefined ? Math.floor(next() * 2) : Math.floor(next() * 5) });
  }
  return out;
}

describe.each(databaseKinds())('monitoring across periods on %s', (kind) => {
  let agora: Agora;
  let now = new Date('2025-06-01T09:00:00Z');
  const staff = { id: '00000000-0000-4000-8000-0000000000ab', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT };

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    await agora.services.definitions.import(DEFAULT_TENANT, monitoredDefinition());
    await agora.services.definitions.publish(DEFAULT_TENANT, 'mon', 1);
    for (const { month, stadtteil, n } of plan()) {
      for (let i = 0; i < n; i++) {
        now = new Date(`${month}-1${i}T09:00:00Z`);
        const c = await agora.services.cases.start(staff, { definition: 'mon' });
        await agora.services.cases.send(staff, c.id, { type: 'SUBMIT', data: { name: 'X', geburtsdatum: '2022-05-01', plaetze: 1, ...(stadtteil ? { stadtteil } : {}) }, expectedVersion: 1 });
      }
    }
  }, 300_000);
  afterAll(() => agora?.close());

  it('an attacker with every table the API answers for one indicator (month, quarter, year, school year, with totals) recovers no hidden value', async () => {
    const { monitoring } = agora.services;
    for (const by of ['stadtteil', undefined]) {
      // The truth the attacker is after: the monthly cells, read without disclosure control.
      const raw = await monitoring.table(DEFAULT_TENANT, 'mon.faelle', { period: 'month', by }, { raw: true });
      const months = [...new Set(raw.totals.map((t) => t.period))];
      const groups = raw.groups.map((g) => g.key);
      const truth = (m: string, g: string | null) => raw.cells.find((c) => c.period === m && c.group === g)?.value ?? 0;
      const figures: Figure[] = [];
      let hidden = 0;
      for (const period of PERIOD_KINDS) {
        const t = await monitoring.table(DEFAULT_TENANT, 'mon.faelle', { period, by });
        expect(t.groups.map((g) => g.key)).toEqual(groups);
        const figure = (label: string, group: string | null | 'total', suppressed: boolean, what: string) => {
          const row = months.flatMap((m) => groups.map((g) => (periodOf(`${m}-01`, period) === label && (group === 'total' || g === group) ? 1 : 0)));
          const value = months.reduce((a, m) => a + groups.reduce((b, g) => b + (periodOf(`${m}-01`, period) === label && (group === 'total' || g === group) ? truth(m, g) : 0), 0), 0);
          if (suppressed) hidden++;
          figures.push({ cell: `${period} ${label} ${what}`, row, value, hidden: suppressed });
        };
        for (const c of t.cells) figure(c.period, by ? c.group : 'total', c.suppressed, String(c.group));
        for (const c of t.totals) figure(c.period, 'total', c.suppressed, 'total');
      }
      expect(hidden, `by ${by}`).toBeGreaterThan(5);
      expect(recover(figures), `by ${by}`).toEqual([]);
    }
  });

  it('answers a range in whole periods, so that a part of a period is no new sum', async () => {
    const { monitoring } = agora.services;
    const whole = await monitoring.table(DEFAULT_TENANT, 'mon.faelle', { period: 'year', from: '2026-01-01', to: '2026-12-31' });
    const part = await monitoring.table(DEFAULT_TENANT, 'mon.faelle', { period: 'year', from: '2026-03-15', to: '2026-04-02' });
    expect(part.totals).toEqual(whole.totals);
    expect(part.totals.map((t) => t.period)).toEqual(['2026']);
  });
});
