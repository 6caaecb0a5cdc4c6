/** The fastify app: thin routes per resource, one error handler. */
export { buildApp, type AppOptions } from './app.js';
export { SESSION_COOKIE } from './context.js';
