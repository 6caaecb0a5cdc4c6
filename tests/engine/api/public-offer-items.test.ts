import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { startSmtp, tokenFrom } from '../../helpers/smtp.js';

type Client = ReturnType<typeof client>;
type Offer = { id: string; title: string; partOf: { id: string; title: string } | null; seats: { total: number; free: number } | null; [k: string]: unknown };

const programm = {
  semester: 'Wintersemester 2026/27', semester_beginn: '2026-10-05', semester_ende: '2027-02-05', einschreibung_ab: '2026-09-20', plaetze: 30,
  zielgruppe: 'Menschen in der nachberuflichen Phase (Selbstauskunft)',
};
const klima = {
  titel: 'Klimawandel verstehen', partner: 'uba', format: 'vorlesung', termine: ['2026-11-09', '2026-10-12'], kapazitaet: 80, ort: 'uba-woerlitzer-platz',
  dozent: 'Dr. Erika Geheimnis', beschreibung: 'Was die Messreihen zeigen.',
};
const bauhaus = { titel: 'Bauhaus heute', partner: 'bauhaus', format: 'exkursion', termine: ['2026-12-03'], kapazitaet: 25, ort: 'bauhaus-museum', dozent: 'Prof. Max Verborgen' };
const einschreibung = (email: string) => ({ name: 'Gerda Gasthörer', kontakt: '0340 2222', email, veranstaltungen: ['Klimawandel verstehen'], nachberufliche_phase: true, einwilligung: true });

