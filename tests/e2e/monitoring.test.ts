import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, signIn } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 180_000;

/** A small process of its own field of action, so the test knows every figure on the page. */
const DEFINITION = {
  key: 'monitoring-e2e',
  version: 1,
  fieldOfAction: 'monitoring-test',
  title: { de: 'Anmeldung (Monitoring-Test)', en: 'Registration (monitoring test)' },
  roles: ['koordination'],
  forms: {
    anmeldung: {
      title: { de: 'Anmeldung', en: 'Registration' },
      schema: {
        type: 'object',
        required: ['stadtteil'],
        properties: { stadtteil: { type: 'string', title: 'Stadtteil', 'x-catalogue': 'stadtteile' } },
      },
    },
  },
  statistics: {
    dimensions: { stadtteil: { title: { de: 'Stadtteil', en: 'District' }, field: '/anmeldung/stadtteil' } },
    indicators: {
      faelle: { title: { de: 'Anmeldungen', en: 'Registrations' }, type: 'started' },
    },
  },
  machine: {
    id: 'monitoring-e2e',
    initial: 'erfassung',
    states: {
      erfassung: {
        meta: { title: { de: 'Erfassung', en: 'Intake' }, task: { roles: ['koordination'], form: 'anmeldung' } },
        on: { SUBMIT: 'erledigt' },
      },
      erledigt: { type: 'final', meta: { title: { de: 'Erledigt', en: 'Done' } } },
    },
  },
};

/** Cases per Stadtteil: Kochstedt and Törten have fewer than 3, so their cells are suppressed. */
const SEED: Record<string, number> = { zoberberg: 5, alten: 4, kochstedt: 2, toerten: 1 };

