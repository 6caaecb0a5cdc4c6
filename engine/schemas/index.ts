/** JSON Schemas of the HTTP API (as const), feeding fastify, the types and OpenAPI. */
export * from './api.js';
export * from './accounts.js';
export * from './responses.js';
export * from './monitoring.js';
export * from './offers.js';
