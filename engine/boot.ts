import { OidcSignIn, oidcSettingsFromEnv, type OidcSettings } from './auth/index.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/index.js';
import { DEFAULT_TENANT } from './boot-constants.js';
import { JobWorker, Scheduler } from './scheduler/index.js';
import { seedDefinitions, seedDemoUsers, DEFINITIONS_DIR } from './seed.js';
import { createServices, DataKey, raiseEarlyWarning, type Runtime, type Services } from './service/index.js';
import { findDataKey, migrateLatest, openDatabase, type Database } from './store/index.js';
import { smtpTransport, type MailTransport } from './mail/index.js';
import { purgePublicThrottle } from './service/index.js';

/** How to start an Agora server. */
export interface StartOptions {
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  port?: number;
  host?: string;
  uiDir?: string;
  definitionsDir?: string;
  /**
   * Create demo accounts on an empty database: `true` always (tests), `'if-embedded'` only on the
   * embedded PGlite database (what `agora serve` asks for outside production), `false` never.
   */
  seedDemo?: boolean | 'if-embedded';
  demoPassword?: string;
  /** Load the shipped definitions and catalogues. */
  seedDefinitions?: boolean;
  schedulerIntervalMs?: number;
  /** Run the timer loop (default true). */
  scheduler?: boolean;
  /** Run the background job worker (bulk starts, the daily purge; default true, also when `scheduler` is false). */
  jobs?: boolean;
  jobIntervalMs?: number;
  logger?: boolean;
  rt?: Partial<Runtime>;
  poolMax?: number;
  /** Production behaviour (secure cookies, HSTS, API docs behind sign-in); defaults to NODE_ENV=production. */
  production?: boolean;
  /** Sign-in through an identity provider; default: from OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (none when unset). */
  oidc?: OidcSettings | null;
  /** SMTP server for e-mail (default `SMTP_URL`); without one, mails stay in the outbox. */
  smtpUrl?: string;
  /** Sender address (default `MAIL_FROM`). */
  mailFrom?: string;
  /** The public address (default `AGORA_PUBLIC_URL`, else the listening address): trusted origin, OIDC redirect, base of links in e-mails. */
  publicUrl?: string;
  /**
   * The data key sealing pending self-registrations, base64 of 32 bytes
   * (default `AGORA_DATA_KEY`; else a key file in the embedded database's
   * folder, a key per process in memory, none on PostgreSQL).
   */
  dataKey?: string;
}

/** A running server. */
export interface Agora {
  app: FastifyInstance;
  services: Services;
  db: Database;
  scheduler: Scheduler;
  jobWorker: JobWorker;
  url: string;
  close(): Promise<void>;
}

/** `AGORA_TRUST_PROXY`: `true`, a hop count, or a list of proxy addresses (fastify's trustProxy). */
function trustProxySetting(value: string | undefined): boolean | string | undefined {
  if (!value) return undefined;
  return value === 'true' ? true : value;
}

/** Opens the database, migrates, seeds, and (when `port` is given) listens. */
/** The OIDC sign-in for the given settings, or none. */
const oidcOf = (settings: OidcSettings | null) => (settings ? new OidcSignIn(settings) : null);

export async function startAgora(options: StartOptions = {}): Promise<Agora> {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const db = openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, memory: options.memory, poolMax: options.poolMax });
  const log = (msg: string) => options.logger && console.warn(msg);
  let dataKey: DataKey | null;
  try {
    const found = findDataKey({ envValue: options.dataKey ?? process.env.AGORA_DATA_KEY, kind: db.kind, dataDir: options.dataDir, memory: options.memory });
    dataKey = found.key === null ? null : DataKey.fromBase64(found.key, found.source === 'file' ? found.file : 'AGORA_DATA_KEY');
    if (!dataKey) log('AGORA_DATA_KEY is not set: public self-registration is refused (DATA_KEY_MISSING) until it is; see README, "Data key".');
  } catch (e) {
    await db.close();
    throw e;
  }
  await migrateLatest(db.knex);
  await db.knex('tenants').insert({ id: DEFAULT_TENANT, name: 'Bildungsbüro' }).onConflict('id').ignore();
  const services = createServices(db.knex, options.rt, { dataKey });
  if (options.seedDefinitions !== false) await seedDefinitions(services, options.definitionsDir ?? DEFINITIONS_DIR, log);
  const demo = options.seedDemo === 'if-embedded' ? db.kind === 'pglite' : Boolean(options.seedDemo);
  if (demo) await seedDemoUsers(services, options.demoPassword ?? 'demo');
  for (const { id } of await db.knex('tenants').select('id')) await services.registry.warm(db.knex, id);
  const app = await buildApp(services, { uiDir: options.uiDir, logger: options.logger, secureCookies: production, production, publicUrl: options.publicUrl ?? process.env.AGORA_PUBLIC_URL, oidc: oidcOf(options.oidc === undefined ? oidcSettingsFromEnv() : options.oidc), trustProxy: trustProxySetting(process.env.AGORA_TRUST_PROXY) });
  if (options.publicUrl) services.config.publicUrl = options.publicUrl;
  const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL;
  const transport: MailTransport | null = smtpUrl ? smtpTransport(smtpUrl, options.mailFrom ?? process.env.MAIL_FROM ?? 'Agora <agora@localhost>') : null;
  const scheduler = new Scheduler(db.knex, services.cases, {
    now: services.rt.now,
    intervalMs: options.schedulerIntervalMs ?? 1000,
    onError: (e) => app.log.error({ err: { message: (e as Error).message } }, 'timer loop failed'),
    everyTick: async () => {
      await services.registrations.purgeExpired();
      await services.notifications.announceTasks();
      if (transport) await services.outbox.deliver(transport);
    },
    housekeeping: async () => {
      await purgePublicThrottle(db.knex, services.rt.now());
      await services.notifications.overdueDigests();
      const purged = await services.auth.purgeExpired();
      if (purged.sessions || purged.tokens) app.log.info(purged, 'expired sessions and tokens deleted');
      for (const { id } of await db.knex('tenants').select('id')) {
        // The purge itself is a job: queued once a day per tenant (however many processes), run by a job worker.
        await services.retention.queueDailyPurge(id);
        // The early warning (#14): completed periods whose values left their band start a coordinator task.
        for (const w of await services.monitoring.evaluateBands(id, (warning) => raiseEarlyWarning(services.cases, id, warning))) {
          app.log.info({ indicator: w.indicator, period: w.period }, 'monitoring: early warning raised');
        }
      }
    },
  });
  const jobWorker = new JobWorker(services.jobs, {
    intervalMs: options.jobIntervalMs ?? options.schedulerIntervalMs ?? 1000,
    onError: (e) => app.log.error({ err: { message: (e as Error).message } }, 'job loop failed'),
  });
  let url = '';
  if (options.port !== undefined) {
    url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
    if (!options.publicUrl && !process.env.AGORA_PUBLIC_URL) services.config.publicUrl = url;
  } else {
    await app.ready();
  }
  if (options.scheduler !== false) scheduler.start();
  if (options.jobs !== false) jobWorker.start();
  return {
    app,
    services,
    db,
    scheduler,
    jobWorker,
    url,
    async close() {
      await scheduler.stop();
      await jobWorker.stop();
      await app.close();
      await db.close();
    },
  };
}
