import { describe, expect, it } from 'vitest';
import type { MonitoringIndicator, MonitoringSeries } from '../../ui/src/api/monitoring-types.js';
import {
  ALL_FIELDS,
  bandFromInput,
  bandMessage,
  bandToInput,
  apiRange,
  periodOf,
  periodOptions,
  perAvailable,
  cellText,
  dimensionOptions,
  groupByFieldOfAction,
  monitoringSearch,
  OTHER_FIELD,
  sectionValue,
  periodLabel,
  readMonitoringState,
  seriesQuery,
  smallMultiples,
  tableModel,
  visibleSections,
} from '../../ui/src/monitoring/view-model.js';

const STADTTEIL = { key: 'stadtteil', title: { de: 'Stadtteil' } };
const indicator = (key: string, definition: string, extra: Partial<MonitoringIndicator> = {}): MonitoringIndicator => ({
  key,
  definition,
  fieldOfAction: null,
  title: { de: key },
  type: 'started',
  period: 'schoolyear',
  dimensions: [STADTTEIL],
  band: null,
  ...extra,
});

const series: MonitoringSeries = {
  key: 'kita-grundschule.faelle',
  title: { de: 'Fälle' },
  type: 'started',
  period: 'schoolyear',
  by: 'stadtteil',
  per: null,
  groups: [
    { key: 'zoberberg', label: { de: 'Zoberberg' } },
    { key: null, label: { de: 'ohne Angabe' } },
    { key: 'alten', label: { de: 'Alten' } },
    { key: 'kochstedt', label: { de: 'Kochstedt' } },
  ],
  cells: [
    { period: '2025/26', group: 'zoberberg', value: 12, suppressed: false },
    { period: '2024/25', group: 'zoberberg', value: 9, suppressed: false },
    { period: '2025/26', group: 'alten', value: null, suppressed: true },
    { period: '2024/25', group: 'alten', value: 5, suppressed: false },
    { period: '2025/26', group: 'kochstedt', value: null, suppressed: true },
    { period: '2025/26', group: null, value: 4, suppressed: false },
  ],
  totals: [
    { period: '2024/25', value: 14, suppressed: false },
    { period: '2025/26', value: 20, suppressed: false },
  ],
};

