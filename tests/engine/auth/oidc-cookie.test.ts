import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OIDC_COOKIE, OIDC_HOST_COOKIE, oidcRoutes } from '../../../engine/api/oidc-routes.js';
import { installErrorHandler } from '../../../engine/api/error-handler.js';
import type { OidcSignIn } from '../../../engine/auth/index.js';

/** A provider stand-in: the pending sign-in is all these tests look at. */
const provider = {
  start: async () => ({ url: 'https://idp.example/auth?x=1', pending: { state: 's', verifier: 'v', nonce: 'n' } }),
  finish: async () => {
    throw new Error('not reached');
  },
} as unknown as OidcSignIn;

async function appWith(secureCookies: boolean) {
  const app = Fastify();
  await app.register(cookie);
  installErrorHandler(app, 1_000_000);
  app.decorate('services', { auth: {} } as never);
  await app.register(oidcRoutes, { oidc: provider, secureCookies });
  return app;
}

describe('the pending sign-in cookie (#15)', () => {
  it('is __Host- prefixed over HTTPS, so a sibling subdomain cannot plant its own sign-in in the browser', async () => {
    const app = await appWith(true);
    const res = await app.inject({ url: '/api/session/oidc' });
    expect(res.statusCode).toBe(302);
    const line = [res.headers['set-cookie']].flat().find((c) => c?.startsWith(`${OIDC_HOST_COOKIE}=`));
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).toMatch(/; Secure/);
    expect(line).not.toMatch(/Domain=/i);
    // A cookie without the prefix (what a subdomain can set) is not a started sign-in.
    const planted = await app.inject({ url: '/api/session/oidc/callback?code=c&state=s', headers: { cookie: `${OIDC_COOKIE}=${Buffer.from(JSON.stringify({ state: 's', verifier: 'v', nonce: 'n' })).toString('base64url')}` } });
    expect(planted.statusCode).toBe(302);
    expect(planted.headers.location).toBe('/login?error=OIDC_STATE_INVALID');
    await app.close();
  });

  it('keeps the plain name on HTTP, where browsers refuse __Host- cookies', async () => {
    const app = await appWith(false);
    const res = await app.inject({ url: '/api/session/oidc' });
    expect([res.headers['set-cookie']].flat().some((c) => c?.startsWith(`${OIDC_COOKIE}=`))).toBe(true);
    await app.close();
  });
});
