import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora } from '../../../engine/boot.js';
import { accountDelayMs, blockMs } from '../../../engine/auth/sign-in-throttle.js';
import { createTestDatabase, databaseKinds } from '../../helpers/databases.js';

const OWNER_PASSWORD = 'Kinder-spielen-im-Hof-am-Mittag';

describe('blockMs and accountDelayMs', () => {
  it('lets the free failures pass, then doubles the wait up to 15 minutes', () => {
    expect([4, 5, 6, 7, 30].map((n) => blockMs(n, 5))).toEqual([0, 1000, 2000, 4000, 900_000]);
  });
  it('slows an account down under a distributed attack but never refuses it', () => {
    expect([50, 51, 60, 1000].map(accountDelayMs)).toEqual([0, 100, 1000, 2000]);
  });
});

describe.skipIf(!databaseKinds().includes('postgres'))('sign-in throttling across two server processes on one database (#11)', () => {
  let a: Agora;
  let b: Agora;
  let drop: () => Promise<void>;
  let nowMs = Date.parse('2026-12-01T09:00:00Z');
  const rt = { now: () => new Date(nowMs) };

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    a = await startAgora({ databaseUrl: db.url, seedDefinitions: false, scheduler: false, rt });
    b = await startAgora({ databaseUrl: db.url, seedDefinitions: false, scheduler: false, rt });
    await a.services.auth.createUser('default', 'hort', OWNER_PASSWORD, ['hort']);
    await a.services.auth.createUser('default', 'admin', 'Verwaltung-der-Schulen-2026', ['admin']);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  const signIn = (server: Agora, username: string, password: string, remoteAddress: string) =>
    server.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress });

  it('slows the attacker\'s address down on every server, and lets the owner in from another address', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(i % 2 ? a : b, 'hort', `falsch-${i}`, '203.0.113.66')).statusCode).toBe(401);
    // The sixth try goes to the other process: it knows of the five failures, and refuses even the right password.
    const blocked = await signIn(b, 'hort', OWNER_PASSWORD, '203.0.113.66');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    expect(blocked.headers['retry-after']).toBe('1');
    // The owner, elsewhere, is not locked out.
    expect((await signIn(b, 'hort', OWNER_PASSWORD, '198.51.100.7')).statusCode).toBe(200);
    expect((await signIn(a, 'hort', OWNER_PASSWORD, '198.51.100.7')).statusCode).toBe(200);

    // After the wait, one more failure doubles it.
    nowMs += 1000;
    expect((await signIn(a, 'hort', 'falsch-6', '203.0.113.66')).statusCode).toBe(401);
    const longer = await signIn(a, 'hort', 'falsch-7', '203.0.113.66');
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');
  });

  it('blocks an address that tries many accounts, for every account, without touching other addresses', async () => {
    for (let i = 0; i < 30; i++) expect((await signIn(i % 2 ? a : b, `user${i}`, 'falsch', '192.0.2.99')).statusCode).toBe(401);
    const res = await signIn(a, 'admin', 'Verwaltung-der-Schulen-2026', '192.0.2.99');
    expect(res.statusCode).toBe(429);
    expect((await signIn(b, 'admin', 'Verwaltung-der-Schulen-2026', '192.0.2.100')).statusCode).toBe(200);
  });

  it('forgets the failures of an address once its window has passed', async () => {
    nowMs += 61 * 60_000;
    expect((await signIn(b, 'hort', OWNER_PASSWORD, '203.0.113.66')).statusCode).toBe(200);
    const purged = await a.services.auth.purgeExpired();
    expect(purged.throttle).toBeGreaterThan(0);
    expect(await a.db.knex('sign_in_throttle').where('window_start', '<', new Date(nowMs - 15 * 60_000).toISOString()).count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
