import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { passwordProblem } from '../../../engine/auth/index.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';

describe('password rules (#11)', () => {
  it.each([
    ['password', 'hort', 'PASSWORD_TOO_SHORT'],
    ['        ', 'hort', 'PASSWORD_TOO_SHORT'],
    ['            ', 'hort', 'PASSWORD_TOO_WEAK'],
    ['aaaaaaaaaaaaaaaa', 'hort', 'PASSWORD_TOO_WEAK'],
    ['koordination', 'koordination', 'PASSWORD_TOO_WEAK'],
    ['Mein-Koordination-1', 'koordination', 'PASSWORD_TOO_WEAK'],
    ['password1234', 'hort', 'PASSWORD_TOO_WEAK'],
    ['Passwort2024!!', 'hort', 'PASSWORD_TOO_WEAK'],
    ['qwertzuiop12', 'hort', 'PASSWORD_TOO_WEAK'],
  ])('refuses %j for user %s with %s', (password, username, code) => {
    expect(passwordProblem(password, username)?.code).toBe(code);
  });

  it('accepts a long phrase of one\'s own', () => {
    expect(passwordProblem('Kastanien fallen im Oktober', 'hort')).toBeNull();
    expect(passwordProblem('lang-genug-und-eigen-123', 'neu-abc')).toBeNull();
  });
});

