import { describe, expect, it } from 'vitest';
import { populationTable, readCsvFile } from '../../ui/src/monitoring/population-page.js';

describe('population page', () => {
  it('reads a file Excel saved in Windows-1252 with its umlauts, and UTF-8 as it is', async () => {
    expect(await readCsvFile(new Blob([Buffer.from('stadtteil\nTörten;Süd\n', 'latin1')]))).toBe('stadtteil\nTörten;Süd\n');
    expect(await readCsvFile(new Blob([Buffer.from('stadtteil\nTörten\n', 'utf8')]))).toBe('stadtteil\nTörten\n');
  });

  it('lays one year out as Stadtteile × age groups (by their lower bound) with sums, leaving gaps empty', () => {
    const rows = [
      { stadtteil: 'sued', altersgruppe: '10+', jahr: 2026, einwohner: 5 },
      { stadtteil: 'nord', altersgruppe: '3-5', jahr: 2026, einwohner: 20 },
      { stadtteil: 'nord', altersgruppe: '0-2', jahr: 2026, einwohner: 10 },
      { stadtteil: 'nord', altersgruppe: '0-2', jahr: 2025, einwohner: 99 },
    ];
    const t = populationTable(rows, 2026);
    expect(t.groups).toEqual(['0-2', '3-5', '10+']);
    expect(t.rows).toEqual([
      { district: 'nord', cells: [10, 20, null], total: 30 },
      { district: 'sued', cells: [null, null, 5], total: 5 },
    ]);
    expect(t.totals).toEqual([10, 20, 5]);
    expect(t.grand).toBe(35);
  });
});
