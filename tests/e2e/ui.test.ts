import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, ROOT, signIn } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work; alone each test takes 5-25 s. */
const TIMEOUT = 150_000;
const STUDIO_DOC = readFileSync(path.join(ROOT, 'tests/e2e/fixtures/studio-definition.json'), 'utf8');

describe.skipIf(!availability.run)('web UI in Chromium', () => {
  const suite = browserSuite();
  const { violations, cspViolations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });
  let reference = '';

  /** Removes an entry (by its German label) from a catalogue through the API, as an administrator would. */
  async function retireCatalogueEntry(key: string, label: string): Promise<void> {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const catalogue = (await (await fetch(`${base}/api/catalogues/${key}`, { headers: { cookie } })).json()) as { title: unknown; entries: Array<{ value: string; label: { de: string } }> };
    const entries = catalogue.entries.filter((e) => e.label.de !== label);
    expect(entries.length).toBe(catalogue.entries.length - 1);
    const res = await fetch(`${base}/api/catalogues/${key}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ title: catalogue.title, entries }),
    });
    expect(res.status).toBe(200);
  }

  it('sends a signed-out visitor to sign-in and back, and says in German when the password is wrong', async () => {
    const page = await freshPage();
    await page.goto(`${base}/cases/new`);
    await page.waitForURL(`${base}/login?next=%2Fcases%2Fnew`);
    // The cursor starts in the user name (#12); from the top of the page, Tab reaches the skip link first.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('username');
    await page.evaluate(() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute('tabindex');
    });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await check(page, 'login');

    // Keyboard only: type into the labelled fields and send with Enter.
    await page.getByLabel('Benutzername').focus();
    await page.keyboard.type('kita');
    await page.keyboard.press('Tab');
    await page.keyboard.type('falsch');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Benutzername oder Passwort ist falsch');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    await check(page, 'login-error');

    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/cases/new`);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/login`);
    await page.close();
  }, TIMEOUT);

  it('lets a Kita educator start a case, fix an invalid form, keep a draft over a reload and submit it', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Meine Aufgaben');
    await page.locator('.task-list, .empty').first().waitFor();
    await check(page, 'inbox');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My tasks');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    await page.getByRole('link', { name: 'Neuer Vorgang' }).first().click();
    await page.waitForURL(`${base}/cases/new`);
    await page.locator('input[name=process][value=kita-grundschule]').check();
    await check(page, 'new-case');
    await page.getByRole('button', { name: 'Vorgang starten' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = page.url();
    reference = (await page.locator('h1 .reference').textContent())!.trim();

    // Sending the empty form: German messages at the fields, announced, focus on the first one.
    // The fields keep the order the definition gives them: Vorname comes first.
    await page.locator('#task_vorname').waitFor();
    const fieldIds = await page.locator('form [id^="task_"]:is(input, select, textarea)').evaluateAll((els) => els.map((e) => e.id));
    expect(fieldIds.slice(0, 3)).toEqual(['task_vorname', 'task_nachname', 'task_geburtsdatum']);
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('#task_vorname__error').textContent()).toContain('Bitte füllen Sie dieses Feld aus.');
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Bitte prüfen Sie');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('task_vorname');
    expect(await page.locator('#task_vorname').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'case-invalid');

    // Half-filled, then reloaded: the draft is back.
    await page.locator('#task_vorname').fill('Mia');
    await page.locator('#task_nachname').fill('Beispiel');
    await expect.poll(() => page.locator('.draft-note').textContent(), { timeout: 10_000 }).toContain('Entwurf gespeichert');
    await page.reload();
    await expect.poll(() => page.locator('#task_vorname').inputValue(), { timeout: 10_000 }).toBe('Mia');
    expect(await page.locator('#task_nachname').inputValue()).toBe('Beispiel');

    // Offline for a moment: the draft stays on the device and is sent when the connection is back.
    await suite.context().setOffline(true);
    try {
      await page.locator('#task_nachname').fill('Beispiel-Muster');
      await expect.poll(() => page.locator('.draft-note').textContent(), { timeout: 10_000 }).toContain('Keine Verbindung');
    } finally {
      // Back online even when this step fails: the browser context is shared by the tests after this one.
      await suite.context().setOffline(false);
    }
    await expect.poll(() => page.locator('.draft-note').textContent(), { timeout: 10_000 }).toContain('Entwurf gespeichert');

    const chosenKita = (await page.locator('#task_kita option').nth(1).textContent())!;
    await page.locator('#task_kita').selectOption({ index: 1 });
    await page.locator('#task_stadtteil').selectOption({ index: 1 });
    // An enrolment year ahead, so no deadline of the process has passed yet.
    const year = new Date().getFullYear() + 2;
    await page.locator('#task_geburtsdatum').fill(`${year - 6}-03-14`);
    await page.locator('#task_einschulungsjahr').fill(String(year));
    await page.locator('#task_sorgeberechtigte_0_name').fill('Eva Beispiel');
    await page.locator('#task_sorgeberechtigte_0_sorgerecht-0').check();

    // Meanwhile an administrator retires the chosen Kita: only the server knows, and answers 422 at /kita.
    await retireCatalogueEntry('kitas', chosenKita);
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('#task_kita__error').textContent(), { timeout: 10_000 }).toContain('nicht mehr in der Liste');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('task_kita');
    await page.locator('#task_kita').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent(), { timeout: 10_000 }).toContain('Der Vorgang steht jetzt bei');
    expect(await page.locator('.badge-state').textContent()).not.toBe('Fall angelegt');
    await expect.poll(() => page.locator('.timeline-item').count()).toBeGreaterThanOrEqual(2);
    await page.locator('section[aria-labelledby=diagram-heading]').scrollIntoViewIfNeeded();
    await page.locator('.diagram-canvas .react-flow__node').first().waitFor({ timeout: 15_000 });
    await check(page, 'case');
    expect(page.url()).toBe(caseUrl);

    // The next task of the case is now in the inbox.
    await page.getByRole('link', { name: 'Meine Aufgaben' }).first().click();
    await page.getByRole('link', { name: /Schulanmeldung/ }).first().waitFor();
    await check(page, 'inbox-tasks');
    await page.close();
  }, TIMEOUT);

  it('shows the case to a coordinator on the board and exports it as German CSV', async () => {
    expect(reference).not.toBe('');
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/board?definition=kita-grundschule`);
    await page.getByRole('link', { name: reference }).waitFor();
    // The case left its first step: the board says how long it stayed there.
    const durations = page.getByRole('region', { name: 'Verweildauer je Schritt' });
    await durations.getByRole('rowheader', { name: 'Fall angelegt' }).waitFor();
    expect(await durations.getByRole('row', { name: /Fall angelegt/ }).textContent()).toMatch(/unter 1 Minute|\d+ Minuten?/);
    await check(page, 'board');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Als CSV herunterladen/ }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toContain(';');
    expect(text).toContain(reference);
    expect(text).toMatch(/;\d{2}\.\d{2}\.\d{4}/);
    await page.close();
  }, TIMEOUT);

  it('lets the data protection role find a person across processes and download the answer to an access request', async () => {
    expect(reference).not.toBe('');
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Datenschutz' }).click();
    await page.waitForURL(`${base}/privacy`);
    await page.getByLabel('Name oder andere Angabe der Person').fill('mia beispiel');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/privacy\?q=mia\+beispiel$/);
    await page.getByRole('link', { name: reference }).waitFor();
    await page.getByLabel(`${reference} für die Auskunft auswählen`).check();
    await check(page, 'privacy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Auskunft herunterladen (1 Vorgang)' }).click()]);
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(doc.cases.map((c: any) => c.reference)).toEqual([reference]);
    expect(doc.cases[0].forms.stammdaten.value.vorname).toBe('Mia');
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Die Auskunft wurde heruntergeladen.');
    await page.close();
  }, TIMEOUT);

  it('lets an administrator import a definition, see a lint problem, fix it, preview and publish it', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Prozesse' }).click();
    await page.waitForURL(`${base}/studio`);
    await page.getByRole('table').waitFor();
    await check(page, 'studio');

    const editor = page.getByLabel('Prozessbeschreibung (JSON)');
    await editor.fill(STUDIO_DOC);
    await page.getByRole('button', { name: 'Prüfen' }).click();
    const problems = page.locator('.problems');
    await expect.poll(() => problems.textContent()).toContain('/machine/states/offen/meta/task/roles/0');
    await check(page, 'studio-lint');

    await editor.fill(STUDIO_DOC.replace('"leitung"', '"kursleitung"'));
    await page.getByRole('button', { name: 'Prüfen' }).click();
    await expect.poll(() => page.getByText('Keine Probleme gefunden.').count()).toBe(1);
    await page.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await expect.poll(() => page.locator('[id$="_zufriedenheit__error"]').textContent()).toContain('Bitte füllen Sie dieses Feld aus.');
    await page.getByLabel('Zufriedenheit (1 bis 5)').fill('4');
    await page.getByRole('button', { name: 'Eingaben prüfen' }).click();
    await expect.poll(() => page.getByText('Die Eingaben sind gültig').count()).toBe(1);
    await page.locator('.diagram-canvas .react-flow__node').first().waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.waitForURL(`${base}/studio/e2e-rueckmeldung/1`);
    await expect.poll(() => page.locator('.badge-draft').first().textContent()).toBe('Entwurf');
    await check(page, 'studio-definition');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Die Version ist veröffentlicht.');
    await expect.poll(() => page.locator('.badge-published').first().textContent()).toBe('veröffentlicht');
    await page.close();
  }, TIMEOUT);

  it('lets an administrator create a user with roles, refuse a weak password, disable her and set a new password (#11)', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('link', { name: 'Benutzer' }).click();
    await page.waitForURL(`${base}/admin/users`);
    await page.getByRole('heading', { name: 'Benutzerverwaltung' }).waitFor();
    const form = page.getByRole('region', { name: 'Neuer Benutzer' });
    await form.getByLabel('Benutzername').fill('lena');
    await form.getByLabel('Erstes Passwort').fill('password1234');
    await form.getByRole('checkbox', { name: 'kita', exact: true }).check();
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await expect.poll(() => form.getByRole('alert').first().textContent()).toContain('zu leicht zu erraten');
    await form.getByLabel('Erstes Passwort').fill('Laternen basteln im November');
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Das Konto „lena“ wurde angelegt.');
    const row = page.getByRole('row', { name: /lena/ });
    await expect.poll(() => row.textContent()).toContain('kita');
    await check(page, 'admin-users');

    await row.getByRole('button', { name: 'Deaktivieren (lena)' }).click();
    await expect.poll(() => row.textContent()).toContain('deaktiviert');
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lena', password: 'Laternen basteln im November' }) });
    expect(login.status).toBe(401);
    await row.getByRole('button', { name: 'Aktivieren (lena)' }).click();
    await expect.poll(() => row.textContent()).toContain('aktiv');

    await row.getByRole('button', { name: 'Passwort neu setzen (lena)' }).click();
    await page.getByLabel('Neues Passwort für lena').fill('Kastanien sammeln im Herbst');
    await page.getByRole('button', { name: 'Passwort setzen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Das Passwort von lena wurde neu gesetzt');
    const again = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lena', password: 'Kastanien sammeln im Herbst' }) });
    expect(again.status).toBe(200);
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on any page, at desktop width and at 360 px', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
  });

  it('runs every page under the strict Content-Security-Policy without a violation (#11)', () => {
    expect(cspViolations).toEqual([]);
  });
});
