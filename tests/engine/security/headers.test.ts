import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { signIn, testAgora } from '../../helpers/agora.js';

/** The directives of a CSP header, by name. */
function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...values] = d.split(/\s+/);
    return [name, values.join(' ')];
  }));
}

describe('security headers (#11)', () => {
  let dev: Agora;
  let prod: Agora;
  beforeAll(async () => {
    dev = await testAgora('pglite', { seedDefinitions: false });
    prod = await testAgora('pglite', { seedDefinitions: false, production: true });
  });
  afterAll(async () => {
    await dev?.close();
    await prod?.close();
  });

  it('forbids framing, inline scripts and sniffing on every answer', async () => {
    for (const url of ['/api/health', '/login', '/api/nothing-here']) {
      const res = await dev.app.inject({ url });
      const csp = directives(res.headers['content-security-policy'] as string);
      expect(csp['frame-ancestors']).toBe("'none'");
      expect(csp['script-src']).not.toContain('unsafe-inline');
      // Only for the browser's form validator (Ajv), and nowhere else: docs/decisions/006.
      expect(csp['script-src']).toBe("'self' 'unsafe-eval'");
      expect(Object.entries(csp).filter(([name, value]) => name !== 'script-src' && value.includes('unsafe'))).toEqual([]);
      expect(csp['script-src-attr']).toBe("'none'");
      expect(csp['style-src']).toBe("'self'");
      expect(csp['object-src']).toBe("'none'");
      expect(csp['default-src']).toBe("'self'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('sends HSTS in production only', async () => {
    expect((await dev.app.inject({ url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
    expect((await prod.app.inject({ url: '/api/health' })).headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });

  it('keeps the API documentation for signed-in users in production', async () => {
    for (const url of ['/api/openapi.json', '/api/docs', '/api/docs/static/swagger-initializer.js']) {
      const res = await prod.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('AUTH_REQUIRED');
    }
    await prod.services.auth.createUser('default', 'leser', 'lange-genug-und-selten', []);
    const cookie = await signIn(prod.app, 'leser', 'lange-genug-und-selten');
    expect((await prod.app.inject({ url: '/api/openapi.json', headers: { cookie } })).statusCode).toBe(200);
    expect((await prod.app.inject({ url: '/api/docs', headers: { cookie } })).statusCode).toBe(200);
    // Outside production the documentation stays open for developers.
    expect((await dev.app.inject({ url: '/api/openapi.json' })).statusCode).toBe(200);
  });
});
