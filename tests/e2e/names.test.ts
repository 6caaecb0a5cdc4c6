import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAgora, type Agora } from '../../engine/boot.js';
import { DEFAULT_TENANT } from '../../engine/boot-constants.js';
import { browserAvailability, buildUiIfStale, checkPage, launchBrowser, ROOT, signIn, type Violation } from './browser.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 150_000;

/** A demo account's calls to the API through the real server (cookie session). */
interface As {
  post(url: string, body: unknown): Promise<any>;
  get(url: string): Promise<any>;
}

const child = (vorname: string, nachname: string) => ({
  vorname, nachname, geburtsdatum: '2022-03-14', kita: 'kita-sonnenschein', einschulungsjahr: 2028, stadtteil: 'zoberberg', grundschule: 'gs-zoberberg',
  sorgeberechtigte: [{ name: 'Eltern', sorgerecht: true }],
});

/** A day relative to today as YYYY-MM-DD (the real server runs on the real clock). */
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Names instead of numbers (issue 12): lists, "Meine Vorgänge", search as you type, the course page, through the access rules. */
describe.skipIf(!availability.run)('names of cases in Chromium', () => {
  let agora: Agora;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let base: string;
  const violations: Violation[] = [];
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};

  async function as(username: string, password = 'demo'): Promise<As> {
    const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(login.status, username).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${base}${url}`, { method, headers: body === undefined ? { cookie } : { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      expect(res.ok, `${method} ${url}: ${JSON.stringify(json)}`).toBe(true);
      return json;
    };
    return { post: (url, body) => call('POST', url, body), get: (url) => call('GET', url) };
  }

  /** Starts a Kita–Grundschule case and submits the child's basic data. */
  async function startChild(who: As, vorname: string, nachname: string) {
    const c = await who.post('/api/cases', { definition: 'kita-grundschule' });
    return who.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: child(vorname, nachname), expectedVersion: c.version });
  }

  beforeAll(async () => {
    if (availability.reason) throw new Error(availability.reason);
    await buildUiIfStale();
    // No timer loop: a course's registration date would open it on its own between two of the set-up's commands.
    agora = await startAgora({ memory: true, port: 0, host: '127.0.0.1', seedDemo: true, scheduler: false, uiDir: path.join(ROOT, 'ui/dist') });
    base = agora.url;
    browser = await launchBrowser();

    const kita = await as('kita');
    const kita2 = await as('kita2');
    const empty = await kita.post('/api/cases', { definition: 'kita-grundschule' });
    ids.empty = empty.id;
    refs.empty = empty.reference;
    const jonas = await startChild(kita, 'Jonas', 'Yılmaz');
    ids.jonas = jonas.id;
    refs.jonas = jonas.reference;
    ids.lena = (await startChild(kita, 'Lena', 'Schäfer')).id;
    ids.berger = (await startChild(kita2, 'Jonathan', 'Berger')).id;

    // A course with 4 places: three confirmed registrations and one not yet filled in.
    const leitung = await as('kursleitung');
    const ort = (await leitung.get('/api/catalogues/kursorte')).entries[0].value;
    const kurs = {
      titel: 'Starke Eltern – Starke Kinder', programm: 'sesk', kinderalter_von: 3, kinderalter_bis: 10, ort, kursleitung: 'Frau A. und Herr B.',
      kursleitung_qualifiziert: true, max_tn: 4, min_tn: 2, anmeldung_ab: day(0), anmeldeschluss: day(20), termine: [day(27), day(34), day(41)],
    };
    const started = await leitung.post('/api/cases', { definition: 'elterntraining' });
    let course = await leitung.post(`/api/cases/${started.id}/events`, { type: 'SUBMIT', data: kurs, expectedVersion: started.version });
    if (course.state === 'ausgeschrieben') course = await leitung.post(`/api/cases/${course.id}/events`, { type: 'ANMELDUNG_OEFFNEN', expectedVersion: course.version });
    expect(course.state).toBe('anmeldung_offen');
    ids.course = course.id;
    for (const name of ['Aylin Demir', 'Peter Krause', 'Sofia Neumann']) {
      const r = await leitung.post('/api/cases', { definition: 'elterntraining-anmeldung', parentId: course.id });
      const done = await leitung.post(`/api/cases/${r.id}/events`, { type: 'SUBMIT', data: { name, kontakt: '0340 123', einwilligung: true }, expectedVersion: r.version });
      expect(done.state).toBe('bestaetigt');
    }
    const pending = await leitung.post('/api/cases', { definition: 'elterntraining-anmeldung', parentId: course.id });
    refs.pending = pending.reference;

    // A role that may open the case but not the form its title is made of sees the reference only.
    const { definitions, auth } = agora.services;
    await definitions.import(DEFAULT_TENANT, {
      key: 'akte', version: 1, title: { de: 'Akte', en: 'File' }, caseTitle: '{person.name}', roles: ['team', 'statistik'],
      access: { team: {}, statistik: { forms: ['zahlen'] } },
      forms: {
        person: { title: { de: 'Person' }, schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } } },
        zahlen: { title: { de: 'Zahlen' }, schema: { type: 'object', properties: { n: { type: 'integer', title: 'Anzahl' } } } },
      },
      machine: { id: 'akte', initial: 'offen', states: { offen: { meta: { title: { de: 'Offen' }, task: { roles: ['team'], form: 'person' } }, on: { SUBMIT: 'fertig' } }, fertig: { type: 'final', meta: { title: { de: 'Fertig' } } } } },
    });
    await definitions.publish(DEFAULT_TENANT, 'akte', 1);
    await auth.createUser(DEFAULT_TENANT, 'team', 'Lange-Nacht-der-Bildung-2026', ['team']);
    await auth.createUser(DEFAULT_TENANT, 'statistik', 'Kraniche-ziehen-im-Herbst', ['statistik']);
    const team = await as('team', 'Lange-Nacht-der-Bildung-2026');
    const akte = await team.post('/api/cases', { definition: 'akte' });
    await team.post(`/api/cases/${akte.id}/events`, { type: 'SUBMIT', data: { name: 'Geheim Person' }, expectedVersion: akte.version });
    refs.akte = akte.reference;
  }, 180_000);

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

  /** The names in the case column of the list on the page. */
  const listedNames = (page: Page) => page.locator('.case-table tbody td:first-child a').allTextContents();

  it('names the Kita\'s children in the inbox, in "Meine Vorgänge" and on the case page, and leaves out the other Kita\'s', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.locator('.task-list').waitFor();
    const inbox = (await page.locator('.task-list .task-link').allTextContents()).join(' | ');
    expect(inbox).toContain('Jonas Yılmaz');
    expect(inbox).toContain('Lena Schäfer');
    expect(inbox).not.toContain('Berger');
    await check(page, 'inbox-names');

    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Vorgänge' }).click();
    await page.waitForURL(`${base}/vorgaenge`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Meine Vorgänge');
    await page.locator('.case-table tbody a').first().waitFor();
    const names = await listedNames(page);
    expect(names.some((n) => n.includes('Jonas Yılmaz') && n.includes(refs.jonas))).toBe(true);
    expect(names.some((n) => n.includes('Lena Schäfer'))).toBe(true);
    // A case whose form is still empty is named by its reference.
    expect(names).toContain(refs.empty);
    expect(names.join(' ')).not.toContain('Berger');
    await check(page, 'my-cases');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My cases');
    await page.getByRole('combobox', { name: 'Find a case' }).waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();

    // Filter by status: nothing is closed yet; the URL keeps the filter.
    await page.getByLabel('Status').selectOption('closed');
    await page.waitForURL(/status=closed/);
    await expect.poll(() => page.locator('.case-table tbody').textContent()).toContain('Keine Vorgänge für diese Auswahl.');
    await page.getByLabel('Status').selectOption('');
    await page.locator('.case-table tbody a').first().waitFor();

    // Sorting: the state column sorts, and says so to assistive technology.
    await page.getByRole('button', { name: /Stand/ }).click();
    await page.waitForURL(/sort=state/);
    expect(await page.getByRole('columnheader', { name: /Stand/ }).getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('link', { name: /Jonas Yılmaz/ }).click();
    await page.waitForURL(`${base}/cases/${ids.jonas}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Jonas Yılmaz ${refs.jonas}`);
    expect(await page.title()).toBe(`Jonas Yılmaz (${refs.jonas}) · Übergang Kita – Grundschule – Agora`);
    expect(await page.locator('.breadcrumb').textContent()).toContain('Meine Vorgänge');
    await page.close();
  }, TIMEOUT);

  it('finds "Yılmaz" while the educator types "yilm", walks the matches with the keyboard and opens the case with Enter', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita');
    await page.goto(`${base}/vorgaenge`);
    const box = page.getByRole('combobox', { name: 'Vorgang suchen' });
    await box.pressSequentially('yilm', { delay: 40 });
    const list = page.getByRole('listbox', { name: 'Vorgang suchen' });
    await list.getByRole('option').first().waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const options = await list.getByRole('option').allTextContents();
    expect(options).toHaveLength(1);
    expect(options[0]).toContain('Jonas Yılmaz');
    expect(options[0]).toContain(refs.jonas);
    expect(options[0]).toContain('Übergang Kita – Grundschule');
    await expect.poll(() => page.locator('.case-search [role=status]').textContent()).toBe('1 Treffer');
    await check(page, 'search-open');

    await page.keyboard.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    expect(activeId).toBeTruthy();
    expect(await page.locator(`[id="${activeId}"]`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/cases/${ids.jonas}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Jonas Yılmaz');

    // A reference prefix finds the Kita's cases too; a word from the middle of a name finds nothing.
    await page.goto(`${base}/vorgaenge`);
    await page.getByRole('combobox', { name: 'Vorgang suchen' }).pressSequentially('lena sch', { delay: 40 });
    await expect.poll(() => page.getByRole('listbox').getByRole('option').allTextContents()).toEqual([expect.stringContaining('Lena Schäfer')]);
    await page.getByRole('option').first().click();
    await page.waitForURL(`${base}/cases/${ids.lena}`);
    await page.close();
  }, TIMEOUT);

  it('does not let the other Kita find the child, and shows numbers to a reader who may not see the name', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kita2');
    await page.goto(`${base}/vorgaenge`);
    const box = page.getByRole('combobox', { name: 'Vorgang suchen' });
    await box.pressSequentially('yilm', { delay: 40 });
    await expect.poll(() => page.locator('.case-search [role=status]').textContent()).toBe('Keine Treffer');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await page.locator('.case-table tbody a').first().waitFor();
    const names = (await listedNames(page)).join(' | ');
    expect(names).toContain('Jonathan Berger');
    expect(names).not.toContain('Yılmaz');
    expect(names).not.toContain('Schäfer');
    await check(page, 'search-none');
    await page.goto(`${base}/cases/${ids.jonas}`);
    await page.getByText('Diesen Vorgang gibt es nicht').first().waitFor();
    await page.close();

    const stat = await freshPage();
    await signIn(stat, base, 'statistik', 'Kraniche-ziehen-im-Herbst');
    await stat.goto(`${base}/vorgaenge`);
    await stat.locator('.case-table tbody a').first().waitFor();
    expect(await listedNames(stat)).toEqual([refs.akte]);
    await stat.getByRole('combobox', { name: 'Vorgang suchen' }).pressSequentially('geheim', { delay: 40 });
    await expect.poll(() => stat.locator('.case-search [role=status]').textContent()).toBe('Keine Treffer');
    await stat.close();
  }, TIMEOUT);

  it('shows a course with its registrations by name, their status and "3 von 4 Plätzen belegt"', async () => {
    const page = await freshPage();
    await signIn(page, base, 'kursleitung');
    await page.goto(`${base}/cases/${ids.course}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Starke Eltern – Starke Kinder');
    const linked = page.getByRole('region', { name: 'Verknüpfte Vorgänge' });
    await linked.getByText('3 von 4 Plätzen belegt').waitFor();
    const table = linked.getByRole('table', { name: 'Dazugehörige Vorgänge' });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    for (const name of ['Aylin Demir', 'Peter Krause', 'Sofia Neumann']) expect(rows.find((r) => r.includes(name))).toMatch(/Bestätigt|bestätigt/);
    expect(rows.find((r) => r.includes(refs.pending))).toContain('in Bearbeitung');
    await check(page, 'course-page');

    // A registration names its course in the breadcrumb.
    await table.getByRole('link', { name: /Aylin Demir/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Aylin Demir');
    expect(await page.locator('.breadcrumb').textContent()).toContain('Starke Eltern – Starke Kinder');
    await page.close();
  }, TIMEOUT);

  it('finds no serious accessibility problems on the new pages', () => {
    expect(violations).toEqual([]);
  });
});
