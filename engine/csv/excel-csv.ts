/**
 * The one CSV writer of Agora, for the server's exports and the UI's
 * downloads alike (#11): German Excel's dialect (`;` between cells, CRLF
 * line ends, a UTF-8 byte order mark, dates as dd.mm.yyyy in Europe/Berlin)
 * written by csv-stringify, whose formula escaping prefixes cells starting
 * with `=`, `+`, `-`, `@`, tab or CR with `'` so Excel shows them as text
 * (CSV injection, OWASP). Pure: no Node.js APIs, so the browser bundle uses
 * the same module (csv-stringify's sync API runs there too).
 */
import { stringify, type Options } from 'csv-stringify/sync';

/** The byte order mark that makes Excel read UTF-8. */
export const BOM = '\uFEFF';

const BERLIN_DATE = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });

/** Formats a date (or an ISO timestamp) as dd.mm.yyyy in Europe/Berlin, as German spreadsheets expect; empty for none. */
export function germanDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : BERLIN_DATE.format(date);
}

/** One cell: text, a number, yes/no (written "ja"/"nein"), a date (dd.mm.yyyy) or nothing. */
export type CsvCell = string | number | boolean | Date | null | undefined;

const OPTIONS: Options = {
  delimiter: ';',
  record_delimiter: 'windows',
  // A line break inside a cell must be quoted whatever the record delimiter (csv-stringify leaves a lone \n bare otherwise).
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    date: (value) => germanDate(value),
    boolean: (value) => (value ? 'ja' : 'nein'),
  },
};

/**
 * Rows as German Excel CSV. `bom` (default true) starts the text with the
 * byte order mark; a streamed export passes `false` for every page after
 * the first.
 *
 * @example excelCsv([['Aktenzeichen', 'Fällig'], ['KG-1', new Date('2026-03-01')]])
 */
export function excelCsv(rows: CsvCell[][], { bom = true }: { bom?: boolean } = {}): string {
  if (rows.length === 0) return bom ? BOM : '';
  return (bom ? BOM : '') + stringify(rows, OPTIONS);
}
