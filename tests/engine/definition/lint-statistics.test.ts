import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { monitoredDefinition } from '../../fixtures/monitoring-definition.js';

const problemsOf = (d: unknown) => {
  const r = lintDefinition(d);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
};

describe('lint of statistics', () => {
  it('accepts dimensions, counts, shares, durations and sums that name real fields and states', () => {
    expect(problemsOf(monitoredDefinition())).toEqual([]);
  });

  it('reports pointers to fields that do not exist, free-text dimensions and unfit age groups', () => {
    const d = monitoredDefinition();
    d.statistics.dimensions.ort = { title: { de: 'Ort' }, field: '/intake/ort' };
    d.statistics.dimensions.name = { title: { de: 'Name' }, field: '/intake/name' };
    d.statistics.dimensions.alter = { title: { de: 'Alter' }, field: '/intake/stadtteil', ageGroups: [0, 6] };
    d.statistics.indicators.plaetze.field = '/intake/name';
    const p = problemsOf(d);
    expect(p).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\/statistics\/dimensions\/ort\/field: .*not a field/),
      expect.stringMatching(/^\/statistics\/dimensions\/name\/field: .*free text/),
      expect.stringMatching(/^\/statistics\/dimensions\/alter\/field: age groups need a birth date/),
      expect.stringMatching(/^\/statistics\/indicators\/plaetze\/field: .*not a number field/),
    ]));
  });

  it('reports states that do not exist, an end state that is not final, and shares of unknown indicators', () => {
    const d = monitoredDefinition();
    d.statistics.indicators.geprueft.state = 'nirgends';
    d.statistics.indicators.zugesagt.state = 'pruefung';
    d.statistics.indicators.tage.to = 'ende';
    d.statistics.indicators.quote.denominator = 'fehlt';
    expect(problemsOf(d)).toEqual(expect.arrayContaining([
      '/statistics/indicators/geprueft/state: state "nirgends" does not exist',
      expect.stringMatching(/^\/statistics\/indicators\/zugesagt\/state: state "pruefung" is not a final state/),
      '/statistics/indicators/tage/to: state "ende" does not exist',
      '/statistics/indicators/quote/denominator: indicator "fehlt" does not exist',
    ]));
  });

  it('leaves a share of another process to the check across definitions, refuses a malformed reference, a share of a duration and a parent dimension without a parent', () => {
    const d = monitoredDefinition();
    d.statistics.indicators.fremd = { title: { de: 'Fremd' }, type: 'share', numerator: 'zugesagt', denominator: 'kurs.plaetze' };
    expect(problemsOf(d)).toEqual([]);
    d.statistics.indicators.kaputt = { title: { de: 'Kaputt' }, type: 'share', numerator: 'zugesagt', denominator: 'Kurs.Plätze.x' };
    d.statistics.indicators.tage_anteil = { title: { de: 'Tage' }, type: 'share', numerator: 'tage', denominator: 'mon.faelle' };
    d.statistics.dimensions.kursort = { title: { de: 'Kursort' }, field: '/kurs/ort', parent: true };
    expect(problemsOf(d)).toEqual([
      '/statistics/dimensions/kursort/parent: a dimension of the parent case needs "parent" (the definition of the parent process)',
      expect.stringMatching(/^\/statistics\/indicators\/kaputt\/denominator: "Kurs.Plätze.x" is neither/),
      '/statistics/indicators/tage_anteil/numerator: indicator "tage" is a duration; a share is taken of counts',
    ]);
  });

  it('refuses an unknown indicator type and a badly named key through the format schema', () => {
    const d = monitoredDefinition();
    d.statistics.indicators.mittel = { title: { de: 'Mittel' }, type: 'average' };
    d.statistics.indicators['Böse'] = { title: { de: 'x' }, type: 'started' };
    expect(problemsOf(d).some((p) => p.startsWith('/statistics/indicators/mittel/type'))).toBe(true);
    expect(problemsOf(d).some((p) => p.startsWith('/statistics/indicators'))).toBe(true);
  });
});
