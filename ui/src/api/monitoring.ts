import { query, request, uiLanguage } from './client.js';
import type { MonitoringIndicator, MonitoringQuery, MonitoringSeries, PopulationResult, PopulationRow } from './monitoring-types.js';

const enc = encodeURIComponent;

/** Calls of the monitoring API (docs/api.md, "Monitoring"); kept beside the main client so the feature stays in its files. */
export const monitoringApi = {
  /** The indicators this actor may read. */
  indicators: (signal?: AbortSignal) => request<MonitoringIndicator[]>('GET', '/api/monitoring/indicators', undefined, { signal }),
  /** One indicator's figures per period (and group, with `by`). */
  series: (key: string, q: MonitoringQuery, signal?: AbortSignal) =>
    request<MonitoringSeries>('GET', `/api/monitoring/indicators/${enc(key)}${query({ ...q })}`, undefined, { signal }),
  /** Sets an indicator's early-warning band (role coordinator); both null return to the definition's band. */
  setBand: (key: string, band: { min: number | null; max: number | null }) => request<MonitoringIndicator>('PUT', `/api/monitoring/indicators/${enc(key)}/band`, band),
  /** Whether a population reference has been uploaded (figures per 1,000 residents need it). */
  hasPopulation: async (signal?: AbortSignal) => (await request<{ items: unknown[] }>('GET', '/api/monitoring/population', undefined, { signal })).items.length > 0,
  /** The stored population reference (administrators and the monitoring). */
  population: async (signal?: AbortSignal) => (await request<{ items: PopulationRow[] }>('GET', '/api/monitoring/population', undefined, { signal })).items,
  /** Uploads the statistics office's CSV as it is (role admin); the years it holds are replaced. */
  putPopulation: (csv: string) =>
    request<PopulationResult>('PUT', '/api/monitoring/population', undefined, {
      body: csv,
      headers: { accept: 'application/json', 'content-type': 'text/csv', 'accept-language': uiLanguage() },
    }),
};

/** The server's German Excel CSV of one indicator with the same query as the chart (suppressed cells as `.`). */
export function monitoringCsvUrl(key: string, q: MonitoringQuery): string {
  return `/api/monitoring/indicators/${enc(key)}/export.csv${query({ ...q })}`;
}
