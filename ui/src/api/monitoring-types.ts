/**
 * Shapes of the monitoring API (DESIGN.md "Monitoring", docs/api.md), derived
 * from the engine's schemas so that they cannot drift. Types only.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { indicatorInfo, indicatorQuery, indicatorTable, populationList, populationResult } from '../../../engine/schemas/monitoring.js';

/** One entry of `GET /api/monitoring/indicators`. */
export type MonitoringIndicator = FromSchema<typeof indicatorInfo>;
/** `GET /api/monitoring/indicators/:key`: the groups, a cell per period and group, and the totals. */
export type MonitoringSeries = FromSchema<typeof indicatorTable>;
/** The query of one indicator's figures (`by`, `period`, `from`, `to` as days, `per`). */
export type MonitoringQuery = FromSchema<typeof indicatorQuery>;
/** The periods the figures are counted in. */
export type MonitoringPeriod = MonitoringIndicator['period'];
/** One figure: a period and a group (null: "ohne Angabe", or no breakdown); `value` is null where suppressed. */
export type MonitoringCell = MonitoringSeries['cells'][number];
/** A period's total over all groups. */
export type MonitoringTotal = MonitoringSeries['totals'][number];
/** A group of the breakdown with its label. */
export type MonitoringGroup = MonitoringSeries['groups'][number];
/** One line of the population reference: residents of a Stadtteil and age group in a year. */
export type PopulationRow = FromSchema<typeof populationList>['items'][number];
/** The answer to an upload: how many lines were read and which years they replaced. */
export type PopulationResult = FromSchema<typeof populationResult>;