describe('monitoring URL state', () => {
  it('reads school year by Stadtteil for the first field when the URL says nothing', () => {
    expect(readMonitoringState(new URLSearchParams(''))).toEqual({ field: null, period: 'schoolyear', by: 'stadtteil', from: null, to: null, per: false });
  });

  it('keeps every choice through a round trip to the URL (a reload shows the same)', () => {
    const state = { field: 'wiedereinstieg', period: 'quarter' as const, by: null, from: '2024-Q1', to: '2025-Q4', per: true };
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(monitoringSearch(state))) if (v) search.set(k, v);
    expect(search.toString()).toBe('field=wiedereinstieg&period=quarter&by=none&from=2024-Q1&to=2025-Q4&per=1000');
    expect(readMonitoringState(search)).toEqual(state);
  });

  it('leaves defaults out of the URL and falls back to them for values it does not know', () => {
    expect(monitoringSearch(readMonitoringState(new URLSearchParams('')))).toEqual({ field: undefined, period: undefined, by: undefined, from: undefined, to: undefined, per: undefined });
    expect(readMonitoringState(new URLSearchParams('period=decade&per=yes'))).toMatchObject({ period: 'schoolyear', per: false });
  });

  it('turns the range of periods into the days the API counts between', () => {
    expect(apiRange({ period: 'schoolyear', from: '2023/24', to: '2025/26' })).toEqual({ from: '2023-08-01', to: '2026-07-31' });
    expect(apiRange({ period: 'quarter', from: '2024-Q1', to: '2024-Q4' })).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(apiRange({ period: 'month', from: '2024-02', to: '2024-02' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(apiRange({ period: 'year', from: null, to: '2025' })).toEqual({ from: undefined, to: '2025-12-31' });
    // A range of another kind (a link from before the period changed) is dropped, not misread.
    expect(apiRange({ period: 'month', from: '2023/24', to: '2025' })).toEqual({ from: undefined, to: undefined });
  });

  it('offers the periods up to the current one, the school year turning on 1 August', () => {
    expect(periodOf('2026-07-31', 'schoolyear')).toBe('2025/26');
    expect(periodOf('2026-08-01', 'schoolyear')).toBe('2026/27');
    expect(periodOptions('schoolyear', '2026-12-01').slice(-3)).toEqual(['2024/25', '2025/26', '2026/27']);
    expect(periodOptions('quarter', '2026-02-15').slice(-3)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
    expect(periodOptions('month', '2026-01-31').slice(-2)).toEqual(['2025-12', '2026-01']);
    expect(periodOptions('year', '2026-12-01')).toHaveLength(10);
  });

  it('asks for a breakdown and per 1,000 only where the indicator has them', () => {
    const state = readMonitoringState(new URLSearchParams('by=altersgruppe&per=1000&period=year&from=2023'));
    const both = indicator('a.faelle', 'a', { dimensions: [STADTTEIL, { key: 'altersgruppe', title: { de: 'Altersgruppe' } }] });
    // The population reference is per Stadtteil: by age group there is no rate.
    expect(seriesQuery(state, both)).toEqual({ by: 'altersgruppe', period: 'year', from: '2023-01-01', to: undefined, per: undefined });
    expect(seriesQuery({ ...state, by: 'stadtteil' }, both)).toEqual({ by: 'stadtteil', period: 'year', from: '2023-01-01', to: undefined, per: 1000 });
    expect(seriesQuery(state, indicator('b.faelle', 'b'))).toEqual({ by: undefined, period: 'year', from: '2023-01-01', to: undefined, per: 1000 });
    // Shares and durations are never per 1,000 residents.
    expect(seriesQuery(state, indicator('b.quote', 'b', { type: 'share' })).per).toBeUndefined();
    expect(perAvailable({ type: 'duration' }, undefined)).toBe(false);
    expect(perAvailable({ type: 'sum' }, 'stadtteil')).toBe(true);
  });
});

describe('monitoring grouping by field of action', () => {
  const list = [
    indicator('seniorenuniversitaet.faelle', 'seniorenuniversitaet'),
    indicator('eigener.faelle', 'eigener'),
    indicator('kita-grundschule.faelle', 'kita-grundschule'),
    indicator('kita-grundschule.einwilligung', 'kita-grundschule'),
    indicator('wiedereinstieg.faelle', 'wiedereinstieg', { fieldOfAction: 'wiedereinstieg' }),
  ];
  const fieldOf = { 'kita-grundschule': 'uebergang-kita-grundschule', seniorenuniversitaet: 'seniorenuniversitaet' };

  it('orders the known fields as the office does and puts processes without a field last', () => {
    const sections = groupByFieldOfAction(list, fieldOf);
    expect(sections.map((s) => s.key)).toEqual(['uebergang-kita-grundschule', 'wiedereinstieg', 'seniorenuniversitaet', null]);
    expect(sections[0].indicators.map((i) => i.key)).toEqual(['kita-grundschule.faelle', 'kita-grundschule.einwilligung']);
  });

  it('shows the first field unless one or all are chosen', () => {
    const sections = groupByFieldOfAction(list, fieldOf);
    expect(visibleSections(sections, null).map((s) => s.key)).toEqual(['uebergang-kita-grundschule']);
    expect(visibleSections(sections, 'seniorenuniversitaet').map((s) => s.key)).toEqual(['seniorenuniversitaet']);
    expect(visibleSections(sections, ALL_FIELDS)).toHaveLength(4);
    expect(visibleSections(sections, 'gibt-es-nicht').map((s) => s.key)).toEqual(['uebergang-kita-grundschule']);
    expect(visibleSections(sections, OTHER_FIELD).map((s) => s.indicators[0].key)).toEqual(['eigener.faelle']);
    expect(sections.map(sectionValue)).toEqual(['uebergang-kita-grundschule', 'wiedereinstieg', 'seniorenuniversitaet', 'other']);
  });

  it('offers each dimension once, with its title where an indicator names it', () => {
    const opts = dimensionOptions([indicator('a', 'a'), indicator('b', 'b', { dimensions: [{ key: 'stadtteil', title: { de: 'Stadtteil (anders)' } }, { key: 'altersgruppe', title: { de: 'Altersgruppe' } }] })]);
    expect(opts).toEqual([STADTTEIL, { key: 'altersgruppe', title: { de: 'Altersgruppe' } }]);
  });
});

describe('monitoring table and small multiples', () => {
  it('lays out periods in time order, groups by name with "ohne Angabe" last, and totals below', () => {
    const model = tableModel(series, (label) => label.de);
    expect(model.periods).toEqual(['2024/25', '2025/26']);
    expect(model.rows.map((r) => r.group)).toEqual(['alten', 'kochstedt', 'zoberberg', null]);
    expect(model.rows.map((r) => r.label.de)).toEqual(['Alten', 'Kochstedt', 'Zoberberg', 'ohne Angabe']);
    expect(model.rows[1].cells.map((c) => cellText(c, 'de'))).toEqual(['–', '·']);
    expect(model.rows[3].cells.map((c) => cellText(c, 'de'))).toEqual(['–', '4']);
    expect(model.totals.map((t) => t?.value)).toEqual([14, 20]);
    expect(model.hasSuppressed).toBe(true);
  });

  it('shows only the totals without a breakdown (every cell has group null then)', () => {
    const model = tableModel({ by: null, groups: [], cells: series.totals.map((t) => ({ ...t, group: null })), totals: series.totals });
    expect(model.rows).toEqual([]);
    expect(model.totals.map((t) => cellText(t, 'de'))).toEqual(['14', '20']);
  });

  it('shows shares as percentages', () => {
    expect(cellText({ value: 0.426, suppressed: false }, 'de', 'share')).toBe('43\u00a0%');
    expect(cellText({ value: 0.426, suppressed: false }, 'en', 'share')).toBe('43%');
    expect(cellText({ value: null, suppressed: true }, 'de', 'share')).toBe('·');
  });

  it('marks a suppressed cell with a dot and never shows a number for it', () => {
    expect(cellText({ value: null, suppressed: true }, 'de')).toBe('·');
    expect(cellText({ value: 4, suppressed: true }, 'de')).toBe('·');
    expect(cellText({ value: 1234.56, suppressed: false }, 'de')).toBe('1.234,6');
    expect(cellText({ value: 1234.56, suppressed: false }, 'en')).toBe('1,234.6');
    expect(cellText(null, 'de')).toBe('–');
  });

  it('says when nothing is suppressed', () => {
    expect(tableModel({ ...series, cells: series.cells.filter((c) => !c.suppressed) }).hasSuppressed).toBe(false);
  });

  it('draws one small chart per group on one scale, with gaps where cells are suppressed', () => {
    const multiples = smallMultiples(tableModel(series, (label) => label.de));
    expect(multiples.max).toBe(12);
    // Kochstedt has no published value: no empty chart for it (the table lists it).
    expect(multiples.items.map((m) => [m.group, m.values])).toEqual([
      ['alten', [5, null]],
      ['zoberberg', [9, 12]],
      [null, [null, 4]],
    ]);
  });
});

describe('monitoring bands', () => {
  it('says which values start an early warning, shares in per cent', () => {
    expect(bandMessage({ type: 'started', band: null }, 'de')).toBeNull();
    expect(bandMessage({ type: 'started', band: { min: null, max: null } }, 'de')).toBeNull();
    expect(bandMessage({ type: 'started', band: { min: 5, max: 1200 } }, 'de')).toEqual({ key: 'monitoring.bandBoth', params: { min: '5', max: '1.200' } });
    expect(bandMessage({ type: 'share', band: { min: 0.6, max: null } }, 'de')).toEqual({ key: 'monitoring.bandMin', params: { min: '60\u00a0%' } });
    expect(bandMessage({ type: 'duration', band: { min: null, max: 30 } }, 'en')).toEqual({ key: 'monitoring.bandMax', params: { max: '30' } });
  });
});

describe('monitoring band form', () => {
  it('shows and reads shares in per cent, counts as they are, empty as no limit', () => {
    expect(bandToInput({ type: 'share', band: { min: 0.6, max: null } })).toEqual({ min: '60', max: '' });
    expect(bandToInput({ type: 'started', band: null })).toEqual({ min: '', max: '' });
    expect(bandFromInput('share', { min: '60', max: '' })).toEqual({ min: 0.6, max: null });
    expect(bandFromInput('started', { min: ' 3 ', max: '12,5' })).toEqual({ min: 3, max: 12.5 });
    expect(bandFromInput('started', { min: 'abc', max: '' })).toEqual({ min: null, max: null });
  });
});

describe('monitoring period labels', () => {
  it('names school years, quarters and months as people say them', () => {
    expect(periodLabel('2025/26', 'schoolyear', 'de')).toBe('2025/26');
    expect(periodLabel('1999/00', 'schoolyear', 'de')).toBe('1999/00');
    expect(periodLabel('2026-Q3', 'quarter', 'de')).toBe('Q3 2026');
    expect(periodLabel('2026-03', 'month', 'de')).toBe('März 2026');
    expect(periodLabel('2026-03', 'month', 'en')).toBe('Mar 2026');
    expect(periodLabel('2026', 'year', 'de')).toBe('2026');
    expect(periodLabel('irgendwas', 'month', 'de')).toBe('irgendwas');
  });
});
