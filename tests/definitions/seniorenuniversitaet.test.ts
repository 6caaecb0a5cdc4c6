import { describe, expect, it } from 'vitest';
import { capacityKey } from '../../engine/definition/index.js';
import { Office } from '../fixtures/office.js';
import { shipped } from '../fixtures/shipped.js';
import { Walk, timerOf } from '../fixtures/walk.js';

const CHILD = 'seniorenuniversitaet-einschreibung';
const programm = {
  semester: 'Wintersemester 2026/27',
  semester_beginn: '2026-10-05',
  semester_ende: '2027-02-05',
  einschreibung_ab: '2026-09-01',
  plaetze: 3,
  themenschwerpunkte: ['Klima und Umwelt', 'Bauhaus heute'],
};
const vorlesung = { titel: 'Klimawandel verstehen', partner: 'uba', format: 'vorlesung', termine: ['2026-10-12', '2026-11-09'], kapazitaet: 80, ort: 'uba-woerlitzer-platz' };
const einschreibung = (n: number, extra: Record<string, unknown> = {}) => ({
  name: `Gasthörer:in ${n}`,
  kontakt: `0340 ${2000 + n}`,
  veranstaltungen: ['Klimawandel verstehen'],
  altersgruppe: '65_69',
  stadtteil: 'ziebigk',
  nachberufliche_phase: true,
  einwilligung: true,
  ...extra,
});

function publishedProgramme(o: Office): string {
  const id = o.start('seniorenuniversitaet', { as: 'vhs' }).id;
  o.must(id, 'vhs', 'SUBMIT', programm);
  expect(o.send(id, 'vhs', 'SUBMIT', { veroeffentlicht_am: '2026-08-01', kanaele: ['programmheft'] }).ok).toBe(false);
  o.must(id, 'partner', 'VERANSTALTUNG', vorlesung);
  o.must(id, 'vhs', 'SUBMIT', { veroeffentlicht_am: '2026-08-01', kanaele: ['programmheft', 'seniorenbeirat'] });
  expect(o.get(id).state).toBe('veroeffentlicht');
  return id;
}

function enrol(o: Office, programme: string, n: number, extra: Record<string, unknown> = {}) {
  const id = o.start(CHILD, { as: 'vhs', parentId: programme }).id;
  return { id, result: o.send(id, 'vhs', 'SUBMIT', einschreibung(n, extra)) };
}

const states = (o: Office, ids: string[]) => ids.map((id) => o.get(id).state);

describe('seniorenuniversitaet-einschreibung: where an enrolment goes', () => {
  const SEATS = capacityKey(['eingeschrieben', 'teilnehmend']);
  it.each([
    ['themenplanung', 0, 'GUARD_REJECTED'],
    ['veroeffentlicht', 0, 'GUARD_REJECTED'],
    ['einschreibung_offen', 2, 'eingeschrieben'],
    ['einschreibung_offen', 3, 'warteliste'],
    ['laufend', 2, 'teilnehmend'],
    ['laufend', 3, 'warteliste'],
    ['abgeschlossen', 0, 'GUARD_REJECTED'],
  ])('programme %s with %i seats taken -> %s', (state, taken, outcome) => {
    const external = { parent: { id: 'p', definition: 'seniorenuniversitaet', state, data: { programm } }, counts: { [SEATS]: taken } };
    const walk = new Walk(shipped(CHILD), { at: '2026-09-10T10:00:00Z', external });
    const r = walk.try('vhs', 'SUBMIT', einschreibung(1));
    expect(r.ok ? walk.record.state : r.error.code).toBe(outcome);
  });

  it.each([
    ['without the self-declaration of the target group', { nachberufliche_phase: false }],
    ['without any lecture chosen', { veranstaltungen: [] }],
    ['with a district outside the catalogue', { stadtteil: 'berlin-mitte' }],
  ])('refuses an enrolment %s', (_name, extra) => {
    const external = { parent: { id: 'p', definition: 'seniorenuniversitaet', state: 'einschreibung_offen', data: { programm } }, counts: {} };
    const walk = new Walk(shipped(CHILD), { at: '2026-09-10T10:00:00Z', external });
    const r = walk.try('vhs', 'SUBMIT', einschreibung(1, extra));
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });
});

