import { query, request } from './client.js';
import type { MonitoringIndicator, MonitoringQuery, MonitoringSeries } from './monitoring-types.js';

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
};

/** The server's German Excel CSV of one indicator with the same query as the chart (suppressed cells as `.`). */
export function monitoringCsvUrl(key: string, q: MonitoringQuery): string {
  return `/api/monitoring/indicators/${enc(key)}/export.csv${query({ ...q })}`;
}
