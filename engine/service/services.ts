import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { AuthService } from '../auth/index.js';
import { CaseService, type Runtime } from './case-service.js';
import { CatalogueService } from './catalogue-service.js';
import { DefinitionRegistry } from './definition-registry.js';
import { DefinitionService } from './definition-service.js';
import { ImportService } from './import-service.js';
import { JobService } from './job-service.js';
import { ReadService } from './read-service.js';
import { RetentionService } from './retention-service.js';
import { PrivacyService } from './privacy-service.js';
import { OrganisationService } from './organisation-service.js';
import { AttachmentService } from './attachment-service.js';
import { MigrationService } from './migration-service.js';
import { MonitoringService } from './monitoring-service.js';
import { KnexQueries } from '../store/index.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../definition/index.js';
import { Outbox } from '../mail/index.js';
import { OfferService } from './offer-service.js';
import { RegistrationService } from './registration-service.js';
import { NotificationService } from './notification-service.js';
import type { DataKey } from './data-key.js';

/** All services over one database, sharing the definition cache, clock and id generator. */
export interface Services {
  knex: Knex;
  rt: Runtime;
  registry: DefinitionRegistry;
  definitions: DefinitionService;
  catalogues: CatalogueService;
  cases: CaseService;
  reads: ReadService;
  imports: ImportService;
  jobs: JobService;
  auth: AuthService;
  queries: KnexQueries;
  retention: RetentionService;
  privacy: PrivacyService;
  organisations: OrganisationService;
  attachments: AttachmentService;
  migrations: MigrationService;
  monitoring: MonitoringService;
  outbox: Outbox;
  offers: OfferService;
  registrations: RegistrationService;
  notifications: NotificationService;
  /** Settings read at run time; `publicUrl` (AGORA_PUBLIC_URL) is the base of links in e-mails. */
  config: { publicUrl: string };
}

/**
 * The calendar zone from `AGORA_TIME_ZONE` (an IANA name), `Europe/Berlin` without it.
 * @throws Error for a name no time zone database knows, so a typo stops the start.
 */
export function configuredTimeZone(value: string | undefined = process.env.AGORA_TIME_ZONE): string {
  const zone = value?.trim() || DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) throw new Error(`AGORA_TIME_ZONE: unknown time zone "${zone}" (use an IANA name such as Europe/Berlin)`);
  return zone;
}

/**
 * Wires the services; `rt` defaults to the wall clock, random UUIDs and
 * every tenant on {@link configuredTimeZone}. `dataKey` seals pending
 * self-registrations (without one they are refused, DATA_KEY_MISSING).
 */
export function createServices(knex: Knex, rt: Partial<Runtime> = {}, options: { dataKey?: DataKey | null } = {}): Services {
  let timeZone = rt.timeZone;
  if (!timeZone) {
    const zone = configuredTimeZone();
    timeZone = () => zone;
  }
  const runtime: Runtime = { now: rt.now ?? (() => new Date()), newId: rt.newId ?? randomUUID, timeZone };
  const registry = new DefinitionRegistry();
  const catalogues = new CatalogueService(knex);
  const cases = new CaseService(knex, registry, catalogues, runtime);
  const jobs = new JobService(knex, runtime);
  const reads = new ReadService(knex, registry, catalogues, runtime.now, runtime.timeZone);
  const config = { publicUrl: process.env.AGORA_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}` };
  const outbox = new Outbox(knex, runtime.now, runtime.newId);
  const offers = new OfferService(knex, catalogues);
  return {
    config,
    outbox,
    offers,
    registrations: new RegistrationService(knex, registry, catalogues, cases, offers, outbox, runtime, () => config.publicUrl, options.dataKey ?? null),
    notifications: new NotificationService(knex, outbox, runtime.now, () => config.publicUrl),
    knex,
    rt: runtime,
    registry,
    definitions: new DefinitionService(knex, registry, runtime.now, catalogues),
    catalogues,
    cases,
    reads,
    imports: new ImportService(knex, registry, catalogues, cases, runtime, jobs),
    jobs,
    auth: new AuthService(knex, runtime.now, runtime.newId),
    queries: new KnexQueries(knex),
    retention: new RetentionService(knex, runtime.now, runtime.timeZone, jobs, runtime.newId),
    privacy: new PrivacyService(knex, reads, runtime.now),
    organisations: new OrganisationService(knex, catalogues, runtime.now),
    attachments: new AttachmentService(knex, reads),
    migrations: new MigrationService(knex, registry, runtime),
    monitoring: new MonitoringService(knex, catalogues, registry, runtime.now),
  };
}
