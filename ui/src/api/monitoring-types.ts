/**
 * Shapes of the monitoring API (DESIGN.md "Monitoring", docs/api.md): the
 * indicators a coordinator may read, and one indicator's figures per period
 * and group. Types only; the engine owns the contract.
 */
import type { LocalizedText } from '../../../engine/definition/index.js';

/** The periods the figures are counted in. */
export type MonitoringPeriod = 'year' | 'schoolyear' | 'quarter' | 'month';

/** A dimension an indicator can be broken down by (`stadtteil`, an age group, …). */
export interface MonitoringDimension {
  key: string;
  title?: LocalizedText;
}

/** One entry of `GET /api/monitoring/indicators`. */
export interface MonitoringIndicator {
  /** `<definition>.<name>`, e.g. `kita-grundschule.faelle`. */
  key: string;
  definition: string;
  title: LocalizedText;
  description?: LocalizedText;
  /** Dimensions by key, or with their titles. */
  dimensions: Array<string | MonitoringDimension>;
  /** The field of action of the definition, where the API names it. */
  fieldOfAction?: string | null;
  /** Whether figures per 1,000 residents can be asked for (a population reference exists). */
  perPopulation?: boolean;
}

/** One figure: a period and a group (a Stadtteil) with its value; `value` is null where suppressed. */
export interface MonitoringCell {
  period: string;
  group: string;
  value: number | null;
  suppressed: boolean;
  /** The group's label where the API gives it (a catalogue entry's label). */
  label?: LocalizedText;
}

/** A period's total over all groups; `value` null where it is suppressed too. */
export interface MonitoringTotal {
  period: string;
  value: number | null;
  suppressed?: boolean;
}

/** `GET /api/monitoring/indicators/:key` */
export interface MonitoringSeries {
  cells: MonitoringCell[];
  totals: MonitoringTotal[];
}

/** The query of one indicator's figures. */
export interface MonitoringQuery {
  by?: string;
  period?: MonitoringPeriod;
  from?: string;
  to?: string;
  per?: number;
}
