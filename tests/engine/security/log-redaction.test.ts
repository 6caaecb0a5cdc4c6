import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../engine/api/index.js';
import { redactUrl } from '../../../engine/api/log-redaction.js';
import type { Agora } from '../../../engine/boot.js';
import { signIn, testAgora } from '../../helpers/agora.js';

describe('redactUrl', () => {
  it('hides search terms and the whole query of the privacy routes, and keeps the rest', () => {
    expect(redactUrl('/api/cases?q=Mia%20M%C3%BCller&status=active')).toBe('/api/cases?q=[redacted]&status=active');
    expect(redactUrl('/api/privacy/cases?q=Mia&x=1')).toBe('/api/privacy/cases?q=[redacted]&x=[redacted]');
    expect(redactUrl('/api/tasks?limit=5')).toBe('/api/tasks?limit=5');
    expect(redactUrl('/api/cases')).toBe('/api/cases');
  });
});

describe('access log (#11)', () => {
  let agora: Agora;
  const lines: string[] = [];
  beforeAll(async () => {
    agora = await testAgora('pglite', { seedDefinitions: false });
  });
  afterAll(() => agora?.close());

  it('keeps the searched person\'s name out of the log', async () => {
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const app = await buildApp(agora.services, { logger: { level: 'info', stream } });
    const cookie = await signIn(app, 'admin');
    expect((await app.inject({ url: '/api/privacy/cases?q=Mia%20Musterfrau', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/cases?q=Musterfrau', headers: { cookie } })).statusCode).toBe(200);
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/api/privacy/cases?q=[redacted]');
    expect(log).toContain('/api/cases?q=[redacted]');
    expect(log).not.toMatch(/Musterfrau|agora_session/);
  });
});
