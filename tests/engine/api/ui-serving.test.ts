import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { testAgora } from '../../helpers/agora.js';

describe('serving the UI', () => {
  let agora: Agora;
  const uiDir = mkdtempSync(path.join(tmpdir(), 'agora-ui-'));

  beforeAll(async () => {
    writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Agora</title>');
    mkdirSync(path.join(uiDir, 'assets'));
    writeFileSync(path.join(uiDir, 'assets', 'app-1.js'), 'console.log(1)');
    agora = await testAgora('pglite', { definitionsDir: 'tests/fixtures/empty-definitions', uiDir });
  });
  afterAll(async () => agora?.close());

  it('answers every page URL with the single-page app', async () => {
    for (const url of ['/', '/login', '/cases/new', '/studio/kita-grundschule/1?x=1']) {
      const res = await agora.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<title>Agora</title>');
    }
  });

  it('serves files built after the server started, and 404 for missing files instead of the page', async () => {
    writeFileSync(path.join(uiDir, 'assets', 'app-2.js'), 'console.log(2)');
    expect((await agora.app.inject({ url: '/assets/app-2.js' })).body).toBe('console.log(2)');
    const missing = await agora.app.inject({ url: '/assets/app-0.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    expect((await agora.app.inject({ url: '/api/nichts' })).json().error.code).toBe('NOT_FOUND');
  });
});