/** The lectures of a Seniorenuniversität programme are offers of their own (`offer.items`, issue 15). */
describe.each(databaseKinds())('lectures as offers on %s', (kind) => {
  let agora: Agora;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const clock = new Date('2026-09-10T09:00:00Z');
  let vhs: Client;
  let programme = '';
  const anon = (method: 'GET' | 'POST', url: string, payload?: object) => agora.app.inject({ method, url, payload });
  const offers = async (query = ''): Promise<{ items: Offer[]; total: number }> => (await anon('GET', `/api/public/offers${query}`)).json();

  beforeAll(async () => {
    smtp = await startSmtp();
    agora = await testAgora(kind, { rt: { now: () => clock }, smtpUrl: smtp.url, mailFrom: 'vhs@example.org', publicUrl: 'https://agora.example' });
    vhs = client(agora.app, await signIn(agora.app, 'vhs'));
    const c = (await vhs.post('/api/cases', { definition: 'seniorenuniversitaet' })).json();
    let version = c.version as number;
    for (const step of [
      { type: 'SUBMIT', data: programm },
      { type: 'VERANSTALTUNG', data: klima },
      { type: 'VERANSTALTUNG', data: bauhaus },
      { type: 'SUBMIT', data: { veroeffentlicht_am: '2026-09-01', kanaele: ['programmheft'] } },
      { type: 'EINSCHREIBUNG_OEFFNEN' },
    ]) {
      const r = await vhs.post(`/api/cases/${c.id}/events`, { ...step, expectedVersion: version });
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().version;
    }
    programme = c.id;
  });
  afterAll(async () => {
    await agora?.close();
    await smtp?.close();
  });

  it('lists each lecture with its dates, place and partner, linked to its programme, and never the lecturer', async () => {
    const page = await offers('?fieldOfAction=seniorenuniversitaet');
    expect(page.items.map((o) => o.id)).toEqual([programme, `${programme}.1`, `${programme}.2`]);
    const [programmeEntry, lecture, excursion] = page.items;
    expect(programmeEntry).toMatchObject({ title: 'Wintersemester 2026/27', partOf: null, schedule: 'period', seats: { total: 30, free: 30 } });
    expect(lecture).toMatchObject({
      definition: 'seniorenuniversitaet', title: 'Klimawandel verstehen', description: 'Was die Messreihen zeigen.', dates: ['2026-10-12', '2026-11-09'], schedule: 'sessions',
      provider: 'Umweltbundesamt (UBA)', partOf: { id: programme, title: 'Wintersemester 2026/27' },
      // Seats are counted per programme: a lecture shows the programme's.
      seats: { total: 30, free: 30 }, registration: { open: true },
      // What the lecture's record does not name comes from the programme's.
      audience: programmeEntry.audience,
    });
    expect(lecture.place).toMatch(/Umweltbundesamt|UBA/);
    expect(excursion).toMatchObject({ title: 'Bauhaus heute', description: null, dates: ['2026-12-03'], provider: 'Stiftung Bauhaus Dessau' });
    expect(JSON.stringify(page)).not.toMatch(/Geheimnis|Verborgen/);
  });

  it('keeps the filters working on lectures', async () => {
    const november = (await offers('?fieldOfAction=seniorenuniversitaet&from=2026-11-01&to=2026-11-30')).items.map((o) => o.id);
    expect(november).toEqual([programme, `${programme}.1`]);
    const december = (await offers('?from=2026-12-01&to=2026-12-31')).items.map((o) => o.id);
    expect(december).toContain(`${programme}.2`);
    expect(december).not.toContain(`${programme}.1`);
    expect((await offers('?audience=nachberuflich')).items.map((o) => o.id)).toContain(`${programme}.2`);
    expect((await offers('?fieldOfAction=elternarbeit')).items.map((o) => o.id)).not.toContain(`${programme}.1`);
  });

  it('serves one lecture with the programme registration, the lecture chosen, and 404 for an entry that does not exist', async () => {
    const one = await anon('GET', `/api/public/offers/${programme}.1?lang=en`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ title: 'Klimawandel verstehen', partOf: { id: programme }, registration: { open: true, prefill: { veranstaltungen: ['Klimawandel verstehen'] } } });
    expect(one.json().registration.form.schema.required).toContain('email');
    expect(one.body).not.toContain('Geheimnis');
    expect((await anon('GET', `/api/public/offers/${programme}`)).json().registration.prefill).toBeUndefined();
    const missing = await anon('GET', `/api/public/offers/${programme}.9`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('OFFER_NOT_FOUND');
    expect((await anon('GET', `/api/public/offers/${programme}.x`)).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('puts each lecture date in the iCalendar feed, with place and programme', async () => {
    const res = await anon('GET', '/api/public/offers.ics?fieldOfAction=seniorenuniversitaet');
    expect(res.statusCode).toBe(200);
    // The programme as one period, the lecture's two dates, the excursion's one.
    expect(res.body.match(/BEGIN:VEVENT/g)?.length).toBe(4);
    expect(res.body.match(/SUMMARY:Klimawandel verstehen/g)?.length).toBe(2);
    expect(res.body).toContain(`UID:${programme}.1-0@agora`);
    expect(res.body).toContain('Teil von: Wintersemester 2026/27');
    // Long lines are folded (RFC 5545, 3.1).
    expect(res.body.replace(/\r?\n /g, '')).toContain(`/angebote/${programme}.2`);
    expect(res.body).not.toMatch(/Geheimnis|Verborgen/);
  });

  it('registers on a lecture page for its programme: one enrolment, the programme seat counted', async () => {
    expect((await anon('POST', `/api/public/offers/${programme}.1/registrations`, { data: einschreibung('gerda@example.org') })).statusCode).toBe(202);
    // One enrolment per person and semester, whichever lecture page it comes from.
    const again = await anon('POST', `/api/public/offers/${programme}.2/registrations`, { data: einschreibung('gerda@example.org') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REGISTRATION_DUPLICATE');
    await agora.scheduler.tick();
    const mail = smtp.mails.find((m) => m.to.includes('gerda@example.org'))!;
    expect(mail.text).toContain('Wintersemester 2026/27');
    const confirmed = await anon('POST', '/api/public/registrations/confirm', { token: tokenFrom(mail, 'bestaetigen') });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ status: 'confirmed', offer: programme, seat: 'place' });
    const page = await offers('?fieldOfAction=seniorenuniversitaet');
    expect(page.items.map((o) => o.seats?.free)).toEqual([29, 29, 29]);
    const enrolments = (await vhs.get('/api/cases?definition=seniorenuniversitaet-einschreibung')).json().items;
    expect(enrolments).toHaveLength(1);
    expect((await vhs.get(`/api/cases/${enrolments[0].id}`)).json().data.einschreibung.veranstaltungen).toEqual(['Klimawandel verstehen']);
  });
});
