import { describe, expect, it } from 'vitest';
import { stepDurations } from '../../../engine/service/step-durations.js';

const H = 3600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * H).toISOString();

describe('stepDurations', () => {
  it('measures completed stays per step, by case, and leaves open stays out', () => {
    const result = stepDurations([
      { caseId: 'a', at: at(0), toState: 'erfassung' },
      { caseId: 'a', at: at(2), toState: 'erfassung' },
      { caseId: 'a', at: at(10), toState: 'pruefung' },
      { caseId: 'a', at: at(14), toState: 'ende' },
      { caseId: 'b', at: at(0), toState: 'erfassung' },
      { caseId: 'b', at: at(30), toState: 'pruefung' },
    ]);
    const by = Object.fromEntries(result.map((r) => [r.path, r]));
    expect(by.erfassung).toEqual({ path: 'erfassung', count: 2, medianMs: 30 * H, p90Ms: 30 * H });
    expect(by.pruefung).toEqual({ path: 'pruefung', count: 1, medianMs: 4 * H, p90Ms: 4 * H });
    expect(by.ende).toBeUndefined();
  });

  it('measures each parallel region on its own', () => {
    const result = stepDurations([
      { caseId: 'a', at: at(0), toState: { laufend: { doku: 'offen', verfahren: 'anmeldung' } } },
      { caseId: 'a', at: at(5), toState: { laufend: { doku: 'offen', verfahren: 'einwilligung' } } },
      { caseId: 'a', at: at(9), toState: 'ende' },
    ]);
    const by = Object.fromEntries(result.map((r) => [r.path, r.medianMs]));
    expect(by['laufend.verfahren.anmeldung']).toBe(5 * H);
    expect(by['laufend.doku.offen']).toBe(9 * H);
    expect(by['laufend.verfahren.einwilligung']).toBe(4 * H);
  });
});
