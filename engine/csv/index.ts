/**
 * German Excel CSV, shared by the engine and the UI (the one module of the
 * engine the UI imports at runtime: it is pure and has no Node.js imports).
 */
export { BOM, excelCsv, germanDate, type CsvCell } from './excel-csv.js';
