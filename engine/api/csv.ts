/** Formats an ISO timestamp as dd.mm.yyyy (German spreadsheets), in Europe/Berlin. */
export function germanDate(iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date(iso));
}

/** One CSV cell for German Excel: `;` separated, quoted when needed, formula-leading characters neutralised. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // A cell starting with = + - @ would run as a formula in Excel (CSV injection).
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with CRLF, as Excel writes it. */
export function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(';')}\r\n`;
}

/** The byte order mark that makes Excel read UTF-8. */
export const BOM = '\uFEFF';
