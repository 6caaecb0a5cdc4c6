/** Knex adapters: PGlite (embedded) or PostgreSQL. No business rules. */
export { openDatabase, migrateLatest, type Database, type DatabaseOptions } from './database.js';
export { KnexStoreTx, DirectCaseStore, toCaseRow, caseReference, iso, isoOrNull } from './case-store.js';
export { KnexDefinitionStore } from './definition-store.js';
export { KnexQueries, whereReadable, type ListedCase, type MatchedGrant } from './queries.js';
export { KnexAttachmentStore, type AttachmentRow, type AttachmentInput } from './attachment-store.js';
export { KnexStatisticsStore, type AggregateRow, type PopulationRow } from './statistics-store.js';
export { KnexJobStore, type JobRecord, type NewJob } from './job-store.js';
export { PublicOfferStore, type PublicProjection, type PublicOfferRow } from './public-offer-store.js';
export { findDataKey, DATA_KEY_FILE, type DataKeySource } from './data-key-file.js';
