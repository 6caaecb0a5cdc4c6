import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../errors.js';

/**
 * The Content-Security-Policy of every answer. The built UI loads only its own
 * files (Vite emits no inline script or style element), so no inline script
 * runs; `'unsafe-eval'` stays because the form validator (Ajv inside rjsf, see docs/decisions/006)
 * compiles each form's JSON Schema with `Function` in the browser.
 * `frame-ancestors 'none'` stops other pages from framing the app (clickjacking).
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-eval'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
} as const;

/**
 * Security headers for every answer (CSP, X-Frame-Options, nosniff,
 * Referrer-Policy; HSTS only in production, where TLS is in front), and the
 * API documentation behind sign-in in production.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, upgradeInsecureRequests: options.production ? [] : null } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** Whether a URL is the API documentation (page, its assets, or the OpenAPI document). */
export function isApiDocs(url: string): boolean {
  const pathname = url.split('?')[0];
  return pathname === '/api/openapi.json' || pathname === '/api/docs' || pathname.startsWith('/api/docs/');
}

/** In production the API documentation is for signed-in users only; call after the actor is known. */
export function guardApiDocs(request: { url: string; actor: unknown }, production: boolean): void {
  if (production && !request.actor && isApiDocs(request.url)) throw new AgoraError('AUTH_REQUIRED');
}
