import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { startSmtp, tokenFrom } from '../../helpers/smtp.js';

type Client = ReturnType<typeof client>;

const kurs = (titel: string, max = 2) => ({
  titel, programm: 'sesk', kinderalter_von: 3, kinderalter_bis: 10, ort: 'fz-zoberberg', stadtteil: 'zoberberg',
  termine: ['2027-03-02', '2027-03-09'], kursleitung: 'Frau Lehmann, Herr Said', kursleitung_qualifiziert: true,
  max_tn: max, min_tn: 1, anmeldung_ab: '2027-01-15', anmeldeschluss: '2027-02-20', beschreibung: 'Acht Abende für Eltern.',
});
const anmeldung = (email: string, name = 'Erika Muster') => ({ name, kontakt: '0340 1234', email, einwilligung: true });

/** Self-registration with double opt-in, the public record and the outbox (issue 15). */
describe.each(databaseKinds())('public offers on %s', (kind) => {
  let agora: Agora;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clock = new Date('2027-01-20T09:00:00Z');
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  const anon = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) => agora.app.inject({ method, url, payload, headers });
  const offers = async (query = '') => (await anon('GET', `/api/public/offers${query}`)).json();
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));

  const course = async (titel: string, open: boolean, max = 2) => {
    // The course team's organisation owns the course, so it sees the registrations (as when it enters them itself).
    const c = (await as.kursleitung.post('/api/cases', { definition: 'elterntraining' })).json();
    let r = await as.kursleitung.post(`/api/cases/${c.id}/events`, { type: 'SUBMIT', data: kurs(titel, max), expectedVersion: c.version });
    expect(r.statusCode, r.body).toBe(200);
    if (open) {
      r = await as.kursleitung.post(`/api/cases/${c.id}/events`, { type: 'ANMELDUNG_OEFFNEN', expectedVersion: r.json().version });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().state).toBe('anmeldung_offen');
    }
    return c.id as string;
  };
  const register = (id: string, data: object, extra: object = {}) => anon('POST', `/api/public/offers/${id}/registrations`, { data, ...extra });

  beforeAll(async () => {
    smtp = await startSmtp();
    agora = await testAgora(kind, { rt: { now: () => clock }, smtpUrl: smtp.url, mailFrom: 'bildungsbuero@example.org', publicUrl: 'https://agora.example' });
    for (const u of ['koordination', 'kursleitung', 'admin']) as[u] = client(agora.app, await signIn(agora.app, u));
    ids.open = await course('Starke Eltern Frühjahr', true);
    ids.planned = await course('Noch in Planung', false);
  });
  afterAll(async () => {
    await agora?.close();
    await smtp?.close();
  });

  it('lists a course in an offer state with its public record only, without signing in', async () => {
    const page = await offers();
    const item = page.items.find((o: { id: string }) => o.id === ids.open);
    expect(item).toMatchObject({
      definition: 'elterntraining', title: 'Starke Eltern Frühjahr', description: 'Acht Abende für Eltern.', place: 'Familienzentrum Zoberberg',
      dates: ['2027-03-02', '2027-03-09'], seats: { total: 2, free: 2 }, registration: { open: true },
    });
    expect(page.items.map((o: { id: string }) => o.id)).not.toContain(ids.planned);
    // Fields outside the record (the course team's names) never leave the database.
    expect(JSON.stringify(page)).not.toContain('Lehmann');
    expect((await anon('GET', `/api/public/offers/${ids.planned}`)).json().error.code).toBe('OFFER_NOT_FOUND');
    const one = (await anon('GET', `/api/public/offers/${ids.open}`)).json();
    expect(one.registration.form.schema.required).toContain('email');
    expect(JSON.stringify(one)).not.toContain('Lehmann');
  });

  it('filters by field of action, date, district and free seats, and pages', async () => {
    expect((await offers('?fieldOfAction=elternarbeit')).items.length).toBe(1);
    expect((await offers('?fieldOfAction=seniorenuniversitaet')).items.length).toBe(0);
    expect((await offers('?from=2027-03-05')).items.length).toBe(1);
    expect((await offers('?from=2027-03-10')).items.length).toBe(0);
    expect((await offers('?to=2027-03-01')).items.length).toBe(0);
    expect((await offers('?district=Zoberberg')).items.length).toBe(1);
    expect((await offers('?freeSeats=true&limit=1')).nextCursor).toBeNull();
  });

  it('serves the offers as an iCalendar feed', async () => {
    const res = await anon('GET', '/api/public/offers.ics?fieldOfAction=elternarbeit');
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).toContain('BEGIN:VCALENDAR');
    expect(res.body).toContain('SUMMARY:Starke Eltern Frühjahr');
    expect(res.body.match(/BEGIN:VEVENT/g)?.length).toBe(2);
    expect(res.body).not.toContain('Lehmann');
  });

  it('refuses invalid data with the form errors and needs an e-mail address', async () => {
    const invalid = await register(ids.open, { name: '', email: 'erika@example.org' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.code).toBe('FORM_INVALID');
    const noMail = await register(ids.open, { name: 'Erika', kontakt: '0340', einwilligung: true });
    expect(noMail.statusCode).toBe(422);
    expect(noMail.json().error.details.map((d: { path: string }) => d.path)).toContain('/email');
    const closed = await register(ids.planned, anmeldung('x@example.org'));
    expect(closed.json().error.code).toBe('OFFER_NOT_FOUND');
  });

  it('answers a filled honeypot like any request but stores and sends nothing', async () => {
    const before = (await as.admin.get('/api/outbox')).json().total;
    const res = await register(ids.open, anmeldung('bot@example.org'), { website: 'http://spam.example' });
    expect(res.statusCode).toBe(202);
    expect((await as.admin.get('/api/outbox')).json().total).toBe(before);
  });

  it('registers with double opt-in: the seat is counted once however often the link is followed', async () => {
    expect((await register(ids.open, anmeldung('erika@example.org'))).statusCode).toBe(202);
    const dup = await register(ids.open, anmeldung('Erika@Example.org'));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('REGISTRATION_DUPLICATE');
    // Nothing is sent from inside the request: the scheduler delivers the outbox.
    expect(mailsTo('erika@example.org')).toHaveLength(0);
    await agora.scheduler.tick();
    const [mail] = mailsTo('erika@example.org');
    expect(mail.text).toContain('https://agora.example/angebote/bestaetigen#');
    const token = tokenFrom(mail, 'bestaetigen');
    expect((await offers()).items.find((o: { id: string }) => o.id === ids.open).seats.free).toBe(2);

    const first = await anon('POST', '/api/public/registrations/confirm', { token });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ status: 'confirmed', offer: ids.open, seat: 'place' });
    const again = await anon('POST', '/api/public/registrations/confirm', { token });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await offers()).items.find((o: { id: string }) => o.id === ids.open).seats.free).toBe(1);

    // The course leader sees the registration, started as a child of the course.
    const regs = (await as.kursleitung.get('/api/cases?definition=elterntraining-anmeldung')).json().items;
    expect(regs).toHaveLength(1);
    expect(regs[0]).toMatchObject({ title: 'Erika Muster', state: 'bestaetigt' });

    // The confirmation mail carries the withdrawal link (Art. 7(3) GDPR).
    await agora.scheduler.tick();
    const confirmed = mailsTo('erika@example.org')[1];
    expect(confirmed.text).toContain('widerrufen');
    const withdraw = tokenFrom(confirmed, 'widerrufen');
    const w = await anon('POST', '/api/public/registrations/withdraw', { token: withdraw });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().status).toBe('withdrawn');
    expect((await anon('POST', '/api/public/registrations/withdraw', { token: withdraw })).statusCode).toBe(200);
    expect((await as.kursleitung.get(`/api/cases/${regs[0].id}`)).json().state).toBe('abgemeldet');
    expect((await offers()).items.find((o: { id: string }) => o.id === ids.open).seats.free).toBe(2);
  });

  it('puts a registration past the seats on the waiting list, as for staff', async () => {
    for (const who of ['a', 'b', 'c']) {
      expect((await register(ids.open, anmeldung(`${who}@example.org`, `Person ${who}`))).statusCode).toBe(202);
    }
    await agora.scheduler.tick();
    const results = [];
    for (const who of ['a', 'b', 'c']) {
      const res = await anon('POST', '/api/public/registrations/confirm', { token: tokenFrom(mailsTo(`${who}@example.org`)[0], 'bestaetigen') });
      results.push(res.json().seat);
    }
    expect(results).toEqual(['place', 'place', 'waitingList']);
    expect((await offers()).items.find((o: { id: string }) => o.id === ids.open).seats.free).toBe(0);
    expect((await offers('?freeSeats=true')).items).toHaveLength(0);
  });

  it('refuses an expired link and deletes the request when the scheduler runs', async () => {
    expect((await register(ids.open, anmeldung('late@example.org'))).statusCode).toBe(202);
    await agora.scheduler.tick();
    const token = tokenFrom(mailsTo('late@example.org')[0], 'bestaetigen');
    clock = new Date(clock.getTime() + 49 * 3600_000);
    const expired = await anon('POST', '/api/public/registrations/confirm', { token });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('REGISTRATION_TOKEN_EXPIRED');
    await agora.scheduler.tick();
    const gone = await anon('POST', '/api/public/registrations/confirm', { token });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('REGISTRATION_TOKEN_INVALID');
    expect((await anon('POST', '/api/public/registrations/confirm', { token: 'x'.repeat(43) })).json().error.code).toBe('REGISTRATION_TOKEN_INVALID');
  });

  it('limits registrations per e-mail address in the database', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await register(ids.open, anmeldung('flood@example.org'))).statusCode);
    expect(codes.slice(0, 1)).toEqual([202]);
    expect(codes.slice(1, 5)).toEqual([409, 409, 409, 409]);
    const limited = await register(ids.open, anmeldung('flood@example.org'));
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('PUBLIC_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses the public POSTs from another site, like every state-changing request', async () => {
    const res = await anon('POST', '/api/public/registrations/confirm', { token: 'y'.repeat(43) }, { 'sec-fetch-site': 'cross-site' });
    expect(res.json().error.code).toBe('CROSS_SITE_REQUEST');
  });

  it('retries a mail the SMTP server refused, with backoff, and shows it to admins only', async () => {
    // The clock moved past the sessions' lifetime.
    for (const u of ['koordination', 'kursleitung', 'admin']) as[u] = client(agora.app, await signIn(agora.app, u));
    smtp.refuse = true;
    expect((await register(ids.open, anmeldung('retry@example.org'))).statusCode).toBe(202);
    await agora.scheduler.tick();
    let row = (await as.admin.get('/api/outbox?limit=5')).json().items.find((m: { to: string }) => m.to === 'retry@example.org');
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.lastError).toBeTruthy();
    expect(Date.parse(row.nextAttemptAt)).toBeGreaterThan(clock.getTime());
    smtp.refuse = false;
    await agora.scheduler.tick();
    expect(mailsTo('retry@example.org')).toHaveLength(0);
    clock = new Date(clock.getTime() + 5 * 60_000);
    await agora.scheduler.tick();
    expect(mailsTo('retry@example.org')).toHaveLength(1);
    row = (await as.admin.get('/api/outbox?limit=5')).json().items.find((m: { to: string }) => m.to === 'retry@example.org');
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await as.kursleitung.get('/api/outbox')).statusCode).toBe(403);
    expect((await anon('GET', '/api/outbox')).statusCode).toBe(401);
  });

  it('mails staff about a new task of their organisation, unless they switched it off', async () => {
    await as.admin.patch('/api/users/koordination', { email: 'koordination@example.org' });
    await as.admin.patch('/api/users/kursleitung', { email: 'kursleitung@example.org' });
    await agora.scheduler.tick();
    const before = { k: mailsTo('koordination@example.org').length, l: mailsTo('kursleitung@example.org').length };
    expect((await as.kursleitung.patch('/api/account/notifications', { newTask: false })).json()).toMatchObject({ newTask: false, reminder: true, email: 'kursleitung@example.org' });
    await as.koordination.post('/api/cases', { definition: 'elterntraining', organisation: 'bildungsbuero' });
    await agora.scheduler.tick();
    const mails = mailsTo('koordination@example.org').slice(before.k);
    expect(mails.length).toBe(1);
    expect(mails[0].text).toMatch(/Neue Aufgabe/);
    // Announced once: the next tick sends nothing more.
    await agora.scheduler.tick();
    expect(mailsTo('koordination@example.org').length).toBe(before.k + 1);
    expect(mailsTo('kursleitung@example.org').length).toBe(before.l);
  });

  it('sends the overdue tasks of my organisation once a day as a digest', async () => {
    await as.admin.patch('/api/users/kita', { email: 'kita@example.org' });
    const kita = client(agora.app, await signIn(agora.app, 'kita'));
    expect((await kita.post('/api/cases', { definition: 'kita-grundschule' })).statusCode).toBe(201);
    await agora.scheduler.tick();
    expect(mailsTo('kita@example.org').map((m) => m.text).join()).toMatch(/neue Aufgabe/i);
    // The intake task is due after 14 days.
    clock = new Date(clock.getTime() + 16 * 86_400_000);
    await agora.scheduler.tick();
    const digests = () => mailsTo('kita@example.org').filter((m) => m.text.includes('sind überfällig'));
    expect(digests()).toHaveLength(1);
    expect(digests()[0].text).toMatch(/KG-\d+/);
    clock = new Date(clock.getTime() + 2 * 3600_000);
    await agora.scheduler.tick();
    expect(digests()).toHaveLength(1);
  });
});
