import { describe, expect, it } from 'vitest';
import { shipped } from '../fixtures/shipped.js';
import { Walk, timerOf, type Line } from '../fixtures/walk.js';

const def = shipped('kita-grundschule');
const V = 'vor_schulstart';
const K = `${V}.kitajahr`;
const VF = `${K}.verfahren`;
const MIT = `${VF}.mit_einwilligung`;

const stammdaten = {
  vorname: 'Mila',
  nachname: 'Beispiel',
  geburtsdatum: '2021-03-14',
  kita: 'kita-sonnenschein',
  einschulungsjahr: 2027,
  stadtteil: 'zoberberg',
  grundschule: 'gs-zoberberg',
  familiensprachen: ['Deutsch', 'Arabisch'],
  sorgeberechtigte: [
    { name: 'Sara Beispiel', kontakt: '0340 000000', sorgerecht: true },
    { name: 'Omar Beispiel', sorgerecht: true },
  ],
};
const lerngeschichte = {
  datum: '2025-11-03',
  fachkraft: 'Frau Krüger',
  situation: 'Mila baut eine Brücke aus Bausteinen und versucht es nach dem Einsturz erneut.',
  lerndispositionen: ['engagiert_sein', 'standhalten_bei_herausforderungen'],
  interessen: ['Bauen'],
};
const anmeldung = { grundschule: 'gs-zoberberg', angemeldet_am: '2026-02-10', hort_angemeldet: true, zurueckstellung_erwogen: false };
const einwilligung = {
  entscheidung: 'erteilt',
  erklaert_am: '2026-03-20',
  empfaenger: ['grundschule'],
  umfang: ['lerngeschichten', 'entwicklungsgespraech'],
  form: 'schriftlich',
  unterschriften: [
    { name: 'Sara Beispiel', datum: '2026-03-20' },
    { name: 'Omar Beispiel', datum: '2026-03-21' },
  ],
  rueckmeldung_an_kita: true,
  hinweis_freiwillig_widerruf: true,
  textfassung: 'Vordruck 2025-01',
};
const verweigert = { entscheidung: 'verweigert', erklaert_am: '2026-03-20', hinweis_freiwillig_widerruf: true };
const planung = { datum: '2026-11-05', ort: 'Grundschule Zoberberg', eltern_informiert_am: '2026-11-01' };
const protokoll = { datum: '2026-11-05', rollen: ['kita', 'grundschule', 'hort'], vereinbarungen: 'Schnuppertag im Juni' };
const uebermittlung = { datum: '2027-06-10', empfaenger: ['grundschule'], teile: ['lerngeschichten'], weg: 'persoenlich' };
const portfolio = { ausgehaendigt_am: '2027-07-16', an: 'Sara Beispiel' };
const rueckmeldung = { datum: '2027-10-08', angekommen: 'gut', portfolio_aufgegriffen: true };
const widerruf = { widerrufen_am: '2027-06-20', erklaert_von: 'Omar Beispiel' };
const loeschung = { ergebnis: 'geloescht', datum: '2027-06-25', bestaetigt_von: 'Schulleitung GS Zoberberg' };

/** From the case's start to "consent pending". */
const untilConsent: Line[] = [
  { send: 'SUBMIT', as: 'kita', data: stammdaten, at: '2025-10-01T08:00:00Z', expect: { in: [`${VF}.schulanmeldung`, `${K}.dokumentation.laufend`], timers: ['kita_abschied', 'P3M'] } },
  { send: 'SUBMIT', as: 'kita', data: anmeldung, at: '2026-02-12T08:00:00Z', expect: { in: `${VF}.einwilligung_offen` } },
];
/** From consent to "handed over". */
const untilHandover: Line[] = [
  { send: 'SUBMIT', as: 'kita', data: einwilligung, at: '2026-03-22T08:00:00Z', expect: { in: `${MIT}.dialogort_geplant` } },
  { send: 'SUBMIT', as: 'koordination', data: planung, at: '2026-10-01T08:00:00Z', expect: { in: `${MIT}.dialogort_durchgefuehrt` } },
  { send: 'SUBMIT', as: 'schule', data: protokoll, at: '2026-11-05T15:00:00Z', expect: { in: `${MIT}.uebergabe` } },
  { send: 'SUBMIT', as: 'kita', data: uebermittlung, at: '2027-06-10T08:00:00Z', expect: { in: `${MIT}.uebergeben`, data: { 'uebermittlung.0.value.teile': ['lerngeschichten'] } } },
];

