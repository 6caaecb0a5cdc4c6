import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailability, browserSuite, signIn, apiAs as apiCall } from './browser.js';
import { startSmtp, tokenFrom } from '../helpers/smtp.js';

const availability = browserAvailability();
/** Generous: the suite shares the machine with other work. */
const TIMEOUT = 300_000;
/** Pages load slowly while other suites share the machine. */
const POLL = { timeout: 30_000 };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** /angebote (issue 15): a parent finds a course without an account, registers, confirms by e-mail; the course leader sees the seat taken. */
describe.skipIf(!availability.run)('public offers in the web UI (#15)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp?.close());
  const suite = browserSuite(() => ({ smtpUrl: smtp.url, schedulerIntervalMs: 200 }));
  const { violations, cspViolations, freshPage, check } = suite;
  let courseId = '';

  const apiAs = (username: string, method: string, url: string, body?: unknown) => apiCall(suite.base, username, method, url, body);

  /** A course of the course team, open for registration. */
  async function openCourse(): Promise<void> {
    const c = await apiAs('kursleitung', 'POST', '/api/cases', { definition: 'elterntraining' });
    const kurs = {
      titel: 'Starke Eltern – Starke Kinder im Zoberberg', programm: 'sesk', kinderalter_von: 3, kinderalter_bis: 10, ort: 'fz-zoberberg', stadtteil: 'zoberberg',
      termine: [day(7), day(14)], kursleitung: 'Frau Lehmann', kursleitung_qualifiziert: true, max_tn: 8, min_tn: 2, anmeldung_ab: day(-1), anmeldeschluss: day(5),
      beschreibung: 'Acht Abende rund um Erziehung, mit Kinderbetreuung.',
    };
    const r = await apiAs('kursleitung', 'POST', `/api/cases/${c.json.id}/events`, { type: 'SUBMIT', data: kurs, expectedVersion: c.json.version });
    expect(r.status).toBe(200);
    // Registration opens by the course's timer (its start date has passed), fired by the running scheduler.
    await expect.poll(async () => (await apiAs('kursleitung', 'GET', `/api/cases/${c.json.id}`)).json.state, POLL).toBe('anmeldung_offen');
    courseId = c.json.id;
  }

  /** A Seniorenuniversität programme with one lecture, open for enrolment; returns the programme's case id. */
  async function openProgramme(): Promise<string> {
    const c = await apiAs('vhs', 'POST', '/api/cases', { definition: 'seniorenuniversitaet' });
    let version = c.json.version as number;
    for (const step of [
      { type: 'SUBMIT', data: { semester: 'Wintersemester im Test', semester_beginn: day(20), semester_ende: day(120), einschreibung_ab: day(1), plaetze: 30 } },
      {
        type: 'VERANSTALTUNG',
        data: { titel: 'Klimawandel verstehen', partner: 'uba', format: 'vorlesung', termine: [day(8), day(15)], kapazitaet: 80, ort: 'uba-woerlitzer-platz', dozent: 'Dr. Erika Geheimnis' },
      },
      { type: 'SUBMIT', data: { veroeffentlicht_am: day(0), kanaele: ['programmheft'] } },
      { type: 'EINSCHREIBUNG_OEFFNEN' },
    ]) {
      const r = await apiAs('vhs', 'POST', `/api/cases/${c.json.id}/events`, { ...step, expectedVersion: version });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      version = r.json.version;
    }
    return c.json.id as string;
  }

  it('lets a parent find a course, register, confirm by e-mail, and the course leader see the seat taken', async () => {
    await openCourse();
    const page = await freshPage();
    await page.goto(`${suite.base}/angebote`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), POLL).toBe('Angebote');
    // No sign-in: the page stays where it is.
    expect(new URL(page.url()).pathname).toBe('/angebote');
    await expect.poll(() => page.getByRole('link', { name: 'Starke Eltern – Starke Kinder im Zoberberg' }).count(), POLL).toBe(1);
    expect(await page.locator('main').textContent()).toContain('8 von 8 Plätzen frei');
    expect(await page.locator('main').textContent()).not.toContain('Lehmann');
    await check(page, 'offers-list');

    // The month calendar, reached by keyboard.
    await page.getByLabel('Monatskalender').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('table.calendar').count(), POLL).toBe(1);
    if (day(7).slice(0, 7) !== new Date().toISOString().slice(0, 7)) await page.getByRole('button', { name: /Nächster Monat/ }).click();
    await expect.poll(() => page.locator('table.calendar a').first().textContent(), POLL).toBe('Starke Eltern – Starke Kinder im Zoberberg');
    await check(page, 'offers-calendar');

    await page.getByRole('radio', { name: 'Liste' }).check();
    await page.getByRole('link', { name: 'Starke Eltern – Starke Kinder im Zoberberg' }).click();
    await page.waitForURL(`${suite.base}/angebote/${courseId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Anmeldung' }).count(), POLL).toBe(1);
    await check(page, 'offer');
    await page.getByLabel(/^Name/).fill('Erika Muster');
    await page.getByLabel(/^Kontakt/).fill('0340 123456');
    await page.getByLabel(/^E-Mail/).fill('erika@example.org');
    await page.getByLabel(/^Einwilligung/).check();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.locator('.notice-success').textContent(), POLL).toContain('Fast geschafft');

    // The confirmation mail arrives through the outbox and the test SMTP server.
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes('erika@example.org')).length, POLL).toBe(1);
    const mail = smtp.mails.find((m) => m.to.includes('erika@example.org'))!;
    const link = `${suite.base}/angebote/bestaetigen#${tokenFrom(mail, 'bestaetigen')}`;
    for (let i = 0; i < 2; i++) {
      // Following the link twice: the seat is counted once.
      const confirm = await freshPage();
      await confirm.goto(link);
      await confirm.getByRole('button', { name: 'Anmeldung jetzt bestätigen' }).click();
      await expect.poll(() => confirm.locator('.notice-success').textContent(), POLL).toContain('Ihr Platz ist reserviert');
      if (i === 0) await check(confirm, 'offer-confirmed');
      await confirm.close();
    }
    const offer = await (await fetch(`${suite.base}/api/public/offers/${courseId}`)).json();
    expect(offer.seats).toEqual({ total: 8, free: 7 });

    // The course leader, signed in, sees the registration.
    const leader = await freshPage();
    await signIn(leader, suite.base, 'kursleitung');
    await leader.goto(`${suite.base}/vorgaenge?definition=elterntraining-anmeldung`);
    await expect.poll(() => leader.getByRole('link', { name: 'Erika Muster' }).count(), POLL).toBe(1);
    expect(violations).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, TIMEOUT);

  it('shows a Seniorenuniversität lecture as an offer of its own, in the list and the calendar, enrolling for its programme', async () => {
    const programme = await openProgramme();
    const page = await freshPage();
    await page.goto(`${suite.base}/angebote?fieldOfAction=seniorenuniversitaet`);
    const lecture = page.getByRole('link', { name: 'Klimawandel verstehen' });
    await expect.poll(() => lecture.count(), POLL).toBe(1);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Teil von');
    expect(main).toContain('Umweltbundesamt (UBA)');
    expect(main).not.toContain('Geheimnis');
    await check(page, 'offers-lectures');

    await page.goto(`${suite.base}/angebote?fieldOfAction=seniorenuniversitaet&view=calendar&month=${day(8).slice(0, 7)}`);
    await expect.poll(() => page.locator('table.calendar a', { hasText: 'Klimawandel verstehen' }).count(), POLL).toBeGreaterThan(0);
    await check(page, 'offers-lectures-calendar');

    await page.locator('table.calendar a', { hasText: 'Klimawandel verstehen' }).first().click();
    await page.waitForURL(`${suite.base}/angebote/${programme}.1`);
    await expect.poll(() => page.getByRole('heading', { name: 'Anmeldung' }).count(), POLL).toBe(1);
    expect(await page.locator('main').textContent()).toContain('Sie melden sich für „Wintersemester im Test“ an');
    // The programme's enrolment form starts with this lecture chosen.
    await expect.poll(() => page.locator('main input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), POLL).toContain('Klimawandel verstehen');
    await check(page, 'offer-lecture');

    await page.getByRole('link', { name: 'Wintersemester im Test' }).first().click();
    await page.waitForURL(`${suite.base}/angebote/${programme}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Veranstaltungen in diesem Programm' }).count(), POLL).toBe(1);
    await check(page, 'offer-programme');
    expect(violations).toEqual([]);
  }, TIMEOUT);
});
