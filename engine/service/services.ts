import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { AuthService } from '../auth/index.js';
import { CaseService, type Runtime } from './case-service.js';
import { CatalogueService } from './catalogue-service.js';
import { DefinitionRegistry } from './definition-registry.js';
import { DefinitionService } from './definition-service.js';
import { ImportService } from './import-service.js';
import { ReadService } from './read-service.js';
import { RetentionService } from './retention-service.js';
import { PrivacyService } from './privacy-service.js';
import { OrganisationService } from './organisation-service.js';
import { AttachmentService } from './attachment-service.js';
import { MonitoringService } from './monitoring-service.js';
import { KnexQueries } from '../store/index.js';

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
  auth: AuthService;
  queries: KnexQueries;
  retention: RetentionService;
  privacy: PrivacyService;
  organisations: OrganisationService;
  attachments: AttachmentService;
  monitoring: MonitoringService;
}

/** Wires the services; `rt` defaults to the wall clock and random UUIDs. */
export function createServices(knex: Knex, rt: Partial<Runtime> = {}): Services {
  const runtime: Runtime = { now: rt.now ?? (() => new Date()), newId: rt.newId ?? randomUUID };
  const registry = new DefinitionRegistry();
  const catalogues = new CatalogueService(knex);
  const cases = new CaseService(knex, registry, catalogues, runtime);
  const reads = new ReadService(knex, registry, catalogues, runtime.now);
  return {
    knex,
    rt: runtime,
    registry,
    definitions: new DefinitionService(knex, registry, runtime.now),
    catalogues,
    cases,
    reads,
    imports: new ImportService(knex, registry, catalogues, cases, runtime),
    auth: new AuthService(knex, runtime.now, runtime.newId),
    queries: new KnexQueries(knex),
    retention: new RetentionService(knex, runtime.now),
    privacy: new PrivacyService(knex, reads, runtime.now),
    organisations: new OrganisationService(knex, catalogues, runtime.now),
    attachments: new AttachmentService(knex, reads),
    monitoring: new MonitoringService(knex, catalogues, registry, runtime.now),
  };
}