const scenarios: Array<{ name: string; lines: Line[]; end: string }> = [
  {
    name: 'main path: consent, Dialogort, handover, portfolio, school feedback',
    end: 'abgeschlossen',
    lines: [
      ...untilConsent,
      ...untilHandover,
      { fire: 'kita_abschied', expect: { state: 'portfolio_aushaendigen', noTimers: ['P3M'] } },
      { send: 'SUBMIT', as: 'kita', data: portfolio, expect: { state: 'schulstart_begleitung', tasks: ['schulstart_begleitung:task'] } },
      { send: 'SUBMIT', as: 'kita', data: rueckmeldung, reject: 'EVENT_FORBIDDEN' },
      { send: 'SUBMIT', as: 'schule', data: rueckmeldung, at: '2027-10-08T08:00:00Z', expect: { state: 'abgeschlossen', status: 'closed', tasks: [] } },
    ],
  },
  {
    name: 'consent without the development talk skips the Dialogort',
    end: 'abgeschlossen',
    lines: [
      ...untilConsent,
      { send: 'SUBMIT', as: 'kita', data: { ...einwilligung, umfang: ['lerngeschichten'], rueckmeldung_an_kita: false }, expect: { in: `${MIT}.uebergabe` } },
      { send: 'SUBMIT', as: 'kita', data: uebermittlung, expect: { in: `${MIT}.uebergeben` } },
      { fire: 'kita_abschied', expect: { state: 'portfolio_aushaendigen' } },
      // Without consent to feedback the school is not asked about the child.
      { send: 'SUBMIT', as: 'kita', data: portfolio, expect: { state: 'abgeschlossen', status: 'closed' } },
    ],
  },
  {
    name: 'refused consent: nothing is transferred, the child still moves on',
    end: 'abgeschlossen',
    lines: [
      ...untilConsent,
      { send: 'SUBMIT', as: 'kita', data: verweigert, expect: { in: `${VF}.einwilligung_verweigert`, events: { role: 'kita', types: ['EINWILLIGUNG_NEU', 'LERNGESCHICHTE', 'WEGGEZOGEN', 'ZURUECKSTELLEN'] } } },
      { send: 'NACHREICHEN', as: 'kita', data: uebermittlung, reject: 'EVENT_NOT_POSSIBLE' },
      { fire: 'kita_abschied', expect: { state: 'portfolio_aushaendigen' } },
      { send: 'SUBMIT', as: 'kita', data: portfolio, expect: { state: 'abgeschlossen', status: 'closed', data: { uebermittlung: undefined } } },
    ],
  },
  {
    name: 'refused, then parents decide again and consent',
    end: 'vor_schulstart',
    lines: [
      ...untilConsent,
      { send: 'SUBMIT', as: 'kita', data: verweigert },
      { send: 'EINWILLIGUNG_NEU', as: 'kita', expect: { in: `${VF}.einwilligung_offen` } },
      { send: 'SUBMIT', as: 'kita', data: einwilligung, expect: { in: `${MIT}.dialogort_geplant`, data: { 'einwilligung.entscheidung': 'erteilt' } } },
    ],
  },
  {
    name: 'withdrawal after handover stops transfers; school confirms deletion',
    end: 'widerrufen',
    lines: [
      ...untilConsent,
      ...untilHandover,
      { send: 'NACHREICHEN', as: 'kita', data: { ...uebermittlung, datum: '2027-06-15' }, expect: { data: { 'uebermittlung.1.value.datum': '2027-06-15' } } },
      { send: 'WIDERRUFEN', as: 'kita', data: widerruf, at: '2027-06-20T08:00:00Z', expect: { state: 'widerruf_umsetzen', tasks: ['widerruf_umsetzen:task'] } },
      { send: 'NACHREICHEN', as: 'kita', data: uebermittlung, reject: 'EVENT_NOT_POSSIBLE' },
      { send: 'SUBMIT', as: 'kita', data: uebermittlung, reject: 'FORM_INVALID' },
      { send: 'SUBMIT', as: 'schule', data: loeschung, expect: { state: 'widerrufen', status: 'closed' } },
    ],
  },
  {
    name: 'withdrawal during the school start stops the feedback',
    end: 'widerrufen',
    lines: [
      ...untilConsent,
      ...untilHandover,
      { fire: 'kita_abschied' },
      { send: 'SUBMIT', as: 'kita', data: portfolio, expect: { state: 'schulstart_begleitung' } },
      { send: 'WIDERRUFEN', as: 'koordination', data: widerruf, expect: { state: 'widerruf_umsetzen' } },
      { send: 'SUBMIT', as: 'schule', data: rueckmeldung, reject: 'FORM_INVALID' },
      { send: 'SUBMIT', as: 'hort', data: { ...loeschung, ergebnis: 'keine_erhalten' }, expect: { state: 'widerrufen' } },
    ],
  },
  {
    name: 'deferral requested by 15 April and granted: exit to the next cohort',
    end: 'zurueckgestellt',
    lines: [
      untilConsent[0],
      { send: 'SUBMIT', as: 'kita', data: { ...anmeldung, zurueckstellung_erwogen: true }, expect: { in: `${VF}.zurueckstellung_pruefen` } },
      { send: 'SUBMIT', as: 'kita', data: { antrag_gestellt: true, antrag_am: '2026-04-02' }, expect: { in: `${VF}.zurueckstellung_beantragt` } },
      { send: 'SUBMIT', as: 'koordination', data: { entscheidung: 'zurueckgestellt', bescheid_am: '2026-08-01', neues_einschulungsjahr: 2028 }, expect: { state: 'zurueckgestellt', status: 'closed' } },
    ],
  },
  {
    name: 'deferral refused: back to the consent step',
    end: 'vor_schulstart',
    lines: [
      untilConsent[0],
      { send: 'SUBMIT', as: 'kita', data: { ...anmeldung, zurueckstellung_erwogen: true } },
      { send: 'SUBMIT', as: 'kita', data: { antrag_gestellt: true } },
      { send: 'SUBMIT', as: 'kita', data: { entscheidung: 'abgelehnt', bescheid_am: '2026-08-01' }, expect: { in: `${VF}.einwilligung_offen` } },
    ],
  },
  {
    name: 'deferral considered but no request filed',
    end: 'vor_schulstart',
    lines: [
      untilConsent[0],
      { send: 'SUBMIT', as: 'kita', data: { ...anmeldung, zurueckstellung_erwogen: true } },
      { send: 'SUBMIT', as: 'kita', data: { antrag_gestellt: false }, expect: { in: `${VF}.einwilligung_offen` } },
    ],
  },
  {
    name: 'late deferral recorded from any step before school',
    end: 'zurueckgestellt',
    lines: [
      ...untilConsent,
      { send: 'ZURUECKSTELLEN', as: 'koordination', data: { entscheidung: 'abgelehnt', bescheid_am: '2026-08-01' }, reject: 'GUARD_REJECTED' },
      { send: 'ZURUECKSTELLEN', as: 'koordination', data: { entscheidung: 'zurueckgestellt', bescheid_am: '2026-08-01' }, expect: { state: 'zurueckgestellt', status: 'closed' } },
    ],
  },
  {
    name: 'moved away',
    end: 'weggezogen',
    lines: [
      ...untilConsent,
      { send: 'WEGGEZOGEN', as: 'schule', data: { datum: '2026-05-01' }, reject: 'EVENT_FORBIDDEN' },
      { send: 'WEGGEZOGEN', as: 'kita', data: { datum: '2026-05-01', portfolio_ausgehaendigt: true }, expect: { state: 'weggezogen', status: 'closed' } },
    ],
  },
  {
    name: 'consent still pending when the child leaves the Kita: no transfer',
    end: 'abgeschlossen',
    lines: [
      ...untilConsent,
      { fire: 'kita_abschied', expect: { state: 'portfolio_aushaendigen', events: { role: 'kita', types: ['SUBMIT', 'WIDERRUFEN'] } } },
      { send: 'WIDERRUFEN', as: 'kita', data: widerruf, reject: 'GUARD_REJECTED' },
      { send: 'SUBMIT', as: 'kita', data: portfolio, expect: { state: 'abgeschlossen' } },
    ],
  },
];

