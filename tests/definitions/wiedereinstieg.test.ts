import { describe, expect, it } from 'vitest';
import { shipped } from '../fixtures/shipped.js';
import { Walk, timerOf, type Line } from '../fixtures/walk.js';

const def = shipped('wiedereinstieg');
const B = 'begleitung';

const erstkontakt = { name_oder_pseudonym: 'Frau K.', kontakt: 'k@example.org', stadtteil: 'rosslau', altersgruppe: '35_44', anliegen: 'wiedereinstieg_familie', zugangsweg: 'kita_schule', einwilligung_verarbeitung: true };
const termin = (beginn: string) => ({ beginn, ort: 'bpunkt-rosslau', art: 'praesenz' });
const erstgespraech = (weitergabe: boolean, nachbefragung: boolean) => ({ anliegen: 'wiedereinstieg_familie', unterbrechung_monate: 40, abschluss: 'ausbildung', leistungsbezug: 'keiner', einwilligung_weitergabe: weitergabe, einwilligung_nachbefragung: nachbefragung });
const sitzung = (datum: string) => ({ datum, dauer_stunden: 1.5, format: 'einzel', inhalt: 'ProfilPASS Teil 1' });
const bilanz = { taetigkeitsfelder: ['Familie', 'Elternvertretung'], kompetenzen: [{ name: 'Organisieren', kontext: 'Elternrat', niveau: 3 }], ziele: ['Teilzeitstelle Verwaltung'], naechste_schritte: 'Bewerbungsunterlagen' };
const ziele = { ziele: [{ ziel: 'Teilzeitstelle', bis: '2026-09-30' }], wege: ['bewerbung', 'ueberleitung'], vereinbart_am: '2026-04-20' };
const schritt = (datum: string) => ({ datum, art: 'bewerbung', beschreibung: 'Bewerbung Stadtverwaltung' });
const ueberleitung = { stelle: 'agentur', ansprechperson: 'BCA Frau M.', datum: '2026-05-10', uebermittelte_daten: ['kontakt', 'kompetenzbilanz'] };
const abschluss = { ergebnis: 'beschaeftigung', datum: '2026-06-30', zufriedenheit: 5, notizen_vernichtet: true };

/** Enquiry to the appointment for the first consultation on 10 March 2026, 09:00. */
const toAppointment: Line[] = [
  { send: 'SUBMIT', as: 'beratung', data: erstkontakt, at: '2026-03-02T10:00:00Z', expect: { state: 'terminieren' } },
  { send: 'SUBMIT', as: 'beratung', data: termin('2026-03-10T09:00:00Z'), expect: { state: 'erstgespraech_terminiert', timers: ['terminerinnerung', 'P90D'] } },
];
const toImplementation = (weitergabe: boolean, nachbefragung: boolean): Line[] => [
  ...toAppointment,
  { send: 'SUBMIT', as: 'beratung', data: erstgespraech(weitergabe, nachbefragung), at: '2026-03-10T10:00:00Z', expect: { state: { [B]: 'kompetenzbilanz' } } },
  { send: 'SUBMIT', as: 'beratung', data: bilanz, at: '2026-04-15T10:00:00Z', expect: { state: { [B]: 'zielvereinbarung' } } },
  { send: 'SUBMIT', as: 'beratung', data: ziele, at: '2026-04-20T10:00:00Z', expect: { state: { [B]: 'umsetzung' } } },
];