describe('seniorenuniversitaet', () => {
  it('runs a semester: seats and waiting list, attendance, certificate, volunteering, re-enrolment', () => {
    const o = new Office('2026-06-01T09:00:00Z');
    const p = publishedProgramme(o);
    expect(enrol(o, p, 0).result.ok).toBe(false);
    expect(timerOf(o.get(p), 'einschreibungsbeginn')?.dueAt).toBe('2026-08-31T22:00:00.000Z');
    o.fire(p, 'einschreibungsbeginn');

    o.at('2026-09-05T10:00:00Z');
    const [a, b, c, d, e] = [
      enrol(o, p, 1).id,
      enrol(o, p, 2, { engagement_interesse: ['umwelt', 'digitales'] }).id,
      enrol(o, p, 3).id,
      enrol(o, p, 4).id,
      enrol(o, p, 5, { engagement_interesse: [] }).id,
    ];
    expect(states(o, [a, b, c, d, e])).toEqual(['eingeschrieben', 'eingeschrieben', 'eingeschrieben', 'warteliste', 'warteliste']);
    o.must(c, 'vhs', 'ABMELDEN', { datum: '2026-09-20', grund: 'termine' });
    expect(states(o, [c, d, e])).toEqual(['abgemeldet', 'eingeschrieben', 'warteliste']);

    o.fire(p, 'semesterbeginn');
    expect(states(o, [p, a, b, d, e])).toEqual(['laufend', 'teilnehmend', 'teilnehmend', 'teilnehmend', 'warteliste']);
    o.must(a, 'partner', 'ANWESENHEIT', { datum: '2026-10-12', veranstaltung: 'Klimawandel verstehen' });
    o.must(a, 'partner', 'LEISTUNGSNACHWEIS_ANMELDEN', { art: 'referat', thema: 'CO2-Bilanz eines Haushalts', betreuer: 'Dr. Weber (UBA)' });
    expect(o.get(a).data.anwesenheit).toHaveLength(1);

    o.fire(p, 'semesterende');
    expect(o.get(p).state).toBe('abgeschlossen');
    expect(states(o, [a, b, d, e])).toEqual(['leistungsnachweis', 'engagement_vermittlung', 'semester_beendet', 'semester_beendet']);

    o.must(a, 'partner', 'SUBMIT', { art: 'referat', bewertung: 'mit_erfolg', betreuer: 'Dr. Weber (UBA)', datum: '2027-02-20' });
    expect(o.get(a).state).toBe('semester_beendet');
    expect(o.send(b, 'vhs', 'SUBMIT', { ergebnis: 'vermittelt' }).ok).toBe(false);
    o.must(b, 'vhs', 'SUBMIT', { ergebnis: 'vermittelt', bereich: 'umwelt', einrichtung: 'Naturschutzbund, Ortsgruppe Dessau', beginn: '2027-03-01' });
    expect(o.get(b).state).toBe('engagement_vermittelt');
    o.must(b, 'vhs', 'SUBMIT', { datum: '2027-06-01', stand: 'laeuft_gut' });

    // Two weeks after the semester the VHS is reminded to invite for the next one.
    const reminded = o.fire(d, 'P2W');
    expect(reminded.ok && reminded.value.tasks.map((t) => [t.kind, t.roles])).toEqual([['reminder', ['vhs']]]);
    o.must(d, 'vhs', 'WIEDEREINSCHREIBUNG', { eingeladen_am: '2027-02-25', interesse: 'ja' });
    expect(o.get(d)).toMatchObject({ state: 'abgeschlossen', status: 'closed' });
    expect(o.fire(e, 'P6M').ok).toBe(true);
    expect(o.get(e).state).toBe('abgeschlossen');

    o.must(p, 'vhs', 'SUBMIT', { fazit: 'Gut besucht', themen_naechstes_semester: ['Gärten der Moderne'] });
    expect(o.get(p)).toMatchObject({ state: 'evaluiert', status: 'closed' });
  });

  it('moves the oldest waiting person straight into the running semester when a seat frees up', () => {
    const o = new Office('2026-06-01T09:00:00Z');
    const p = publishedProgramme(o);
    o.must(p, 'vhs', 'EINSCHREIBUNG_OEFFNEN');
    const ids = [1, 2, 3, 4, 5].map((n) => enrol(o, p, n).id);
    o.fire(p, 'semesterbeginn');
    o.must(ids[1], 'vhs', 'ABMELDEN', { datum: '2026-10-20' });
    expect(states(o, ids)).toEqual(['teilnehmend', 'abgemeldet', 'teilnehmend', 'teilnehmend', 'warteliste']);
  });

  it.each([
    ['the semester ends before it starts', { ...programm, semester_ende: '2026-09-30', semester_beginn: '2026-10-05' }],
    ['enrolment opens after the semester starts', { ...programm, einschreibung_ab: '2026-10-10' }],
  ])('refuses a programme where %s', (_name, data) => {
    const walk = new Walk(shipped('seniorenuniversitaet'), { at: '2026-06-01T09:00:00Z' });
    const r = walk.try('vhs', 'SUBMIT', data);
    expect(r.ok ? null : r.error.code).toBe('GUARD_REJECTED');
  });

  it('lets partners open lectures but not publish the programme', () => {
    const walk = new Walk(shipped('seniorenuniversitaet'), { at: '2026-06-01T09:00:00Z' });
    walk.send('vhs', 'SUBMIT', programm);
    expect(walk.eventsFor('partner')).toEqual(['VERANSTALTUNG']);
    expect(walk.eventsFor('vhs')).toEqual(['SUBMIT', 'VERANSTALTUNG']);
    const r = walk.try('partner', 'VERANSTALTUNG', { ...vorlesung, partner: 'unbekannt' });
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });
});
