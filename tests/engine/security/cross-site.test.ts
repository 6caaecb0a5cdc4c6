import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { crossSiteReason } from '../../../engine/api/cross-site.js';
import { fixture } from '../../fixtures/definitions.js';
import { signIn, testAgora } from '../../helpers/agora.js';

describe('cross-site request forgery (#11)', () => {
  let agora: Agora;
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    agora = await testAgora('pglite', { seedDefinitions: false });
    cookie = await signIn(agora.app, 'admin');
    token = await agora.services.auth.createToken('default', 'admin');
  });
  afterAll(() => agora?.close());

  const importDraft = async (version: number) => {
    const res = await agora.app.inject({ method: 'POST', url: '/api/definitions', headers: { cookie }, payload: { ...fixture('kita-mini'), version } });
    expect(res.statusCode).toBe(201);
  };
  const status = async (version: number) => (await agora.app.inject({ url: `/api/definitions/kita-mini/${version}`, headers: { cookie } })).json().status;

  it('refuses a body-less cross-site publish that carries the admin\'s cookie', async () => {
    await importDraft(1);
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'http://evil.example' }, { origin: 'null' }, { origin: 'http://localhost:4000' }]) {
      const res = await agora.app.inject({ method: 'POST', url: '/api/definitions/kita-mini/1/publish', headers: { cookie, host: 'localhost:3000', ...headers } });
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().error.code).toBe('CROSS_SITE_REQUEST');
    }
    expect(await status(1)).toBe('draft');
  });

  it('accepts the same request from the app\'s own pages', async () => {
    await importDraft(2);
    const res = await agora.app.inject({ method: 'POST', url: '/api/definitions/kita-mini/2/publish', headers: { cookie, host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' } });
    expect(res.statusCode).toBe(200);
    expect(await status(2)).toBe('published');
  });

  it('lets bearer tokens through, since no browser sends them on its own', async () => {
    await importDraft(3);
    const res = await agora.app.inject({ method: 'POST', url: '/api/definitions/kita-mini/3/publish', headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a cross-site sign-in (login CSRF) and leaves reads alone', async () => {
    const login = await agora.app.inject({ method: 'POST', url: '/api/session', headers: { 'sec-fetch-site': 'cross-site' }, payload: { username: 'admin', password: 'demo' } });
    expect(login.json().error.code).toBe('CROSS_SITE_REQUEST');
    const read = await agora.app.inject({ url: '/api/definitions', headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(read.statusCode).toBe(200);
  });
});

describe('crossSiteReason', () => {
  const base = { ownOrigin: 'http://agora.local', trustedOrigins: ['https://agora.stadt.de'] };
  it('trusts Sec-Fetch-Site over Origin (a dev proxy rewrites Host, not the browser\'s judgement)', () => {
    expect(crossSiteReason({ ...base, method: 'PUT', headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:5173' } })).toBeNull();
    expect(crossSiteReason({ ...base, method: 'DELETE', headers: { 'sec-fetch-site': 'cross-site', origin: 'http://agora.local' } })).toMatch(/cross-site/);
  });
  it('compares Origin with the own and the public address when Sec-Fetch-Site is missing', () => {
    expect(crossSiteReason({ ...base, method: 'POST', headers: { origin: 'https://agora.stadt.de' } })).toBeNull();
    expect(crossSiteReason({ ...base, method: 'POST', headers: { origin: 'https://agora.stadt.de.evil.example' } })).toMatch(/Origin/);
    expect(crossSiteReason({ ...base, method: 'POST', headers: {} })).toBeNull();
    expect(crossSiteReason({ ...base, method: 'GET', headers: { origin: 'http://evil.example' } })).toBeNull();
  });
});