const scenarios: Array<{ name: string; lines: Line[] }> = [
  {
    name: 'main path with reminder, ProfilPASS sessions, self-study, referral and follow-up survey',
    lines: [
      ...toAppointment,
      { fire: 'terminerinnerung', expect: { state: 'erstgespraech_terminiert', tasks: ['erstgespraech_terminiert:task', 'erstgespraech_terminiert:reminder'], noTimers: ['terminerinnerung'] } },
      { send: 'SUBMIT', as: 'beratung', data: erstgespraech(true, true), at: '2026-03-10T10:00:00Z', expect: { state: { [B]: 'kompetenzbilanz' } } },
      { send: 'SITZUNG', as: 'beratung', data: sitzung('2026-03-17'), at: '2026-03-17T10:00:00Z' },
      { send: 'SELBSTARBEIT', as: 'beratung', expect: { state: { [B]: 'selbstarbeit' }, timers: ['P14D', 'P90D'] } },
      { fire: 'P14D', expect: { state: { [B]: 'selbstarbeit' }, tasks: [`${B}.selbstarbeit:reminder`] } },
      { send: 'SITZUNG', as: 'beratung', data: sitzung('2026-04-08'), at: '2026-04-08T10:00:00Z', expect: { state: { [B]: 'kompetenzbilanz' }, data: { 'sitzung.1.value.datum': '2026-04-08' } } },
      { send: 'SUBMIT', as: 'beratung', data: bilanz, expect: { state: { [B]: 'zielvereinbarung' } } },
      { send: 'SUBMIT', as: 'beratung', data: ziele, expect: { state: { [B]: 'umsetzung' } } },
      { send: 'SCHRITT', as: 'beratung', data: schritt('2026-05-02'), expect: { data: { 'umsetzungsschritt.0.value.art': 'bewerbung' } } },
      { send: 'UEBERLEITEN', as: 'beratung', data: ueberleitung, expect: { state: { [B]: 'uebergeleitet' }, data: { 'ueberleitung.stelle': 'agentur' } } },
      { send: 'ABSCHLIESSEN', as: 'beratung', expect: { state: { [B]: 'abschluss' } } },
      { send: 'SUBMIT', as: 'beratung', data: abschluss, at: '2026-06-30T10:00:00Z', expect: { state: 'nachbefragung', timers: ['P10W'] } },
      { fire: 'P10W', expect: { state: 'nachbefragung_faellig' } },
      { send: 'SUBMIT', as: 'beratung', data: { erreicht: true, status: 'beschaeftigt', zufriedenheit: 5 }, expect: { state: 'archiviert', status: 'closed' } },
    ],
  },
  {
    name: 'referral refused without consent, allowed once consent is given later',
    lines: [
      ...toImplementation(false, false),
      { send: 'UEBERLEITEN', as: 'beratung', data: ueberleitung, reject: 'GUARD_REJECTED', expect: { data: { ueberleitung: undefined } } },
      { send: 'EINWILLIGUNGEN_AENDERN', as: 'beratung', data: { weitergabe: true, nachbefragung: false, datum: '2026-05-05' }, expect: { state: { [B]: 'umsetzung' } } },
      { send: 'UEBERLEITEN', as: 'beratung', data: ueberleitung, expect: { state: { [B]: 'uebergeleitet' } } },
    ],
  },
  {
    name: 'consent to referral withdrawn before the referral',
    lines: [
      ...toImplementation(true, true),
      { send: 'EINWILLIGUNGEN_AENDERN', as: 'beratung', data: { weitergabe: false, nachbefragung: true, datum: '2026-05-05' } },
      { send: 'UEBERLEITEN', as: 'beratung', data: ueberleitung, reject: 'GUARD_REJECTED' },
    ],
  },
  {
    name: 'no follow-up survey without consent',
    lines: [
      ...toImplementation(true, false),
      { send: 'ABSCHLIESSEN', as: 'beratung' },
      { send: 'SUBMIT', as: 'beratung', data: { ...abschluss, notizen_vernichtet: false }, reject: 'FORM_INVALID' },
      { send: 'SUBMIT', as: 'beratung', data: abschluss, expect: { state: 'archiviert', status: 'closed', noTimers: ['P10W'] } },
    ],
  },
  {
    name: 'follow-up declined after closing',
    lines: [
      ...toImplementation(true, true),
      { send: 'ABSCHLIESSEN', as: 'beratung' },
      { send: 'SUBMIT', as: 'beratung', data: abschluss, expect: { state: 'nachbefragung' } },
      { send: 'NACHBEFRAGUNG_ABLEHNEN', as: 'beratung', expect: { state: 'archiviert', status: 'closed' } },
    ],
  },
  {
    name: 'first no-show: follow up; second no-show: dormant',
    lines: [
      ...toAppointment,
      { send: 'NICHT_ERSCHIENEN', as: 'beratung', data: { datum: '2026-03-10', kontaktversuch: 'telefon' }, at: '2026-03-10T10:00:00Z', expect: { state: 'nachfassen' } },
      { send: 'SUBMIT', as: 'beratung', data: termin('2026-03-20T09:00:00Z'), expect: { state: 'erstgespraech_terminiert', timers: ['terminerinnerung'] } },
      { send: 'NICHT_ERSCHIENEN', as: 'beratung', data: { datum: '2026-03-20' }, at: '2026-03-20T10:00:00Z', expect: { state: 'ruhend', data: { 'ausfall.1.value.datum': '2026-03-20' } } },
      { send: 'WIEDERAUFNEHMEN', as: 'beratung', expect: { state: 'nachfassen' } },
    ],
  },
  {
    name: 'no contact after the first no-show: dormant',
    lines: [
      ...toAppointment,
      { send: 'NICHT_ERSCHIENEN', as: 'beratung', data: { datum: '2026-03-10' } },
      { send: 'KEIN_KONTAKT', as: 'beratung', expect: { state: 'ruhend' } },
    ],
  },
  {
    name: 'dormant after 90 idle days, resumed where it stood, archived after 6 dormant months',
    lines: [
      ...toImplementation(true, true),
      { fire: 'P90D', expect: { state: 'ruhend', timers: ['P6M'] } },
      { send: 'WIEDERAUFNEHMEN', as: 'koordination', expect: { state: { [B]: 'umsetzung' } } },
      { fire: 'P90D', expect: { state: 'ruhend' } },
      { fire: 'P6M', expect: { state: 'archiviert', status: 'closed' } },
    ],
  },
  {
    name: 'dormant during the competence balance resumes there',
    lines: [
      ...toAppointment,
      { send: 'SUBMIT', as: 'beratung', data: erstgespraech(false, false) },
      { fire: 'P90D', expect: { state: 'ruhend' } },
      { send: 'WIEDERAUFNEHMEN', as: 'beratung', expect: { state: { [B]: 'kompetenzbilanz' } } },
    ],
  },
  {
    name: 'without consent to processing only a short anonymous session',
    lines: [
      { send: 'SUBMIT', as: 'beratung', data: { ...erstkontakt, einwilligung_verarbeitung: false }, reject: 'FORM_INVALID' },
      { send: 'SUBMIT', as: 'beratung', data: { ...erstkontakt, kontakt: undefined, einwilligung_verarbeitung: false }, expect: { state: 'ohne_einwilligung', status: 'closed' } },
    ],
  },
];

