import type { FastifyInstance } from 'fastify';
import { buildApp } from './api/index.js';
import { DEFAULT_TENANT } from './boot-constants.js';
import { Scheduler } from './scheduler/index.js';
import { seedDefinitions, seedDemoUsers, DEFINITIONS_DIR } from './seed.js';
import { createServices, type Runtime, type Services } from './service/index.js';
import { migrateLatest, openDatabase, type Database } from './store/index.js';
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
  logger?: boolean;
  rt?: Partial<Runtime>;
  poolMax?: number;
  /** Production behaviour (secure cookies, HSTS, API docs behind sign-in); defaults to NODE_ENV=production. */
  production?: boolean;
  /** SMTP server for e-mail (default `SMTP_URL`); without one, mails stay in the outbox. */
  smtpUrl?: string;
  /** Sender address (default `MAIL_FROM`). */
  mailFrom?: string;
  /** Base of links in e-mails (default `AGORA_PUBLIC_URL`, else the listening address). */
  publicUrl?: string;
}

/** A running server. */
export interface Agora {
  app: FastifyInstance;
  services: Services;
  db: Database;
  scheduler: Scheduler;
  url: string;
  close(): Promise<void>;
}

/** `AGORA_TRUST_PROXY`: `true`, a hop count, or a list of proxy addresses (fastify's trustProxy). */
function trustProxySetting(value: string | undefined): boolean | string | undefined {
  if (!value) return undefined;
  return value === 'true' ? true : value;
}

/** Opens the database, migrates, seeds, and (when `port` is given) listens. */
export async function startAgora(options: StartOptions = {}): Promise<Agora> {
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const db = openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, memory: options.memory, poolMax: options.poolMax });
  await migrateLatest(db.knex);
  await db.knex('tenants').insert({ id: DEFAULT_TENANT, name: 'Bildungsbüro' }).onConflict('id').ignore();
  const services = createServices(db.knex, options.rt);
  const log = (msg: string) => options.logger && console.warn(msg);
  if (options.seedDefinitions !== false) await seedDefinitions(services, options.definitionsDir ?? DEFINITIONS_DIR, log);
  const demo = options.seedDemo === 'if-embedded' ? db.kind === 'pglite' : Boolean(options.seedDemo);
  if (demo) await seedDemoUsers(services, options.demoPassword ?? 'demo');
  for (const { id } of await db.knex('tenants').select('id')) await services.registry.warm(db.knex, id);
  const app = await buildApp(services, { uiDir: options.uiDir, logger: options.logger, secureCookies: production, production, publicUrl: process.env.AGORA_PUBLIC_URL, trustProxy: trustProxySetting(process.env.AGORA_TRUST_PROXY) });
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
        for (const r of await services.retention.purgeExpired(id)) app.log.info(r, 'retention: personal data of closed cases deleted');
      }
    },
  });
  let url = '';
  if (options.port !== undefined) {
    url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
    if (!options.publicUrl && !process.env.AGORA_PUBLIC_URL) services.config.publicUrl = url;
  } else {
    await app.ready();
  }
  if (options.scheduler !== false) scheduler.start();
  return {
    app,
    services,
    db,
    scheduler,
    url,
    async close() {
      await scheduler.stop();
      await app.close();
      await db.close();
    },
  };
}
