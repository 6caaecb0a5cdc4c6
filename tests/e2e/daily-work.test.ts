import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, checkPage, ROOT, signIn } from './browser.js';

/**
 * What staff and coordinators meet every day (#12), through the real server
 * in Chromium: nothing chosen for the person, plain messages, pre-filled
 * answers, the diagram, the board, the Art. 15 answer.
 */
const availability = browserAvailability();
const TIMEOUT = 150_000;
const STUDIO_DOC = readFileSync(path.join(ROOT, 'tests/e2e/fixtures/studio-definition.json'), 'utf8');

/** A signed-in API client of the test server (cookie session), for the steps the browser does not need to show. */
async function apiAs(base: string, username: string) {
  const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async (method: string, url: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return call;
}

/** Stammdaten of a child due at school in two years, so no deadline of the process has passed. */
export function childData(vorname: string, nachname: string) {
  const year = new Date().getFullYear() + 2;
  return {
    vorname,
    nachname,
    geburtsdatum: `${year - 6}-03-14`,
    kita: 'kita-sonnenschein',
    einschulungsjahr: year,
    stadtteil: 'innenstadt-mitte',
    grundschule: 'gs-schillerpark',
    sorgeberechtigte: [{ name: 'Eva Beispiel', sorgerecht: true }],
  };
}

describe.skipIf(!availability.run)('daily work in Chromium (#12)', () => {
  const suite = browserSuite();
  const { violations, freshPage, check } = suite;
  let base = '';
  beforeAll(() => {
    base = suite.base;
  });

  /** A Kita case brought to the consent step through the API. */
  async function caseAtConsent(vorname: string, nachname: string): Promise<string> {
    const kita = await apiAs(base, 'kita');
    const created = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
    let view = await kita('POST', `/api/cases/${created.id}/events`, { type: 'SUBMIT', data: childData(vorname, nachname), expectedVersion: created.version });
    view = await kita('POST', `/api/cases/${created.id}/events`, {
      type: 'SUBMIT',
      data: { grundschule: 'gs-schillerpark', angemeldet_am: new Date().toISOString().slice(0, 10), zurueckstellung_erwogen: false },
      expectedVersion: view.version,
    });
    expect(view.tasks.map((t: { form: string }) => t.form)).toContain('einwilligung');
    return created.id;
  }

  it('stores nothing chosen for the person from an empty consent form', async () => {
    const id = await caseAtConsent('Lena', 'Leer');
    const page = await freshPage();
    await signIn(page, base, 'kita');
    // People are greeted by name, not by account (#12).
    await expect.poll(() => page.locator('.lead').first().textContent()).toContain('Guten Tag, Erika Muster.');
    await page.goto(`${base}/cases/${id}`);
    const decision = page.locator('#task_entscheidung');
    await decision.waitFor();

    // The decision starts on "Bitte wählen", no box is ticked, nothing is pre-filled.
    expect(await decision.inputValue()).toBe('');
    expect(await decision.locator('option:checked').textContent()).toBe('Bitte wählen');
    expect(await page.locator('#task_hinweis_freiwillig_widerruf').isChecked()).toBe(false);
    expect(await page.locator('#task_ausdrueckliche_einwilligung_art9').isChecked()).toBe(false);
    expect(await page.locator('#task_rueckmeldung_an_kita').isChecked()).toBe(false);
    expect(await page.locator('#task_form').inputValue()).toBe('');
    await check(page, 'consent-empty');

    // One answer typed: the saved draft holds that answer and nothing else chosen.
    await page.locator('#task_erklaert_am').fill('2026-01-15');
    await expect.poll(() => page.locator('.draft-note').textContent(), { timeout: 10_000 }).toContain('Entwurf gespeichert');
    const kita = await apiAs(base, 'kita');
    const draft = await kita('GET', `/api/cases/${id}/draft`);
    const chosen = Object.entries(draft.data as Record<string, unknown>).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.every((x) => x && typeof x === 'object' && !Object.keys(x).length)));
    expect(Object.fromEntries(chosen)).toEqual({ erklaert_am: '2026-01-15' });

    // Sent as it is: the person is asked for the decision and the confirmation; the case holds no consent.
    await page.getByRole('button', { name: 'Absenden' }).click();
    await expect.poll(() => page.locator('#task_entscheidung__error').textContent()).toContain('Bitte');
    expect(await page.locator('.error-summary').textContent()).toContain('Entscheidung der Personensorgeberechtigten');
    const view = await kita('GET', `/api/cases/${id}`);
    expect(view.data.einwilligung).toBeUndefined();
    await page.close();
  }, TIMEOUT);

  it('says in plain German at each field what to do, and the studio checks in German', async () => {
    const kita = await apiAs(base, 'kita');
    const created = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.goto(`${base}/cases/${created.id}`);
    await page.locator('#task_einschulungsjahr').fill('2019');
    await page.locator('#task_geburtsdatum').fill(`${new Date().getFullYear() + 5}-01-05`);
    await page.getByRole('button', { name: 'Absenden' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toContain('Einschulungsjahr: Bitte geben Sie einen Wert von mindestens 2020 an.');
    expect(await summary.textContent()).toContain('Vorname: Bitte füllen Sie dieses Feld aus.');
    expect(await summary.textContent()).not.toMatch(/muss|Schema|>=/);
    expect(await page.locator('#task_einschulungsjahr__error').textContent()).toContain('mindestens 2020');
    // Plausibility (#12): a birth date in the future is refused before it is sent.
    expect(await page.locator('#task_geburtsdatum__error').textContent()).toContain('Dieses Datum liegt in der Zukunft. Bitte geben Sie ein Datum bis heute an.');
    await check(page, 'plain-errors');

    // Dates read and write the German way, whatever the browser's language (#12).
    await page.locator('#task_geburtsdatum').fill('14.03.2021');
    await page.locator('#task_geburtsdatum').press('Tab');
    await expect.poll(() => page.locator('#task_geburtsdatum__error').count()).toBe(0);
    expect(await page.locator('#task_geburtsdatum').getAttribute('placeholder')).toBe('TT.MM.JJJJ');
    await page.close();

    const studio = await freshPage();
    await signIn(studio, base, 'admin');
    await studio.goto(`${base}/studio`);
    await studio.getByLabel('Prozessbeschreibung (JSON)').fill(STUDIO_DOC);
    await studio.getByRole('button', { name: 'Prüfen' }).click();
    await expect.poll(() => studio.locator('.problems').textContent()).toContain('Die Rolle „leitung“ steht nicht in „roles“');
    await studio.close();
  }, TIMEOUT);

  it('fills the school registration in from the Stammdaten, and lets the person change it', async () => {
    const kita = await apiAs(base, 'kita');
    const created = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
    await kita('POST', `/api/cases/${created.id}/events`, { type: 'SUBMIT', data: { ...childData('Paul', 'Vorab'), hort_angemeldet: true }, expectedVersion: created.version });
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.goto(`${base}/cases/${created.id}`);
    const school = page.locator('#task_grundschule');
    await school.waitFor();
    const chosen = () => school.locator('option:checked').textContent();
    expect(await chosen()).toBe('Grundschule Am Schillerpark');
    expect(await page.locator('#task_hort_angemeldet').isChecked()).toBe(true);
    await school.selectOption({ index: 3 });
    expect(await chosen()).not.toBe('Grundschule Am Schillerpark');
    await check(page, 'prefill');
    await page.close();
  }, TIMEOUT);

  it('draws the process with arrows in words, fitted to the page, and lets the person zoom', async () => {
    const kita = await apiAs(base, 'kita');
    const created = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.goto(`${base}/cases/${created.id}`);
    await page.locator('.diagram-section').scrollIntoViewIfNeeded();
    await page.locator('.diagram-canvas .react-flow__node').first().waitFor({ timeout: 15_000 });
    const labels = await page.locator('.diagram-canvas .edge-label').allTextContents();
    expect(labels).toContain('Stammdaten prüfen und ergänzen');
    expect(labels).toContain('Frist: Mitte Juli des Einschulungsjahres: Abschied aus der Kita');
    expect(labels).not.toContain('Absenden');
    expect(labels.filter((l) => /^[A-Z_]+$/.test(l))).toEqual([]);

    // Fitted to the width: nothing is cut off on the right; then bigger on request, and back.
    const fits = () => page.locator('.diagram-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    expect(await fits()).toBe(true);
    // Nothing chosen in the Stammdaten either: "Hat das Sorgerecht" is asked, Ja and Nein both open.
    expect(await page.locator('[id^="task_sorgeberechtigte_0_sorgerecht-"]:checked').count()).toBe(0);
    const zoomText = () => page.locator('.diagram-zoom').textContent();
    const before = await zoomText();
    await page.getByRole('button', { name: 'Vergrößern' }).click();
    await expect.poll(zoomText).not.toBe(before);
    await page.getByRole('button', { name: 'An Breite anpassen' }).click();
    await expect.poll(zoomText).toBe(before);
    await check(page, 'diagram');

    // A deadline given as a duration reads "nach 90 Tagen".
    const beratung = await apiAs(base, 'beratung');
    const advice = await beratung('POST', '/api/cases', { definition: 'wiedereinstieg' });
    await suite.context().clearCookies();
    await signIn(page, base, 'beratung');
    await page.goto(`${base}/cases/${advice.id}`);
    await page.locator('.diagram-section').scrollIntoViewIfNeeded();
    await page.locator('.diagram-canvas .react-flow__node').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('.diagram-canvas .edge-label').allTextContents()).toContain('Frist: nach 90 Tagen');
    await page.close();
  }, TIMEOUT);

  it('opens the board for the Bildungsbüro account koordination, in the same words on screen and in the CSV', async () => {
    // A Kita case in the parallel Kita year: it stands in two steps at once.
    const kita = await apiAs(base, 'kita');
    const created = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
    await kita('POST', `/api/cases/${created.id}/events`, { type: 'SUBMIT', data: childData('Ella', 'Zwei'), expectedVersion: created.version });
    await expect(kita('GET', '/api/board')).rejects.toThrow(/403/);

    const page = await freshPage();
    await signIn(page, base, 'koordination');
    await page.getByRole('link', { name: 'Übersicht' }).first().click();
    await page.waitForURL(`${base}/board`);
    const card = page.locator('.board-card', { has: page.getByRole('heading', { name: 'Übergang Kita – Grundschule' }) });
    await card.waitFor();
    expect(await card.locator('.board-parallel').textContent()).toContain('zählt in jedem davon');
    await check(page, 'board-koordination');

    await page.goto(`${base}/board?definition=kita-grundschule`);
    const durations = page.getByRole('region', { name: 'Verweildauer je Schritt' });
    await durations.getByRole('columnheader', { name: 'Die Hälfte schneller als (Median)' }).waitFor();
    await expect.poll(() => durations.getByRole('row', { name: /Fall angelegt/ }).textContent()).toMatch(/Die Hälfte war nach .+ weiter, 9 von 10 nach .+\./);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Als CSV herunterladen/ }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Aktenzeichen;Prozess;Stand;Status;Fällig;Überfällig;Angelegt am;Zuletzt geändert');
    expect(lines.slice(1).join('\n')).toContain(';in Bearbeitung;');
    expect(await page.getByRole('table', { name: 'Vorgänge', exact: true }).textContent()).toContain('in Bearbeitung');
    await page.close();
  }, TIMEOUT);

  it('gives the person a readable German answer to an access request, with all results chosen at once', async () => {
    const kita = await apiAs(base, 'kita');
    for (const vorname of ['Ida', 'Ole']) {
      const c = await kita('POST', '/api/cases', { definition: 'kita-grundschule' });
      await kita('POST', `/api/cases/${c.id}/events`, { type: 'SUBMIT', data: childData(vorname, 'Auskunftsprobe'), expectedVersion: c.version });
    }
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.goto(`${base}/privacy?q=Auskunftsprobe`);
    await page.getByLabel('Alle Treffer auswählen').check();
    await expect.poll(() => page.getByRole('button', { name: 'Auskunft herunterladen (2 Vorgänge)' }).isEnabled()).toBe(true);
    await check(page, 'privacy-all');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Lesbare Auskunft herunterladen/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^auskunft-\d{4}-\d{2}-\d{2}\.html$/);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('Auskunft nach Art. 15 DSGVO');
    expect(html.match(/<section class="case">/g)?.length).toBe(2);
    expect(html).toContain('Übergang Kita – Grundschule');
    expect(html).toContain('<dt>Vorname</dt><dd>Ida</dd>');
    expect(html).toContain('<dt>Kita</dt><dd>Kita Sonnenschein');
    expect(html).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}<\/time> · kita: Vorgang angelegt/);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[^"]*<\/time>/);

    // The document itself is accessible when opened or printed.
    const doc = await suite.context().newPage();
    await doc.setContent(html);
    violations.push(...(await checkPage(doc, 'privacy-document')));
    await doc.close();
    await page.close();
  }, TIMEOUT);

  it('has no serious or critical accessibility violation on the pages it visited', () => {
    expect(violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`)).toEqual([]);
  });
});