describe('wiedereinstieg', () => {
  it.each(scenarios)('$name', ({ lines }) => {
    new Walk(def, { at: '2026-03-02T09:00:00Z', as: 'beratung' }).play(lines);
  });

  it('reminds two days before the appointment and makes the first consultation due at it', () => {
    const walk = new Walk(def, { at: '2026-03-02T09:00:00Z' }).play(toAppointment);
    expect(timerOf(walk.record, 'terminerinnerung')?.dueAt).toBe('2026-03-08T09:00:00.000Z');
    expect(walk.tasks.find((t) => t.kind === 'task')?.dueAt).toBe('2026-03-10T09:00:00.000Z');
    walk.send('beratung', 'VERSCHIEBEN', termin('2026-03-17T14:00:00Z'));
    expect(timerOf(walk.record, 'terminerinnerung')?.dueAt).toBe('2026-03-15T14:00:00.000Z');
    expect(walk.record.envelope.timers.filter((t) => t.eventType.includes('terminerinnerung'))).toHaveLength(1);
    expect(walk.tasks.find((t) => t.kind === 'task')?.dueAt).toBe('2026-03-17T14:00:00.000Z');
  });

  it('drops the reminder of an appointment that was moved', () => {
    const walk = new Walk(def, { at: '2026-03-02T09:00:00Z' }).play(toAppointment);
    walk.fire('terminerinnerung');
    expect(walk.tasks.filter((t) => t.kind === 'reminder')).toHaveLength(1);
    walk.send('beratung', 'VERSCHIEBEN', termin('2026-03-20T09:00:00Z'), { at: '2026-03-09T09:00:00Z' });
    walk.check({ state: 'erstgespraech_terminiert', tasks: ['erstgespraech_terminiert:task'], timers: ['terminerinnerung'] });
    walk.fire('terminerinnerung');
    expect(walk.tasks.filter((t) => t.kind === 'reminder').map((t) => t.dueAt)).toEqual(['2026-03-20T09:00:00.000Z']);
  });

  it('restarts the 90-day idle clock with every documented step', () => {
    const walk = new Walk(def, { at: '2026-03-02T09:00:00Z' }).play(toImplementation(true, true));
    expect(timerOf(walk.record, 'P90D')?.dueAt).toBe('2026-07-19T10:00:00.000Z');
    walk.send('beratung', 'SCHRITT', schritt('2026-06-01'), { at: '2026-06-01T10:00:00Z' });
    expect(timerOf(walk.record, 'P90D')?.dueAt).toBe('2026-08-30T10:00:00.000Z');
  });

  it('does not let a timer be fired by a person', () => {
    const walk = new Walk(def, { at: '2026-03-02T09:00:00Z' }).play(toAppointment);
    const t = timerOf(walk.record, 'P90D')!;
    const r = walk.try('beratung', t.eventType);
    expect(r.ok ? null : r.error.code).toBe('EVENT_FORBIDDEN');
  });
});