describe.skipIf(!availability.run)('Bildungsmonitoring in the web UI (#14)', () => {
  const suite = browserSuite();
  const { violations, cspViolations, freshPage, check } = suite;
  let base = '';

  /** Signs in through the API as `username` and returns a caller with that session. */
  async function session(username: string, password = 'demo') {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return async (method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> => {
      const res = await fetch(`${base}${url}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    };
  }

  beforeAll(async () => {
    base = suite.base;
    const admin = await session('admin');
    expect((await admin('POST', '/api/definitions', DEFINITION)).status).toBe(201);
    expect((await admin('POST', '/api/definitions/monitoring-e2e/1/publish', {})).status).toBe(200);
    expect((await admin('POST', '/api/users', { username: 'statistik', password: 'Bildungsbericht-fuer-den-Rat', roles: ['monitoring'] })).status).toBe(201);
    // The cases are started and their intake filled through the API, as the office would.
    const office = await session('koordination');
    for (const [stadtteil, n] of Object.entries(SEED)) {
      for (let i = 0; i < n; i++) {
        const started = await office('POST', '/api/cases', { definition: 'monitoring-e2e' });
        expect(started.status).toBe(201);
        const sent = await office('POST', `/api/cases/${started.json.id}/events`, { type: 'SUBMIT', data: { stadtteil }, expectedVersion: started.json.version });
        expect(sent.status).toBe(200);
      }
    }
  }, TIMEOUT);

  it('shows a coordinator each indicator as chart and table with small cells suppressed, keeps the pickers in the URL, downloads the CSV and prints the Bildungsbericht', async () => {
    const page = await freshPage();
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(r.url()));
    await signIn(page, base, 'admin');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Meine Aufgaben');
    // ECharts is a chunk of its own: the other pages never download it.
    expect(loaded.filter((u) => /\/assets\/charts-/.test(u))).toEqual([]);
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.waitForURL(`${base}/monitoring`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bildungsmonitoring');

    // The field of action of the test process, chosen in the picker (and kept in the URL).
    await page.getByLabel('Handlungsfeld').selectOption({ label: 'Monitoring test' });
    await page.waitForURL(/field=monitoring-test/);
    const card = page.getByRole('region', { name: 'Anmeldungen', exact: true });
    const table = card.getByRole('table', { name: /Anmeldungen: Werte je Schuljahr und Stadtteil/ });
    await expect.poll(() => table.getByRole('row', { name: /Zoberberg/ }).textContent(), { timeout: 20_000 }).toContain('5');
    expect(await table.getByRole('row', { name: /Alten/ }).textContent()).toContain('4');
    // Fewer than 3 cases: the dot, read out as "nicht ausgewiesen", and the legend says why.
    const kochstedt = table.getByRole('row', { name: /Kochstedt/ });
    expect(await kochstedt.locator('.suppressed').count()).toBeGreaterThan(0);
    expect(await kochstedt.textContent()).toContain('·');
    expect(await kochstedt.textContent()).not.toContain('2');
    expect(await kochstedt.locator('.suppressed .visually-hidden').first().textContent()).toBe('nicht ausgewiesen');
    expect(await card.textContent()).toContain('weniger als 3 Fälle – aus Datenschutzgründen nicht ausgewiesen');
    // The chart (ECharts, SVG) beside the table, and one small chart per Stadtteil with published figures.
    await expect.poll(() => card.locator('.chart-trend svg').count(), { timeout: 20_000 }).toBe(1);
    expect(await card.locator('.chart-trend').getAttribute('aria-label')).toContain('Anmeldungen');
    await expect.poll(() => card.locator('.small-multiple').count()).toBeGreaterThanOrEqual(2);
    expect(loaded.filter((u) => /\/assets\/charts-/.test(u))).toHaveLength(1);
    await check(page, 'monitoring');

    // A coordinator sets the early-warning band; the card says it at once and the API keeps it.
    await card.getByText('Frühwarnung einstellen').click();
    await card.getByLabel('Frühwarnung unter').fill('3');
    await card.getByRole('button', { name: 'Frühwarnung speichern' }).click();
    await expect.poll(() => card.locator('.indicator-band').textContent()).toContain('unter 3');
    const listed = await (await session('admin'))('GET', '/api/monitoring/indicators');
    expect(listed.json.find((i: any) => i.key === 'monitoring-e2e.faelle').band).toEqual({ min: 3, max: null });

    // Another period: the URL keeps it, and a reload shows the same.
    await page.getByLabel('Zählen je').selectOption({ label: 'Jahr' });
    await page.waitForURL(/period=year/);
    const year = String(new Date().getFullYear());
    const byYear = card.getByRole('table', { name: /Anmeldungen: Werte je Jahr und Stadtteil/ });
    await expect.poll(() => byYear.getByRole('columnheader').allTextContents(), { timeout: 20_000 }).toContain(year);
    expect(await byYear.getByRole('row', { name: /Zoberberg/ }).textContent()).toContain('5');
    await page.reload();
    expect(await page.getByLabel('Zählen je').inputValue()).toBe('year');
    expect(await page.getByLabel('Handlungsfeld').inputValue()).toBe('monitoring-test');
    await expect.poll(() => page.getByRole('region', { name: 'Anmeldungen', exact: true }).getByRole('columnheader').allTextContents(), { timeout: 20_000 }).toContain(year);

    // The German Excel CSV of the server, with the same choice.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Anmeldungen', exact: true }).getByRole('link', { name: /CSV für Excel/ }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(`${year};Zoberberg;5`);
    // Suppressed cells as official statistics print them.
    expect(csv).toContain(`${year};Kochstedt;.`);

    // The Bildungsbericht: every field of action, printable without the navigation.
    await page.getByRole('link', { name: 'Bildungsbericht (Druckansicht)' }).click();
    await page.waitForURL(/\/monitoring\/bericht\?period=year/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bildungsbericht');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Monitoring test' }).count(), { timeout: 20_000 }).toBe(1);
    const reportCard = page.getByRole('region', { name: 'Anmeldungen', exact: true });
    await expect.poll(() => reportCard.getByRole('row', { name: /Zoberberg/ }).textContent(), { timeout: 20_000 }).toContain('5');
    await expect.poll(() => reportCard.locator('.chart-trend svg').count(), { timeout: 20_000 }).toBe(1);
    await check(page, 'monitoring-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Drucken oder als PDF speichern' }).isVisible()).toBe(false);
    expect(await reportCard.locator('.chart-trend svg').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  }, TIMEOUT);

  it('lets an administrator upload the population CSV by keyboard, names each unusable line, and shows what is stored per year', async () => {
    const page = await freshPage();
    await signIn(page, base, 'admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Einwohnerzahlen' }).click();
    await page.waitForURL(`${base}/monitoring/bevoelkerung`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Einwohnerzahlen');
    await expect.poll(() => page.getByText('Noch keine Einwohnerzahlen gespeichert', { exact: false }).count()).toBe(1);
    const file = page.getByLabel('CSV-Datei der Statistikstelle');
    const upload = page.getByRole('button', { name: 'Hochladen' });

    // No file chosen: the field says so and takes the focus.
    await upload.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Bitte wählen Sie zuerst eine Datei.').count()).toBe(1);
    expect(await file.evaluate((el) => el === document.activeElement)).toBe(true);

    // A file with an unusable line: the error code's text, and the line with its problem; nothing is stored.
    const header = 'stadtteil;altersgruppe;jahr;einwohner';
    await file.setInputFiles({ name: 'falsch.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nzoberberg;0-2;2026;1.200\nalten;0-2;zwanzig;80\n`) });
    await upload.focus();
    await page.keyboard.press('Enter');
    const problems = page.getByRole('table', { name: 'Zeilen, die nicht verwendet werden konnten' });
    await expect.poll(() => problems.getByRole('row').nth(1).textContent(), { timeout: 20_000 }).toBe('3„zwanzig“ ist keine Jahreszahl.');
    expect(await page.getByRole('alert').textContent()).toContain('Die Einwohnertabelle ist so nicht verwendbar');
    await check(page, 'population-errors');

    // A good file as Excel on a German Windows saves it (Windows-1252): the answer says what it replaced.
    const good = `${header}\nzoberberg;0-2;2026;1.200\nzoberberg;3-5;2026;1.300\nalten;0-2;2026;800\nalten;0-2;2025;790\nTörten;0-2;2026;500\n`;
    await file.setInputFiles({ name: 'einwohner.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'latin1') });
    await upload.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Zeilen gelesen' }).textContent(), { timeout: 20_000 }).toBe('5 Zeilen gelesen. Ersetzt: 2025, 2026.');
    expect(await problems.count()).toBe(0);

    // What is stored: one year at a time, Stadtteile down, age groups across, with sums.
    const stored = page.getByRole('table', { name: 'Einwohner 2026 nach Stadtteil und Altersgruppe' });
    await expect.poll(() => stored.getByRole('row', { name: /Törten/ }).textContent(), { timeout: 20_000 }).toContain('500');
    expect(await stored.getByRole('columnheader').allTextContents()).toEqual(['Stadtteil', '0-2', '3-5', 'Summe']);
    expect(await stored.getByRole('row', { name: /zoberberg/ }).textContent()).toBe('zoberberg1.2001.3002.500');
    expect(await page.getByText('5 Zeilen: Jahre 2025–2026, 3 Stadtteile, 2 Altersgruppen.').count()).toBe(1);
    await page.getByLabel('Jahr', { exact: true }).selectOption('2025');
    await expect.poll(() => page.getByRole('table', { name: 'Einwohner 2025 nach Stadtteil und Altersgruppe' }).getByRole('row', { name: /alten/ }).textContent()).toContain('790');
    await check(page, 'population');

    // The monitoring page links here, and now offers the figures per 1,000 residents.
    await page.getByRole('link', { name: 'Zum Bildungsmonitoring' }).click();
    await page.waitForURL(`${base}/monitoring`);
    await expect.poll(() => page.getByLabel('je 1.000 Einwohner').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByRole('main').getByRole('link', { name: 'Einwohnerzahlen' }).getAttribute('href')).toBe('/monitoring/bevoelkerung');
    await page.close();
  }, TIMEOUT);

  it('opens the page for the role monitoring, and says "Kein Zugriff" to others', async () => {
    const analyst = await freshPage();
    await signIn(analyst, base, 'statistik', 'Bildungsbericht-fuer-den-Rat');
    await analyst.getByRole('link', { name: 'Monitoring' }).click();
    await expect.poll(() => analyst.getByRole('heading', { level: 1 }).textContent()).toBe('Bildungsmonitoring');
    await expect.poll(() => analyst.getByLabel('Handlungsfeld').count(), { timeout: 20_000 }).toBe(1);
    // The population: read, not uploaded.
    await analyst.goto(`${base}/monitoring/bevoelkerung`);
    await expect.poll(() => analyst.getByRole('heading', { level: 1 }).textContent()).toBe('Einwohnerzahlen');
    await expect.poll(() => analyst.getByText('Hochladen dürfen Administratorinnen und Administratoren.').count()).toBe(1);
    expect(await analyst.getByLabel('CSV-Datei der Statistikstelle').count()).toBe(0);
    await analyst.close();

    const educator = await freshPage();
    await signIn(educator, base, 'kita');
    expect(await educator.getByRole('link', { name: 'Monitoring' }).count()).toBe(0);
    await educator.goto(`${base}/monitoring`);
    await expect.poll(() => educator.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    await educator.goto(`${base}/monitoring/bericht`);
    await expect.poll(() => educator.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    await educator.goto(`${base}/monitoring/bevoelkerung`);
    await expect.poll(() => educator.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    await educator.close();
  }, TIMEOUT);

  it('found no serious accessibility problem and no CSP violation', () => {
    expect(violations).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
