import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { startAgora } from '../../engine/boot.js';
import { browserAvailability, buildUiIfStale, checkPage, launchBrowser, ROOT, signIn, type Violation } from './browser.js';
import { FORM_CORPUS } from '../fixtures/form-corpus.js';

const availability = browserAvailability();
const TIMEOUT = 150_000;
const form = (name: string) => {
  const e = FORM_CORPUS.find((x) => x.name === name)!;
  return { title: { de: name }, schema: e.schema, ...(e.uiSchema ? { uiSchema: e.uiSchema } : {}) };
};

/** One case walks through three corpus forms; the last step has a guard that says why it refuses. */
const DEFINITION = {
  key: 'korpus-browser',
  version: 1,
  fieldOfAction: 'korpus',
  title: { de: 'Formular-Korpus', en: 'Form corpus' },
  roles: ['staff'],
  forms: { formate: form('formate'), auswahl: form('auswahl-beschriftet'), vorgaben: form('vorgaben') },
  machine: {
    id: 'korpus-browser',
    initial: 'eins',
    states: {
      eins: { meta: { title: { de: 'Formate' }, task: { roles: ['staff'], form: 'formate' } }, on: { SUBMIT: 'zwei' } },
      zwei: { meta: { title: { de: 'Auswahl' }, task: { roles: ['staff'], form: 'auswahl' } }, on: { SUBMIT: 'drei' } },
      drei: {
        meta: { title: { de: 'Vorgaben' }, task: { roles: ['staff'], form: 'vorgaben' } },
        on: {
          SUBMIT: {
            target: 'ende',
            guard: { type: 'formula', params: { rule: { '<=': [{ var: 'data.vorgaben.kinder' }, 1] } }, message: { de: 'Bitte nur ein Kind je Anmeldung.', en: 'One child per registration, please.' } },
          },
        },
      },
      ende: { type: 'final', meta: { title: { de: 'Fertig' } } },
    },
  },
};

describe.skipIf(!availability.run)('corpus forms in Chromium (#10)', () => {
  let agora: { url: string; close(): Promise<void> };
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const violations: Violation[] = [];

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason);
    await buildUiIfStale();
    agora = await startAgora({ memory: true, port: 0, host: '127.0.0.1', seedDemo: true, uiDir: path.join(ROOT, 'ui/dist') });
    const login = await fetch(`${agora.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const post = (url: string, body: unknown) => fetch(`${agora.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    expect((await post('/api/definitions', DEFINITION)).status).toBe(201);
    expect((await post('/api/definitions/korpus-browser/1/publish', {})).status).toBe(200);
    expect((await post('/api/users', { username: 'sam', password: 'Lange-Nacht-der-Bildung-2026', roles: ['staff'] })).status).toBe(201);
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await agora?.close();
  });

  it('renders time fields, a file upload, labelled choices and defaults, and shows a guard message at the form', async () => {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[browser]', e.message));
    await signIn(page, agora.url, 'sam', 'Lange-Nacht-der-Bildung-2026');
    await page.goto(`${agora.url}/cases/new?field=korpus&process=korpus-browser`);
    await page.locator('input[name=process][value=korpus-browser]').check();
    await page.getByRole('button', { name: 'Vorgang starten' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);

    // The browser's time input sends "10:30:00": the server must take it.
    await page.locator('#task_beginn').fill('10:30');
    await page.locator('#task_tag').fill('2026-03-01');
    await page.locator('#task_mail').fill('a@example.org');
    // A file goes up as rjsf's data URL and is kept beside the case.
    await page.locator('#task_anhang').setInputFiles({ name: 'Nachweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect.poll(() => page.locator('form').textContent()).toContain('Nachweis.pdf');
    violations.push(...(await checkPage(page, 'corpus-formate')));
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent(), { timeout: 10_000 }).toContain('Auswahl');

    // Choices show their labels (oneOf titles, enumNames), never values or [object Object].
    await page.locator('#task_schulform').waitFor();
    expect(await page.locator('#task_schulform option').allTextContents()).toEqual(expect.arrayContaining(['Grundschule', 'Gymnasium']));
    expect(await page.locator('#task_stufe option').allTextContents()).toEqual(expect.arrayContaining(['Unterstufe', 'Mittelstufe', 'Oberstufe']));
    await page.locator('#task_schulform').selectOption({ label: 'Gymnasium' });
    await page.locator('#task_stufe').selectOption({ label: 'Mittelstufe' });
    violations.push(...(await checkPage(page, 'corpus-auswahl')));
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent(), { timeout: 10_000 }).toContain('Vorgaben');

    // Defaults are in the form as the server would fill them; the guard's reason shows at the form.
    await page.locator('#task_kinder').waitFor();
    expect(await page.locator('#task_sprache').inputValue()).toBe('deutsch');
    expect(await page.locator('#task_kinder').inputValue()).toBe('1');
    await page.locator('#task_kinder').fill('2');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent(), { timeout: 10_000 }).toContain('Bitte nur ein Kind je Anmeldung.');
    violations.push(...(await checkPage(page, 'corpus-guard')));
    await page.locator('#task_kinder').fill('1');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('.badge-state').textContent(), { timeout: 10_000 }).toContain('Fertig');

    // The case data shows the labels too, not the stored values.
    const shown = (await page.locator('dl.data').allTextContents()).join(' ');
    expect(shown).toContain('Gymnasium');
    expect(shown).toContain('Mittelstufe');
    expect(shown).not.toContain('[object Object]');
    const link = page.getByRole('link', { name: 'Nachweis.pdf' }).first();
    const download = await page.request.get(new URL((await link.getAttribute('href'))!, agora.url).toString());
    expect(download.status()).toBe(200);
    expect((await download.body()).toString()).toBe('%PDF-1.4\n%%EOF\n');
    await page.close();
    expect(violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help}`)).toEqual([]);
  }, TIMEOUT);
});
