/** The use cases: one transaction each, load, call the runtime, persist. */
export { CaseService, systemActor, actorOnCase, grantsOf, type Runtime } from './case-service.js';
export { DefinitionRegistry } from './definition-registry.js';
export { DefinitionService } from './definition-service.js';
export { CatalogueService } from './catalogue-service.js';
export { ReadService, stateTitle } from './read-service.js';
export { ImportService, MAX_IMPORT_ROWS, BULK_START } from './import-service.js';
export { JobService, jobView, LeaseLost, JOB_LEASE_MS, JOB_MAX_ATTEMPTS, type JobContext, type JobHandler, type JobView } from './job-service.js';
export { coerceCell, headerPaths, rowToValue } from './csv-rows.js';
export { createServices, configuredTimeZone, type Services } from './services.js';
export { AttachmentService } from './attachment-service.js';
export { RetentionService, RETENTION_PURGE, type PurgeReport } from './retention-service.js';
export { PrivacyService, PRIVACY_ROLES, PRIVACY_LIMIT } from './privacy-service.js';
export type * from './ports.js';
export { OrganisationService, CATALOGUE_OF_KIND, type Organisation } from './organisation-service.js';
export { MigrationService, MIGRATION_CHUNK, type MigrationInput, type MigrationSummary, type StateCount } from './migration-service.js';
export { MonitoringService, disclosureFromEnv, quantileOfHistogram, type IndicatorInfo, type IndicatorTable, type EarlyWarning } from './monitoring-service.js';
export { rebuildStatistics, statisticsOfLog, settleSteps } from './statistics-rebuild.js';
export { raiseEarlyWarning, EARLY_WARNING_PROCESS } from './early-warning.js';