describe('account lifecycle (#11)', () => {
  let agora: Agora;
  let admin: ReturnType<typeof client>;
  let nowMs = Date.parse('2026-12-01T09:00:00Z');
  const PW = 'Erzieherin-im-Hort-seit-2019';

  beforeAll(async () => {
    agora = await testAgora('pglite', { seedDefinitions: false, rt: { now: () => new Date(nowMs) } });
    admin = client(agora.app, await signIn(agora.app, 'admin'));
  });
  afterAll(() => agora?.close());

  const status = (res: { statusCode: number; body: string }) => `${res.statusCode} ${res.body.slice(0, 200)}`;

  it('refuses weak passwords when an administrator creates a user', async () => {
    for (const password of ['password', '        ', 'lena-lena-lena', 'password1234']) {
      const res = await admin.post('/api/users', { username: 'lena', password, roles: ['kita'] });
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.code).toMatch(/^PASSWORD_TOO_(SHORT|WEAK)$/);
    }
    const res = await admin.post('/api/users', { username: 'lena', password: PW, roles: ['kita'] });
    expect(res.statusCode, status(res)).toBe(201);
    expect(res.json()).toMatchObject({ username: 'lena', roles: ['kita'], disabled: false });
  });

  it('disables a user: sessions and tokens stop at once, sign-in is refused; enabling lets her in again', async () => {
    expect((await admin.get('/api/users')).json().items.find((u: any) => u.username === 'lena')).toMatchObject({ disabled: false, organisations: [] });
    const cookie = await signIn(agora.app, 'lena', PW);
    const token = await agora.services.auth.createToken('default', 'lena');
    expect((await agora.app.inject({ url: '/api/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);

    const patched = await admin.patch(`/api/users/lena`, { disabled: true });
    expect(patched.statusCode, status(patched)).toBe(200);
    expect(patched.json().disabled).toBe(true);
    expect((await agora.app.inject({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await agora.app.inject({ url: '/api/session', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    const refused = await agora.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'lena', password: PW } });
    expect(refused.json().error.code).toBe('AUTH_INVALID_CREDENTIALS');

    const on = await admin.patch(`/api/users/lena`, { disabled: false });
    expect(on.json().disabled).toBe(false);
    await signIn(agora.app, 'lena', PW);
  });

  it('does not let an administrator disable her own account', async () => {
    const res = await admin.patch(`/api/users/admin`, { disabled: true });
    expect(res.statusCode).toBe(403);
    expect((await admin.get('/api/session')).statusCode).toBe(200);
  });

  it('changes one\'s own password after the current one; other sessions end, this one stays', async () => {
    const here = client(agora.app, await signIn(agora.app, 'lena', PW));
    const elsewhere = client(agora.app, await signIn(agora.app, 'lena', PW));
    const wrong = await here.put('/api/session/password', { current: 'nicht-das-richtige', password: 'Neue-Gruppe-im-Herbst-2026' });
    expect(wrong.json().error.code).toBe('PASSWORD_CURRENT_WRONG');
    const weak = await here.put('/api/session/password', { current: PW, password: 'password1234' });
    expect(weak.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const same = await here.put('/api/session/password', { current: PW, password: PW });
    expect(same.json().error.code).toBe('PASSWORD_TOO_WEAK');
    const ok = await here.put('/api/session/password', { current: PW, password: 'Neue-Gruppe-im-Herbst-2026' });
    expect(ok.statusCode, status(ok)).toBe(204);
    expect((await here.get('/api/session')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/session')).statusCode).toBe(401);
    expect((await agora.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'lena', password: PW } })).statusCode).toBe(401);
    await signIn(agora.app, 'lena', 'Neue-Gruppe-im-Herbst-2026');
  });

  it('lets an administrator reset a password, which ends the user\'s sessions', async () => {
    const session = client(agora.app, await signIn(agora.app, 'lena', 'Neue-Gruppe-im-Herbst-2026'));
    expect((await admin.put(`/api/users/lena/password`, { password: 'lena' })).json().error.code).toBe('PASSWORD_TOO_SHORT');
    const res = await admin.put(`/api/users/lena/password`, { password: 'Vom-Amt-vergeben-Dezember' });
    expect(res.statusCode, status(res)).toBe(204);
    expect((await session.get('/api/session')).statusCode).toBe(401);
    await signIn(agora.app, 'lena', 'Vom-Amt-vergeben-Dezember');
    await agora.services.auth.createUser('default', 'kita', 'Kinder-im-Garten-spielen', ['kita']);
    const kita = client(agora.app, await signIn(agora.app, 'kita', 'Kinder-im-Garten-spielen'));
    expect((await kita.put(`/api/users/lena/password`, { password: 'Vom-Kita-Konto-aus-geaendert' })).statusCode).toBe(403);
  });

  it('issues API tokens with a scope and an expiry, records their last use and revokes them', async () => {
    const lena = client(agora.app, await signIn(agora.app, 'lena', 'Vom-Amt-vergeben-Dezember'));
    const created = await lena.post('/api/tokens', { name: 'Auswertung', scope: 'read', expiresInDays: 7 });
    expect(created.statusCode, status(created)).toBe(201);
    const { id, token, expiresAt, scope } = created.json();
    expect(scope).toBe('read');
    expect(expiresAt).toBe(new Date(nowMs + 7 * 86_400_000).toISOString());
    const bearer = { authorization: `Bearer ${token}` };

    expect((await agora.app.inject({ url: '/api/cases', headers: bearer })).statusCode).toBe(200);
    const write = await agora.app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'mehr' } });
    expect(write.statusCode).toBe(403);
    expect(write.json().error.code).toBe('AUTH_FORBIDDEN');
    const listed = (await lena.get('/api/tokens')).json().items.find((t: any) => t.id === id);
    expect(listed).toMatchObject({ name: 'Auswertung', scope: 'read', lastUsedAt: new Date(nowMs).toISOString(), revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);

    // Expired: refused, even by a process that checked it seconds before (the cache ends at the expiry).
    nowMs += 7 * 86_400_000 + 1;
    expect((await agora.app.inject({ url: '/api/cases', headers: bearer })).statusCode).toBe(401);

    const full = (await client(agora.app, await signIn(agora.app, 'lena', 'Vom-Amt-vergeben-Dezember')).post('/api/tokens', { name: 'Skript', scope: 'full' })).json();
    const fullBearer = { authorization: `Bearer ${full.token}` };
    expect((await agora.app.inject({ method: 'POST', url: '/api/tokens', headers: fullBearer, payload: { name: 'kurz', expiresInDays: 1 } })).statusCode).toBe(201);
    const revoked = await agora.app.inject({ method: 'DELETE', url: `/api/tokens/${full.id}`, headers: fullBearer });
    expect(revoked.statusCode).toBe(204);
    expect((await agora.app.inject({ url: '/api/cases', headers: fullBearer })).statusCode).toBe(401);
  });

  it('deletes expired sessions', async () => {
    await signIn(agora.app, 'lena', 'Vom-Amt-vergeben-Dezember');
    const count = async () => Number((await agora.db.knex('sessions').count({ n: '*' }))[0].n);
    expect(await count()).toBeGreaterThan(0);
    nowMs += 13 * 3600_000;
    const purged = await agora.services.auth.purgeExpired();
    expect(purged.sessions).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });
});
