import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { startAgora, type Agora, type StartOptions } from '../../engine/boot.js';
import { createTestDatabase } from './databases.js';

/** A server for a test: on PGlite in memory or on a fresh PostgreSQL database, dropped on close. */
export async function testAgora(kind: 'pglite' | 'postgres', options: StartOptions = {}): Promise<Agora> {
  if (kind === 'pglite') return startAgora({ memory: true, seedDemo: true, scheduler: false, ...options });
  const db = await createTestDatabase();
  // PostgreSQL has no data folder for a key file: a test installation gets a key as production would (AGORA_DATA_KEY), unless the test says otherwise.
  const dataKey = 'dataKey' in options ? {} : { dataKey: randomBytes(32).toString('base64') };
  const agora = await startAgora({ databaseUrl: db.url, seedDemo: true, scheduler: false, ...dataKey, ...options });
  return {
    ...agora,
    async close() {
      await agora.close();
      await db.drop();
    },
  };
}

/** Signs in through the API and returns the cookie header to send. */
export async function signIn(app: FastifyInstance, username: string, password = 'demo'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'agora_session');
  return `agora_session=${cookie!.value}`;
}

/** A small HTTP client bound to one signed-in user. */
export function client(app: FastifyInstance, cookie: string) {
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
    app.inject({ method, url, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown) => call('POST', url, payload ?? {}),
    put: (url: string, payload: unknown) => call('PUT', url, payload),
    patch: (url: string, payload: unknown) => call('PATCH', url, payload),
    delete: (url: string) => call('DELETE', url),
  };
}
