import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { AgoraError, ERRORS, formatMessage } from '../errors.js';
import type { Services } from '../service/index.js';
import { caseRoutes } from './case-routes.js';
import { attachmentRoutes } from './attachment-routes.js';
import { SESSION_COOKIE } from './context.js';
import { definitionRoutes } from './definition-routes.js';
import { originOf, refuseCrossSite } from './cross-site.js';
import { installErrorHandler } from './error-handler.js';
import { oidcRoutes } from './oidc-routes.js';
import type { OidcSignIn } from '../auth/index.js';
import { guardApiDocs, registerSecurityHeaders } from './security-headers.js';
import { sessionRoutes } from './session-routes.js';
import { accountRoutes } from './account-routes.js';
import { hasUnstorableText } from './unstorable-text.js';
import { serializeRequest } from './log-redaction.js';
import { isNestedDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';
import { workRoutes } from './work-routes.js';
import { organisationRoutes } from './organisation-routes.js';
import { monitoringRoutes } from './monitoring-routes.js';
import { publicRoutes } from './public-routes.js';
import { outboxRoutes } from './outbox-routes.js';
import { phaseDone, timingPhases } from '../phases.js';

/** Options of the HTTP app. */
export interface AppOptions {
  /** Folder of the built UI (`ui/dist`); served at `/` when it exists. */
  uiDir?: string;
  /** Largest request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** fastify logger setting; request bodies are never logged. */
  logger?: boolean | object;
  secureCookies?: boolean;
  /** Production: HSTS, and the API documentation only for signed-in users. */
  production?: boolean;
  /** The public address (AGORA_PUBLIC_URL); its origin is trusted besides the request's own Host. */
  publicUrl?: string;
  /** fastify `trustProxy`: behind a reverse proxy, the client address (for sign-in throttling) comes from X-Forwarded-For. */
  trustProxy?: boolean | string;
  /** Sign-in through the city's identity provider (OIDC_* settings), or none. */
  oidc?: OidcSignIn | null;
}

/** Redacts what could carry personal data before anything reaches a log line. */
const LOG_REDACT = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'];

/** Builds the fastify app over the services; no port is opened (tests use `inject`). */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? 2 * 1024 * 1024;
  const production = options.production ?? false;
  const base = { level: 'info', redact: LOG_REDACT, serializers: { req: serializeRequest } };
  const logger = options.logger === true ? base : options.logger ? { ...base, ...options.logger } : options.logger;
  const app = Fastify({
    logger: logger ?? false,
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    // Errors of the router itself (a path segment over 100 characters, broken percent-encoding) get the API's error shape too.
    frameworkErrors: (error, _request, reply) => {
      const reason = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : error.code === 'FST_ERR_BAD_URL' ? 'the URL is not well-formed' : 'the request cannot be routed';
      void (reply as unknown as { status(code: number): { send(body: unknown): unknown } })
        .status(400)
        .send({ error: { code: 'BAD_REQUEST', message: formatMessage(ERRORS.BAD_REQUEST.message, { reason }) } });
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true }, plugins: [(await import('ajv-formats')).default as any] },
  }).withTypeProvider<JsonSchemaToTsProvider>();
  app.decorate('services', services);
  app.decorateRequest('actor', null);
  installErrorHandler(app, bodyLimit);
  // The API speaks JSON only: a text/plain body is refused with 415 instead of reaching a route as a string.
  app.removeContentTypeParser('text/plain');

  // Benchmark profiling only (AGORA_PROFILE_PHASES): the time of a command's phases outside the service.
  const timedCommand = (request: { method: string; url: string }) => timingPhases && request.method === 'POST' && request.url.endsWith('/events');
  if (timingPhases) {
    app.decorateRequest('phaseAt', 0);
    app.addHook('onRequest', async (request) => {
      if (timedCommand(request)) request.phaseAt = performance.now();
    });
  }
  await app.register(cookie);
  await registerSecurityHeaders(app, { production });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const credential = await services.auth.credentialFromToken(header.slice(7).trim());
      if (credential?.scope === 'read' && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
        throw new AgoraError('AUTH_FORBIDDEN', { reason: 'this API token may only read' });
      }
      request.actor = credential?.actor ?? null;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = await services.auth.actorFromSession(token);
    if (timedCommand(request)) request.phaseAt = phaseDone('session', request.phaseAt);
  });
  app.addHook('onRequest', async (request) => guardApiDocs(request, production));
  const trustedOrigins = [originOf(options.publicUrl)].filter((o): o is string => o !== null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) refuseCrossSite({ method: request.method, headers: request.headers, ownOrigin: `${request.protocol}://${request.host}`, trustedOrigins });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Agora API', version: '1', description: 'Workflow and forms engine for municipal education management' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  // Before schema validation: a NUL or a lone surrogate anywhere in the request is refused, not sent to PostgreSQL.
  app.addHook('preValidation', async (request) => {
    if (hasUnstorableText(request.params) || hasUnstorableText(request.query) || hasUnstorableText(request.body)) {
      throw new AgoraError('BAD_REQUEST', { reason: 'the request contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored' });
    }
    if (isNestedDeeperThan(request.body)) throw new AgoraError('BAD_REQUEST', { reason: `the JSON nests deeper than ${MAX_JSON_DEPTH} levels` });
  });

  if (timingPhases) {
    // parse: the other request hooks, body parsing and validation; serialise: the answer to JSON; write: onto the socket.
    app.addHook('preHandler', async (request) => {
      if (timedCommand(request)) request.phaseAt = phaseDone('parse', request.phaseAt);
    });
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (timedCommand(request)) request.phaseAt = performance.now();
      return payload;
    });
    app.addHook('onSend', async (request, _reply, payload) => {
      if (timedCommand(request)) request.phaseAt = phaseDone('serialise', request.phaseAt);
      return payload;
    });
    app.addHook('onResponse', async (request) => {
      if (timedCommand(request)) phaseDone('write', request.phaseAt);
    });
  }

  app.get('/api/health', { schema: { tags: ['meta'], response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } }, additionalProperties: false } } } }, async () => {
    await services.knex.raw('select 1');
    return { status: 'ok' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(sessionRoutes, { secureCookies: options.secureCookies ?? false, oidc: options.oidc ?? null, publicUrl: options.publicUrl });
  await app.register(oidcRoutes, { oidc: options.oidc ?? null, secureCookies: options.secureCookies ?? false, publicUrl: options.publicUrl });
  await app.register(definitionRoutes);
  await app.register(caseRoutes);
  await app.register(attachmentRoutes);
  await app.register(workRoutes);
  await app.register(organisationRoutes);
  await app.register(monitoringRoutes);
  await app.register(accountRoutes);
  await app.register(publicRoutes);
  await app.register(outboxRoutes);

  const uiDir = options.uiDir ? path.resolve(options.uiDir) : undefined;
  const hasUi = uiDir !== undefined && existsSync(path.join(uiDir, 'index.html'));
  // wildcard: files are looked up per request, so a UI rebuilt while the server runs is served as it is now.
  if (hasUi) {
    await app.register(fastifyStatic, { root: uiDir, wildcard: true, index: false });
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html; charset=utf-8').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0];
    // A missing file (an old chunk after a deploy) is a 404, not the page: the browser then reloads instead of failing to parse HTML as script.
    if (request.url.startsWith('/api/') || request.method !== 'GET' || !hasUi || /\.[a-z0-9]+$/i.test(pathname)) {
      throw new AgoraError('NOT_FOUND', { path: request.url.split('?')[0] });
    }
    // Single-page app: every page URL serves index.html and the UI routes it.
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });
  return app;
}
