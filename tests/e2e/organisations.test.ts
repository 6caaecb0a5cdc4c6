import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAgora } from '../../engine/boot.js';
import { browserAvailability, buildUiIfStale, checkPage, launchBrowser, ROOT, signIn, type Violation } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 150_000;

describe.skipIf(!availability.run)('organisations and access in the web UI (#9)', () => {
  let agora: { url: string; close(): Promise<void> };
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let base: string;
  const violations: Violation[] = [];
  let ownedCaseUrl = '';

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason);
    await buildUiIfStale();
    agora = await startAgora({ memory: true, port: 0, host: '127.0.0.1', seedDemo: true, uiDir: path.join(ROOT, 'ui/dist') });
    base = agora.url;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await agora?.close();
  });

  async function freshPage(): Promise<Page> {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => console.error('[browser]', e.message));
    return page;
  }

  const check = async (page: Page, name: string) => violations.push(...(await checkPage(page, name)));

  /** Calls the API as `username` (demo password), as a script of the office would. */
  async function apiAs(username: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  /** Fills and sends the "Neue Organisation" form. */
  async function createOnPage(page: Page, o: { key: string; de: string; en?: string; kind: string; parent?: string }): Promise<void> {
    const form = page.getByRole('region', { name: 'Neue Organisation' });
    await form.getByLabel('Schlüssel').fill(o.key);
    await form.getByLabel('Bezeichnung (Deutsch)').fill(o.de);
    if (o.en) await form.getByLabel('Bezeichnung (Englisch)').fill(o.en);
    await form.getByLabel('Art').selectOption({ label: o.kind });
    if (o.parent) await form.getByLabel('Träger').selectOption({ label: o.parent });
    await form.getByRole('button', { name: 'Organisation anlegen' }).click();
  }

  it('lets an administrator create, filter, edit and disable organisations, with the API’s errors at the field', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Organisationen' }).click();
    await page.waitForURL(`${base}/admin/organisations`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Organisationen');
    await check(page, 'organisations');

    await createOnPage(page, { key: 'traeger-e2e', de: 'Träger Sonnenland', kind: 'Träger' });
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('„Träger Sonnenland“ wurde angelegt.');
    await createOnPage(page, { key: 'kita-regenbogen', de: 'Kita Regenbogen', en: 'Rainbow day-care', kind: 'Kita', parent: 'Träger Sonnenland' });
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('„Kita Regenbogen“ wurde angelegt.');
    // The form is empty again for the next one.
    expect(await page.locator('#org-new-key').inputValue()).toBe('');

    // The same key again: the server's 409 is shown at the key field, which takes focus.
    await createOnPage(page, { key: 'kita-regenbogen', de: 'Noch eine Kita', kind: 'Kita' });
    await expect.poll(() => page.locator('#org-new-key-error').textContent()).toContain('Den Schlüssel „kita-regenbogen“ gibt es schon.');
    expect(await page.locator('#org-new-key').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('org-new-key');
    // A key the API would refuse is caught before sending, in German.
    await page.locator('#org-new-key').fill('Kita Groß');
    await page.getByRole('button', { name: 'Organisation anlegen' }).click();
    await expect.poll(() => page.locator('#org-new-key-error').textContent()).toContain('Nur Kleinbuchstaben');
    await check(page, 'organisations-error');

    // Filtered by kind (kept in the URL): the Kita with its Träger, not the Träger itself.
    await page.locator('#org-kind-filter').selectOption({ label: 'Kita' });
    await page.waitForURL(`${base}/admin/organisations?kind=kita`);
    const table = page.getByRole('table', { name: 'Alle Organisationen' });
    const row = table.getByRole('row', { name: /Kita Regenbogen/ });
    await expect.poll(() => row.textContent()).toContain('Träger Sonnenland');
    expect(await table.getByRole('row', { name: /Träger Sonnenland/ }).count()).toBe(1);
    expect(await table.getByRole('rowheader', { name: 'Träger Sonnenland' }).count()).toBe(0);

    // Edit: the form opens with focus on its heading; saving returns focus to the row's button.
    await row.getByRole('button', { name: 'Bearbeiten: Kita Regenbogen' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('org-edit-heading');
    await page.locator('#org-edit-titleDe').fill('Kita Regenbogenland');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('„Kita Regenbogenland“ wurden gespeichert');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('org-row-edit-kita-regenbogen');

    await table.getByRole('button', { name: 'Deaktivieren: Kita Regenbogenland' }).click();
    await expect.poll(() => table.getByRole('row', { name: /Kita Regenbogenland/ }).textContent()).toContain('deaktiviert');
    const stored = await apiAs('admin', 'GET', '/api/organisations/kita-regenbogen');
    expect(stored.json).toMatchObject({ title: { de: 'Kita Regenbogenland', en: 'Rainbow day-care' }, kind: 'kita', parent: 'traeger-e2e', disabled: true });
    await check(page, 'organisations-list');

    // Only administrators see the page, and its link.
    await page.close();
    const other = await freshPage();
    await signIn(other, base, 'kita');
    expect(await other.getByRole('link', { name: 'Organisationen' }).count()).toBe(0);
    await other.goto(`${base}/admin/organisations`);
    await expect.poll(() => other.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    await other.close();
  }, TIMEOUT);

  it('lets an administrator give an account two organisations, and asks that person whose case it is', async () => {
    for (const [key, de] of [['kita-pusteblume', 'Kita Pusteblume'], ['kita-loewenzahn', 'Kita Löwenzahn']]) {
      expect((await apiAs('admin', 'POST', '/api/organisations', { key, title: { de }, kind: 'kita' })).status).toBe(201);
    }
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Benutzer' }).click();
    await page.waitForURL(`${base}/admin/users`);
    const form = page.getByRole('region', { name: 'Neuer Benutzer' });
    await form.getByLabel('Benutzername').fill('zwei-kitas');
    await form.getByLabel('Erstes Passwort').fill('demo-demo-1');
    await form.getByRole('checkbox', { name: 'kita', exact: true }).check();
    // The picker: search, tick, and the choice stays while the search changes.
    const search = form.getByLabel('Organisation suchen');
    await search.fill('pusteblume');
    await form.getByRole('checkbox', { name: /Kita Pusteblume/ }).check();
    await search.fill('lowenzahn');
    await form.getByRole('checkbox', { name: /Kita Löwenzahn/ }).check();
    await search.fill('');
    expect(await form.getByRole('list', { name: 'Ausgewählt' }).textContent()).toMatch(/Kita Pusteblume.*Kita Löwenzahn/);
    await check(page, 'users');
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Das Konto „zwei-kitas“ wurde angelegt.');
    const users = await apiAs('admin', 'GET', '/api/users');
    expect(users.json.items.find((u: any) => u.username === 'zwei-kitas')).toMatchObject({ roles: ['kita'], organisations: ['kita-pusteblume', 'kita-loewenzahn'] });
    await page.close();

    const educator = await freshPage();
    await signIn(educator, base, 'zwei-kitas', 'demo-demo-1');
    await educator.getByRole('link', { name: 'Neuer Vorgang' }).first().click();
    await educator.locator('input[name=process][value=kita-grundschule]').check();
    const select = educator.getByLabel('Organisation des Vorgangs');
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option').allTextContents()).toEqual(['Bitte wählen', 'Kita Löwenzahn', 'Kita Pusteblume']);
    await educator.getByRole('button', { name: 'Vorgang starten' }).click();
    await expect.poll(() => educator.locator('#new-case-organisation-error').textContent()).toContain('Bitte wählen Sie, zu welcher Organisation');
    expect(await educator.evaluate(() => document.activeElement?.id)).toBe('new-case-organisation');
    await check(educator, 'new-case-organisation');
    await select.selectOption({ label: 'Kita Pusteblume' });
    await educator.getByRole('button', { name: 'Vorgang starten' }).click();
    await educator.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    ownedCaseUrl = educator.url();
    const facts = educator.locator('.case-facts');
    await expect.poll(() => facts.textContent()).toContain('OrganisationKita Pusteblume');
    // Educators do not see the read log.
    expect(await educator.getByRole('heading', { name: 'Zugriffe' }).count()).toBe(0);
    await educator.close();

    // Someone with one organisation is not asked.
    const single = await freshPage();
    expect((await apiAs('admin', 'PATCH', '/api/users/zwei-kitas', { organisations: ['kita-pusteblume'] })).status).toBe(200);
    await signIn(single, base, 'zwei-kitas', 'demo-demo-1');
    await single.goto(`${base}/cases/new?field=uebergang-kita-grundschule&process=kita-grundschule`);
    await single.getByRole('button', { name: 'Vorgang starten' }).waitFor();
    expect(await single.getByLabel('Organisation des Vorgangs').count()).toBe(0);
    await single.close();
  }, TIMEOUT);

  it('shows an administrator who read a case, when and which forms, in German', async () => {
    expect(ownedCaseUrl).not.toBe('');
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(ownedCaseUrl);
    const reads = page.getByRole('region', { name: 'Zugriffe' });
    const table = reads.getByRole('table');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows.some((r) => /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}zwei-kitasAnsicht/.test(r))).toBe(true);
    await check(page, 'case-reads');
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on these pages, at desktop width and at 360 px', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
  });
});
