import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailability, browserSuite, signIn, apiAs as apiCall } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 150_000;

describe.skipIf(!availability.run)('organisations and access in the web UI (#9)', () => {
  const suite = browserSuite();
  const { violations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });
  let ownedCaseUrl = '';

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(base, username, method, url, body);

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
    await createOnPage(page, { key: 'kita-wolkenburg', de: 'Kita Wolkenburg', en: 'Cloud castle day-care', kind: 'Kita', parent: 'Träger Sonnenland' });
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('„Kita Wolkenburg“ wurde angelegt.');
    // The form is empty again for the next one.
    expect(await page.locator('#org-new-key').inputValue()).toBe('');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('org-new-key');

    // The same key again: the server's 409 is shown at the key field, which takes focus.
    await createOnPage(page, { key: 'kita-wolkenburg', de: 'Noch eine Kita', kind: 'Kita' });
    await expect.poll(() => page.locator('#org-new-key-error').textContent()).toContain('Den Schlüssel „kita-wolkenburg“ gibt es schon.');
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
    const row = table.getByRole('row', { name: /Kita Wolkenburg/ });
    await expect.poll(() => row.textContent()).toContain('Träger Sonnenland');
    expect(await table.getByRole('row', { name: /Träger Sonnenland/ }).count()).toBe(1);
    expect(await table.getByRole('rowheader', { name: 'Träger Sonnenland' }).count()).toBe(0);

    // Edit: the form opens with focus on its heading; saving returns focus to the row's button.
    await row.getByRole('button', { name: 'Bearbeiten: Kita Wolkenburg' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('org-edit-heading');
    await page.locator('#org-edit-titleDe').fill('Kita Wolkenburgland');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('„Kita Wolkenburgland“ wurden gespeichert');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('org-row-edit-kita-wolkenburg');

    await table.getByRole('button', { name: 'Deaktivieren: Kita Wolkenburgland' }).click();
    await expect.poll(() => table.getByRole('row', { name: /Kita Wolkenburgland/ }).textContent()).toContain('deaktiviert');
    const stored = await apiAs('admin', 'GET', '/api/organisations/kita-wolkenburg');
    expect(stored.json).toMatchObject({ title: { de: 'Kita Wolkenburgland', en: 'Cloud castle day-care' }, kind: 'kita', parent: 'traeger-e2e', disabled: true });
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
    for (const [key, de] of [['kita-sternschnuppe', 'Kita Sternschnuppe'], ['kita-loewenzahn', 'Kita Löwenzahn']]) {
      expect((await apiAs('admin', 'POST', '/api/organisations', { key, title: { de }, kind: 'kita' })).status).toBe(201);
    }
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Benutzer' }).click();
    await page.waitForURL(`${base}/admin/users`);
    const form = page.getByRole('region', { name: 'Neuer Benutzer' });
    await form.getByLabel('Benutzername').fill('zwei-kitas');
    await form.getByLabel('Erstes Passwort').fill('Laternen basteln im Herbst');
    await form.getByRole('checkbox', { name: 'kita', exact: true }).check();
    // The picker: search, tick, and the choice stays while the search changes.
    const search = form.getByLabel('Organisation suchen');
    await search.fill('sternschnuppe');
    await form.getByRole('checkbox', { name: /Kita Sternschnuppe/ }).check();
    await search.fill('lowenzahn');
    await form.getByRole('checkbox', { name: /Kita Löwenzahn/ }).check();
    await search.fill('');
    expect(await form.getByRole('list', { name: 'Ausgewählt' }).textContent()).toMatch(/Kita Sternschnuppe.*Kita Löwenzahn/);
    await check(page, 'users');
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Das Konto „zwei-kitas“ wurde angelegt.');
    const users = await apiAs('admin', 'GET', '/api/users');
    expect(users.json.items.find((u: any) => u.username === 'zwei-kitas')).toMatchObject({ roles: ['kita'], organisations: ['kita-sternschnuppe', 'kita-loewenzahn'] });
    await page.close();

    const educator = await freshPage();
    await signIn(educator, base, 'zwei-kitas', 'Laternen basteln im Herbst');
    await educator.getByRole('link', { name: 'Neuer Vorgang' }).first().click();
    await educator.locator('input[name=process][value=kita-grundschule]').check();
    const select = educator.getByLabel('Organisation des Vorgangs');
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option').allTextContents()).toEqual(['Bitte wählen', 'Kita Löwenzahn', 'Kita Sternschnuppe']);
    await educator.getByRole('button', { name: 'Vorgang starten' }).click();
    await expect.poll(() => educator.locator('#new-case-organisation-error').textContent()).toContain('Bitte wählen Sie, zu welcher Organisation');
    expect(await educator.evaluate(() => document.activeElement?.id)).toBe('new-case-organisation');
    await check(educator, 'new-case-organisation');
    await select.selectOption({ label: 'Kita Sternschnuppe' });
    await educator.getByRole('button', { name: 'Vorgang starten' }).click();
    await educator.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    ownedCaseUrl = educator.url();
    const facts = educator.locator('.case-facts');
    await expect.poll(() => facts.textContent()).toContain('OrganisationKita Sternschnuppe');
    // Educators do not see the read log.
    expect(await educator.getByRole('heading', { name: 'Zugriffe' }).count()).toBe(0);
    await educator.close();

    // Someone with one organisation is not asked.
    const single = await freshPage();
    expect((await apiAs('admin', 'PATCH', '/api/users/zwei-kitas', { organisations: ['kita-sternschnuppe'] })).status).toBe(200);
    await signIn(single, base, 'zwei-kitas', 'Laternen basteln im Herbst');
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

  /** The references in the person's inbox, once it has loaded. */
  async function inboxReferences(page: Page): Promise<string[]> {
    await page.goto(`${base}/`);
    await page.locator('.task-list, .empty').first().waitFor();
    return page.locator('.task-list .reference').allTextContents();
  }

  /** The references in the person's list of cases ("Meine Vorgänge"), once it has loaded. */
  async function caseListReferences(page: Page): Promise<string[]> {
    await page.goto(`${base}/vorgaenge`);
    await page.locator('.case-table tbody tr').first().waitFor();
    return page.locator('.case-table .reference').allTextContents();
  }

  it('the demo Kita educator sees only her Kita\'s children; the school sees a child only after consent', async () => {
    // The Kita educator of Kita Sonnenschein starts a child's case and fills in the basic data.
    const kita = await freshPage();
    await signIn(kita, base, 'kita');
    await kita.goto(`${base}/cases/new?field=uebergang-kita-grundschule&process=kita-grundschule`);
    // She works for one Kita only: nobody asks whose case it is.
    expect(await kita.getByLabel('Organisation des Vorgangs').count()).toBe(0);
    await kita.getByRole('button', { name: 'Vorgang starten' }).click();
    await kita.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = kita.url();
    const caseId = caseUrl.split('/').pop()!;
    const reference = (await kita.locator('h1 .reference').textContent())!.trim();
    await expect.poll(() => kita.locator('.case-facts').textContent()).toContain('OrganisationKita Sonnenschein');
    const year = new Date().getFullYear() + 2;
    await kita.locator('#task_vorname').fill('Lina');
    await kita.locator('#task_nachname').fill('Zugriffstest');
    await kita.locator('#task_geburtsdatum').fill(`${year - 6}-05-02`);
    await kita.locator('#task_kita').selectOption({ label: 'Kita Sonnenschein (Innenstadt Mitte)' });
    await kita.locator('#task_einschulungsjahr').fill(String(year));
    await kita.locator('#task_stadtteil').selectOption({ index: 1 });
    await kita.locator('#task_sorgeberechtigte_0_name').fill('Jana Zugriffstest');
    await kita.locator('#task_sorgeberechtigte_0_sorgerecht-0').check();
    await kita.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => kita.locator('.notice-success').textContent(), { timeout: 10_000 }).toContain('Der Vorgang steht jetzt bei');
    // Her next task is in her inbox: the control for what the others must not see.
    expect(await inboxReferences(kita)).toContain(reference);
    expect(await caseListReferences(kita)).toContain(reference);

    // The other Kita: not in her inbox, and the address answers like a case that does not exist.
    const kita2 = await freshPage();
    await signIn(kita2, base, 'kita2');
    expect(await inboxReferences(kita2)).not.toContain(reference);
    expect(await caseListReferences(kita2)).not.toContain(reference);
    await kita2.goto(caseUrl);
    await expect.poll(() => kita2.getByRole('alert').first().textContent()).toContain('Diesen Vorgang gibt es nicht, oder Sie dürfen ihn nicht sehen.');
    expect(await kita2.getByText('Zugriffstest').count()).toBe(0);
    await kita2.close();

    /** Sends the next form of the case as the Kita, as her own form would. */
    const submit = async (data: unknown) => {
      const current = await apiAs('kita', 'GET', `/api/cases/${caseId}`);
      const sent = await apiAs('kita', 'POST', `/api/cases/${caseId}/events`, { type: 'SUBMIT', data, expectedVersion: current.json.version });
      expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    };
    const today = new Date().toISOString().slice(0, 10);
    const school = await freshPage();
    await signIn(school, base, 'schule');
    const schoolCannotSee = async () => {
      expect(await inboxReferences(school)).not.toContain(reference);
      expect(await caseListReferences(school)).not.toContain(reference);
      await school.goto(caseUrl);
      await expect.poll(() => school.getByRole('alert').first().textContent()).toContain('Diesen Vorgang gibt es nicht, oder Sie dürfen ihn nicht sehen.');
    };
    await schoolCannotSee();
    // Registered at the school Zoberberg: the school is named, but the parents have not consented yet.
    await submit({ grundschule: 'gs-zoberberg', angemeldet_am: today, zurueckstellung_erwogen: false });
    await schoolCannotSee();

    // The consent form says "erteilt", for the Grundschule.
    await submit({
      entscheidung: 'erteilt', erklaert_am: today, hinweis_freiwillig_widerruf: true, empfaenger: ['grundschule'],
      umfang: ['entwicklungsgespraech', 'lerngeschichten'], form: 'schriftlich', textfassung: 'Vordruck 2026-01',
      unterschriften: [{ name: 'Jana Zugriffstest', datum: today }],
    });
    await school.goto(caseUrl);
    await expect.poll(() => school.locator('h1 .reference').textContent()).toBe(reference);
    await expect.poll(() => school.locator('.case-facts').textContent()).toContain('OrganisationKita Sonnenschein');
    await expect.poll(() => school.getByRole('region', { name: 'Erfasste Angaben' }).textContent()).toContain('Lina');
    expect(await caseListReferences(school)).toContain(reference);
    // Once the Dialogort is planned, the school's task is in its inbox.
    await submit({ datum: today });
    expect(await inboxReferences(school)).toContain(reference);
    await school.close();

    // Data protection sees who read the case, and which forms the school saw, without seeing the child's data.
    const admin = await freshPage();
    await signIn(admin, base, 'datenschutz');
    await admin.goto(caseUrl);
    await expect.poll(() => admin.getByRole('status').first().textContent()).toContain('Die Angaben dieses Vorgangs sind für Sie nicht sichtbar');
    expect(await admin.getByText('Lina').count()).toBe(0);
    const reads = admin.getByRole('region', { name: 'Zugriffe' });
    await reads.getByRole('table').waitFor();
    const rows = await reads.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('schuleAnsicht') && /stammdaten/i.test(r))).toBe(true);
    await check(admin, 'case-reads-datenschutz');
    await admin.close();
    await kita.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on these pages, at desktop width and at 360 px', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
  });
});
