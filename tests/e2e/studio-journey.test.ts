import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailability, browserSuite, signIn } from './browser.js';

const availability = browserAvailability();
/** Generous: the journey is long and the suite shares the machine with other work. */
const TIMEOUT = 600_000;
const KEY = 'beratung';

/**
 * The studio's whole journey (#13): from the German description
 *
 *   "Eine Beratung beginnt mit einer Anfrage. Mit Einwilligung folgt ein
 *    Erstgespräch, danach – spätestens nach 14 Tagen – die Auswertung."
 *
 * an administrator builds the process by clicking and typing labels only,
 * simulates and publishes it; a counsellor completes a case through the
 * case pages; the administrator then adds a field and renames a state in
 * version 2, publishes it and moves a running case to it.
 */
describe.skipIf(!availability.run)('studio journey: build, simulate, publish, use, change and migrate a process (#13)', () => {
  const suite = browserSuite();
  const { violations, cspViolations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });

  /** Reads through the API as `username` (demo password): only to check what the clicks produced. */
  async function apiGet(username: string, url: string): Promise<any> {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.json();
  }

  /** Adds a field to the form shown in the builder. */
  async function addField(page: Page, kind: string, label: string): Promise<void> {
    await page.getByLabel('Art des Feldes').selectOption({ label: kind });
    await page.getByLabel('Bezeichnung (Deutsch)', { exact: true }).last().fill(label);
    await page.getByRole('button', { name: 'Feld hinzufügen', exact: true }).click();
    await page.getByRole('group', { name: `Feld „${label}“ bearbeiten` }).waitFor();
  }

  /** Creates a form in the "Formulare" tab and gives it fields. */
  async function addForm(page: Page, title: string, titleEn: string, fields: Array<[kind: string, label: string, required?: boolean]>): Promise<void> {
    await page.locator('#builder-new-form').fill(title);
    await page.getByRole('button', { name: 'Formular anlegen' }).click();
    await page.getByRole('heading', { name: `Felder von „${title}“` }).waitFor();
    await page.locator('#builder-title-en').fill(titleEn);
    for (const [kind, label, required] of fields) {
      await addField(page, kind, label);
      if (required) await page.getByRole('group', { name: `Feld „${label}“ bearbeiten` }).getByLabel('Pflichtfeld').check();
      await page.getByRole('button', { name: `Schließen: ${label}` }).click();
    }
  }

  /** Saves the draft and waits for the notice. */
  async function saveDraft(page: Page, version: number): Promise<void> {
    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain(`Als Entwurf gespeichert (Version ${version}).`);
  }

  /** Publishes the version on the page. */
  async function publish(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await page.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Die Version ist veröffentlicht.');
  }

  /** A counsellor starts a case of the process through "Neuer Vorgang" and returns its page's address. */
  async function startCase(page: Page): Promise<string> {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Neuer Vorgang' }).first().click();
    await page.waitForURL(`${base}/cases/new`);
    await page.locator(`input[name=process][value=${KEY}]`).check();
    await page.getByRole('button', { name: 'Vorgang starten' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    return page.url();
  }

  /** Sends the request with consent: the case moves on to the first consultation. */
  async function sendRequest(page: Page, concern: string): Promise<void> {
    await page.locator('#task_anliegen').fill(concern);
    await page.locator('#task_einwilligung').check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Der Vorgang steht jetzt bei „Erstgespräch“');
  }

  let secondCase = '';

  it('an administrator builds "Beratung" from its description by clicking and typing labels, simulates and publishes it', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');

    // A new process: its name, field of action, the counsellors' role and the first step.
    await page.goto(`${base}/studio`);
    const create = page.getByRole('region', { name: 'Neuen Prozess anlegen' });
    await create.getByLabel('Name des Prozesses (Deutsch)').fill('Beratung');
    await create.getByLabel('Name des Prozesses (Englisch)').fill('Counselling');
    await create.getByLabel('Handlungsfeld').selectOption({ label: 'Wiedereinstieg / B-Punkte' });
    await create.getByLabel('Rollen, die die Fälle bearbeiten').fill('beratung');
    await create.getByLabel('Erster Schritt (Deutsch)').fill('Anfrage');
    await create.getByLabel('Erster Schritt (Englisch)').fill('Request');
    await check(page, 'studio-new-process');
    await create.getByRole('button', { name: 'Prozess anlegen' }).click();
    await page.waitForURL(`${base}/studio/${KEY}/1`);

    // One form per step.
    await page.getByRole('tab', { name: 'Formulare' }).click();
    await addForm(page, 'Anfrage', 'Request', [
      ['Langer Text', 'Anliegen', true],
      ['Ja/Nein', 'Einwilligung'],
    ]);
    await addForm(page, 'Erstgespräch', 'First consultation', [['Langer Text', 'Ergebnis', true]]);
    await addForm(page, 'Auswertung', 'Evaluation', [['Kurzer Text', 'Fazit', true]]);

    // The flow: Anfrage -> Erstgespräch (only with consent) -> Auswertung (when done, or after 14 days) -> end.
    await page.getByRole('tab', { name: 'Ablauf' }).click();
    const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
    const list = page.getByRole('navigation', { name: 'Schritte und Übergänge' });
    await list.waitFor();
    await list.getByRole('button', { name: /^Anfrage/ }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Schritt „Anfrage“');
    await panel.getByLabel('Formular', { exact: true }).selectOption({ label: 'Anfrage' });

    for (const [de, en, form] of [
      ['Erstgespräch', 'First consultation', 'Erstgespräch'],
      ['Auswertung', 'Evaluation', 'Auswertung'],
    ]) {
      await page.locator('#chart-new-state-de').fill(de);
      await page.locator('#chart-new-state-en').fill(en);
      await page.getByRole('button', { name: 'Schritt hinzufügen', exact: true }).click();
      await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe(`Schritt „${de}“`);
      await panel.getByLabel('In diesem Schritt hat jemand etwas zu tun').check();
      await panel.getByLabel('Formular', { exact: true }).selectOption({ label: form });
      expect(await panel.getByRole('checkbox', { name: 'beratung' }).first().isChecked()).toBe(true);
    }
    // Auswertung ends the case when its form is sent.
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Abgeschlossen' });
    await panel.getByRole('radio', { name: 'Aufgabe erledigt (Formular abgeschickt)' }).check();
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toContain('Übergang von „Auswertung“');

    // Erstgespräch: on to Auswertung when done, and at the latest after 14 days.
    await list.getByRole('button', { name: /^Erstgespräch/ }).click();
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Auswertung' });
    await panel.getByRole('radio', { name: 'Aufgabe erledigt (Formular abgeschickt)' }).check();
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toContain('Übergang von „Erstgespräch“');
    await panel.getByRole('button', { name: 'Zum Ausgangsschritt' }).click();
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Auswertung' });
    await panel.getByRole('radio', { name: 'Frist' }).check();
    const deadline = panel.getByRole('group', { name: 'Frist', exact: true });
    await deadline.getByLabel('Anzahl').fill('14');
    await deadline.getByLabel('Einheit').selectOption({ label: 'Tage' });
    await panel.getByRole('button', { name: 'Übergang anlegen' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Übergang von „Erstgespräch“: nach 14 Tagen');

    // Anfrage: the new process ended after the request; now it leads to Erstgespräch, only with consent.
    await list.getByRole('button', { name: /→ Abgeschlossen: Aufgabe erledigt/ }).first().click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toContain('Übergang von „Anfrage“');
    await panel.getByLabel('Nach', { exact: true }).selectOption({ label: 'Erstgespräch' });
    await panel.getByLabel('Art der Bedingung').selectOption({ label: 'Regel über Formularangaben' });
    await panel.getByRole('button', { name: '+ Bedingung' }).click();
    await panel.getByRole('combobox', { name: 'Feld', exact: true }).selectOption({ label: 'Anfrage: Einwilligung' });
    await panel.getByRole('radio', { name: 'Ja' }).check();
    await panel.getByLabel('Hinweis, wenn die Bedingung nicht erfüllt ist (Deutsch)').fill('Ohne Einwilligung kein Erstgespräch.');
    await expect.poll(() => list.textContent()).toContain('→ Erstgespräch: Aufgabe erledigt · mit Bedingung');
    await check(page, 'studio-journey-ablauf');
    await saveDraft(page, 1);

    // The saved document is what the clicks described, and it passes the lint.
    const saved = (await apiGet('admin', `/api/definitions/${KEY}/1`)).body;
    expect(Object.keys(saved.forms)).toEqual(['anfrage', 'erstgespraech', 'auswertung']);
    expect(saved.forms.anfrage.schema.required).toEqual(['anliegen']);
    const states = saved.machine.states;
    expect(Object.keys(states).sort()).toEqual(['abgeschlossen', 'anfrage', 'auswertung', 'erstgespraech']);
    expect(states.anfrage.on.SUBMIT).toEqual({
      target: 'erstgespraech',
      guard: { type: 'formula', params: { rule: { '==': [{ var: 'data.anfrage.einwilligung' }, true] } }, message: { de: 'Ohne Einwilligung kein Erstgespräch.' } },
    });
    expect(states.erstgespraech.on.SUBMIT).toBe('auswertung');
    expect(states.erstgespraech.after).toEqual({ P14D: 'auswertung' });
    expect(states.auswertung.meta.task).toEqual({ roles: ['beratung'], form: 'auswertung' });

    // Simulation: the paths through the process end in "Abgeschlossen".
    await page.getByRole('tab', { name: 'Simulation' }).click();
    await page.getByRole('button', { name: 'Simulieren' }).click();
    await expect.poll(() => page.locator('.simulation-path summary').first().textContent(), { timeout: 30_000 }).toContain('endet in „Abgeschlossen“');
    await expect.poll(() => page.locator('.simulation').textContent()).toContain('Rolle: beratung');
    await check(page, 'studio-journey-simulation');

    await publish(page);
    expect((await apiGet('admin', `/api/definitions/${KEY}/1`)).status).toBe('published');
    await page.close();
  }, TIMEOUT);

  it('a counsellor starts a case and completes it through the case pages; the rule stops it without consent', async () => {
    const page = await freshPage();
    await signIn(page, base, 'beratung');
    await startCase(page);

    // Without consent the rule's message appears at the form.
    await page.locator('#task_anliegen').fill('Wiedereinstieg nach der Elternzeit');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Ohne Einwilligung kein Erstgespräch.');

    await page.locator('#task_einwilligung').check();
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Der Vorgang steht jetzt bei „Erstgespräch“');
    await page.locator('#task_ergebnis').fill('Teilzeitstelle im Einzelhandel gesucht');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Der Vorgang steht jetzt bei „Auswertung“');
    await page.locator('#task_fazit').fill('Bewerbung verschickt');
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Gespeichert. Der Vorgang ist abgeschlossen.');
    await check(page, 'journey-case-closed');

    // A second case stays in the first consultation, for version 2.
    secondCase = await startCase(page);
    await sendRequest(page, 'Umschulung zur Pflegefachkraft');
    await page.close();
  }, TIMEOUT);

  it('the administrator adds a field and renames a state in version 2, publishes it and moves the running case', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/studio/${KEY}/1`);

    // A field for the first consultation.
    await page.getByRole('tab', { name: 'Formulare' }).waitFor();
    await page.getByLabel('Formular', { exact: true }).selectOption({ label: 'Erstgespräch (erstgespraech)' });
    await page.getByRole('heading', { name: 'Felder von „Erstgespräch“' }).waitFor();
    await addField(page, 'Langer Text', 'Nächste Schritte');

    // Erstgespräch becomes Erstberatung: its name and its key.
    await page.getByRole('tab', { name: 'Ablauf' }).click();
    const panel = page.getByRole('complementary', { name: 'Eigenschaften' });
    const list = page.getByRole('navigation', { name: 'Schritte und Übergänge' });
    await list.getByRole('button', { name: /^Erstgespräch/ }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Schritt „Erstgespräch“');
    await panel.locator('#state-erstgespraech-title-de').fill('Erstberatung');
    await panel.locator('#state-erstgespraech-title-en').fill('First counselling');
    await panel.getByLabel('Technischer Schlüssel').fill('erstberatung');
    await panel.getByRole('button', { name: 'Schlüssel ändern' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 3 }).textContent()).toBe('Schritt „Erstberatung“');

    await page.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await page.waitForURL(`${base}/studio/${KEY}/2?tab=ablauf`);
    await expect.poll(() => page.locator('.notice-success').textContent()).toContain('Als Entwurf gespeichert (Version 2).');

    // The changes in words, then publish.
    await page.getByRole('tab', { name: 'Versionen' }).click();
    const changes = page.locator('.change-list');
    await expect.poll(() => changes.textContent(), { timeout: 20_000 }).toContain("Zustand ‚Erstgespräch' umbenannt in ‚Erstberatung'");
    expect(await changes.textContent()).toContain("Feld ‚Nächste Schritte' im Formular ‚Erstgespräch' hinzugefügt");
    await publish(page);

    // The running case: the rename is suggested, a dry run changes nothing, then it moves.
    await expect.poll(() => page.locator('#map-erstgespraech').inputValue(), { timeout: 20_000 }).toBe('erstberatung');
    await page.getByRole('button', { name: 'Probelauf' }).click();
    await expect.poll(() => page.locator('.migration').textContent()).toContain('Probelauf: 1 von 1 Fällen ließen sich umstellen');
    const caseId = secondCase.split('/').pop()!;
    expect((await apiGet('admin', `/api/cases/${caseId}`)).definition.version).toBe(1);
    await check(page, 'studio-journey-migration');
    await page.getByRole('button', { name: 'Fälle umstellen' }).click();
    await expect.poll(() => page.locator('.migration').textContent()).toContain('1 von 1 Fällen auf Version 2 umgestellt.');
    await page.close();

    // The counsellor's case page: the new state, the new field, and the move in the history.
    const counsellor = await freshPage();
    await signIn(counsellor, base, 'beratung');
    await counsellor.goto(secondCase);
    await expect.poll(() => counsellor.locator('main').textContent(), { timeout: 20_000 }).toContain('Erstberatung');
    await expect.poll(() => counsellor.locator('main').textContent()).toContain('Auf Version 2 umgestellt');
    await counsellor.locator('#task_naechste_schritte').waitFor();
    await check(counsellor, 'journey-case-migrated');
    expect((await apiGet('beratung', `/api/cases/${caseId}`)).definition.version).toBe(2);
    await counsellor.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation and no CSP violation on the way', () => {
    const report = violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`);
    expect(report).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
