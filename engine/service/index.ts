/** The use cases: one transaction each, load, call the runtime, persist. */
export { CaseService, systemActor, actorOnCase, grantsOf, type Runtime } from './case-service.js';
export { DefinitionRegistry } from './definition-registry.js';
export { DefinitionService } from './definition-service.js';
export { CatalogueService } from './catalogue-service.js';
export { ReadService, stateTitle } from './read-service.js';
export { ImportService, MAX_IMPORT_ROWS } from './import-service.js';
export { coerceCell, headerPaths, rowToValue } from './csv-rows.js';
export { createServices, type Services } from './services.js';
export { AttachmentService } from './attachment-service.js';
export { RetentionService, type PurgeReport } from './retention-service.js';
export { PrivacyService, PRIVACY_ROLES, PRIVACY_LIMIT } from './privacy-service.js';
export type * from './ports.js';
export { OrganisationService, CATALOGUE_OF_KIND, type Organisation } from './organisation-service.js';
export { MigrationService, MIGRATION_CHUNK, type MigrationInput, type MigrationSummary, type StateCount } from './migration-service.js';
export { OfferService, publicSchema, emailField, type PublicOffer, type OfferFilters, type Language } from './offer-service.js';
export { RegistrationService, CONFIRM_WINDOW_MS, type RegistrationResult } from './registration-service.js';
export { NotificationService, DEFAULT_NOTIFICATIONS, type NotificationSettings } from './notification-service.js';
export { PUBLIC_LIMITS, PUBLIC_WINDOW_MS, PublicRateLimitedError, purgePublicThrottle } from './public-throttle.js';