describe('kita-grundschule', () => {
  it.each(scenarios)('$name', ({ lines, end }) => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z', as: 'koordination' });
    walk.check({ in: `${V}.fall_angelegt`, tasks: [`${V}.fall_angelegt:task`] });
    walk.play(lines);
    expect(Object.keys(typeof walk.record.state === 'string' ? { [walk.record.state]: 1 } : walk.record.state)).toEqual([end]);
  });

  it('offers no way to transfer anything before consent', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play(untilConsent);
    const forms = (role: string) => walk.eventsFor(role);
    for (const role of ['kita', 'schule', 'hort', 'koordination']) expect(forms(role)).not.toContain('NACHREICHEN');
    expect(walk.try('kita', 'NACHREICHEN', uebermittlung).ok ? 'accepted' : 'rejected').toBe('rejected');
    // The consent step's own form is the consent, not a transfer.
    const r = walk.try('kita', 'SUBMIT', uebermittlung);
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
    expect(walk.record.data.uebermittlung).toBeUndefined();
  });

  it('needs every custodian with custody to sign', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play(untilConsent);
    const one = { ...einwilligung, unterschriften: [einwilligung.unterschriften[0]] };
    const r = walk.try('kita', 'SUBMIT', one);
    expect(r.ok ? null : r.error.code).toBe('GUARD_REJECTED');
    walk.check({ in: `${VF}.einwilligung_offen` });
  });

  it('counts only custodians with custody', () => {
    const single = { ...stammdaten, sorgeberechtigte: [stammdaten.sorgeberechtigte[0], { name: 'Onkel', sorgerecht: false }] };
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play([
      { send: 'SUBMIT', as: 'kita', data: single },
      { send: 'SUBMIT', as: 'kita', data: anmeldung },
      { send: 'SUBMIT', as: 'kita', data: { ...einwilligung, unterschriften: [einwilligung.unterschriften[0]] }, expect: { in: `${MIT}.dialogort_geplant` } },
    ]);
    expect(walk.record.status).toBe('active');
  });

  it.each([
    ['oral consent covering documents', { ...einwilligung, form: 'muendlich' }],
    ['support needs without explicit Art. 9 consent', { ...einwilligung, umfang: ['foerderbedarf'] }],
    ['consent without the note on voluntariness', { ...einwilligung, hinweis_freiwillig_widerruf: false }],
    ['consent given without scope', { ...einwilligung, umfang: undefined }],
  ])('rejects %s as an invalid form', (_name, data) => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play(untilConsent);
    const r = walk.try('kita', 'SUBMIT', data);
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });

  it('accepts support needs with explicit Art. 9 consent', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play(untilConsent);
    walk.send('kita', 'SUBMIT', { ...einwilligung, umfang: ['foerderbedarf'], ausdrueckliche_einwilligung_art9: true });
    walk.check({ in: `${MIT}.uebergabe` });
  });

  it.each([
    ['a part the parents did not consent to', { ...uebermittlung, teile: ['lerngeschichten', 'fotos'] }],
    ['a recipient the parents did not consent to', { ...uebermittlung, empfaenger: ['grundschule', 'hort'] }],
  ])('refuses to hand over %s', (_name, data) => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play([...untilConsent, ...untilHandover.slice(0, 3)]);
    const r = walk.try('kita', 'SUBMIT', data);
    expect(r.ok ? null : r.error.code).toBe('GUARD_REJECTED');
    expect(walk.record.data.uebermittlung).toBeUndefined();
  });

  it('refuses a handover after the consent expired', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' }).play([
      ...untilConsent,
      { send: 'SUBMIT', as: 'kita', data: { ...einwilligung, umfang: ['lerngeschichten'], gueltig_bis: '2027-05-31' } },
    ]);
    expect(walk.try('kita', 'SUBMIT', uebermittlung, { at: '2027-06-10T08:00:00Z' }).ok).toBe(false);
    expect(walk.try('kita', 'SUBMIT', uebermittlung, { at: '2027-05-31T08:00:00Z' }).ok).toBe(true);
  });

  it('follows the Saxony-Anhalt calendar of the year before enrolment', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' });
    walk.send('kita', 'SUBMIT', stammdaten, { at: '2025-10-01T08:00:00Z' });
    const due = (path: string) => walk.tasks.find((t) => t.statePath === path)?.dueAt;
    expect(due(`${VF}.schulanmeldung`)).toBe('2026-02-28T23:00:00.000Z');
    expect(timerOf(walk.record, 'kita_abschied')?.dueAt).toBe('2027-07-14T22:00:00.000Z');
    walk.send('kita', 'SUBMIT', { ...anmeldung, zurueckstellung_erwogen: true });
    expect(due(`${VF}.zurueckstellung_pruefen`)).toBe('2026-04-14T22:00:00.000Z');
    walk.send('kita', 'SUBMIT', { antrag_gestellt: false }, { at: '2026-03-10T08:00:00Z' });
    expect(due(`${VF}.einwilligung_offen`)).toBe('2026-03-24T08:00:00.000Z');
    walk.send('kita', 'SUBMIT', einwilligung);
    expect(due(`${MIT}.dialogort_geplant`)).toBe('2026-11-14T23:00:00.000Z');
    walk.play(untilHandover.slice(1));
    walk.fire('kita_abschied');
    walk.send('kita', 'SUBMIT', portfolio);
    // About eight weeks after school starts in mid-August.
    expect(due('schulstart_begleitung')).toBe('2027-10-09T22:00:00.000Z');
  });

  it('reminds the Kita after three months without a learning story and clears the reminder with the next one', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' });
    walk.send('kita', 'SUBMIT', stammdaten, { at: '2025-10-01T08:00:00Z' });
    walk.send('kita', 'LERNGESCHICHTE', lerngeschichte, { at: '2025-11-03T08:00:00Z' });
    expect(timerOf(walk.record, 'P3M')?.dueAt).toBe('2026-02-03T08:00:00.000Z');
    walk.fire('P3M');
    walk.check({ in: [`${K}.dokumentation.laufend`, `${VF}.schulanmeldung`], noTimers: ['P3M'] });
    const reminder = walk.tasks.find((t) => t.kind === 'reminder');
    expect(reminder).toMatchObject({ roles: ['kita'], statePath: `${K}.dokumentation.laufend`, dueAt: '2026-02-17T08:00:00.000Z' });
    walk.send('kita', 'LERNGESCHICHTE', { ...lerngeschichte, datum: '2026-02-10' }, { at: '2026-02-10T08:00:00Z' });
    walk.check({ in: `${K}.dokumentation.laufend`, data: { 'lerngeschichte.1.value.datum': '2026-02-10' } });
    expect(walk.tasks.filter((t) => t.kind === 'reminder')).toEqual([]);
    expect(timerOf(walk.record, 'P3M')?.dueAt).toBe('2026-05-10T07:00:00.000Z');
  });

  it('keeps learning stories as a list with author and time', () => {
    const walk = new Walk(def, { at: '2025-09-15T08:00:00Z' });
    walk.send('kita', 'SUBMIT', stammdaten);
    walk.send('kita', 'LERNGESCHICHTE', lerngeschichte, { at: '2025-11-03T08:00:00Z' });
    expect(walk.record.data.lerngeschichte).toEqual([{ value: lerngeschichte, by: 'kita', at: '2025-11-03T08:00:00.000Z' }]);
    const r = walk.try('kita', 'LERNGESCHICHTE', { ...lerngeschichte, lerndispositionen: [] });
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
    const photos = walk.try('kita', 'LERNGESCHICHTE', { ...lerngeschichte, fotos_im_portfolio: 2 });
    expect(photos.ok ? null : photos.error.code).toBe('FORM_INVALID');
  });

  it('skips the intake task when the cohort import brings the basic data', () => {
    const walk = new Walk(def, { at: '2025-10-01T08:00:00Z', data: { stammdaten } });
    walk.check({ in: [`${VF}.schulanmeldung`, `${K}.dokumentation.laufend`], timers: ['kita_abschied'] });
  });

  it('rejects basic data naming a Kita that is not in the catalogue', () => {
    const walk = new Walk(def, { at: '2025-10-01T08:00:00Z' });
    const r = walk.try('kita', 'SUBMIT', { ...stammdaten, kita: 'kita-unbekannt' });
    expect(r.ok ? null : r.error.details?.[0]?.path).toBe('/kita');
  });
});
