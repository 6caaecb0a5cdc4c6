import { describe, expect, it } from 'vitest';
import { capacityKey } from '../../engine/definition/index.js';
import { Office } from '../fixtures/office.js';
import { shipped } from '../fixtures/shipped.js';
import { Walk, timerOf } from '../fixtures/walk.js';

const termine = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30', '2026-04-13', '2026-04-20', '2026-04-27'];
const kurs = {
  titel: 'Starke Eltern – Starke Kinder, Frühjahr 2026',
  programm: 'sesk',
  kinderalter_von: 3,
  kinderalter_bis: 10,
  ort: 'fz-zoberberg',
  termine,
  kursleitung: 'Frau Lehmann, Herr Said',
  kursleitung_qualifiziert: true,
  max_tn: 10,
  min_tn: 4,
  anmeldung_ab: '2026-01-15',
  anmeldeschluss: '2026-02-20',
  kinderbetreuung: true,
};
const anmeldung = (n: number) => ({ name: `Elternteil ${n}`, kontakt: `0340 ${1000 + n}`, bezugsperson: n % 3 ? 'mutter' : 'vater', einwilligung: true, zugangsweg: 'kita' });
const sitzung = (datum: string) => ({ datum, methoden: ['gespraechsrunde', 'wochenaufgabe'] });
const CHILD = 'elterntraining-anmeldung';
const SEATS = capacityKey(['bestaetigt', 'aktiv']);

/** A course through announcement into open registration. */
function openCourse(o: Office, data: Record<string, unknown> = kurs): string {
  const id = o.start('elterntraining', { as: 'koordination' }).id;
  o.must(id, 'koordination', 'SUBMIT', data);
  expect(o.get(id).state).toBe('ausgeschrieben');
  o.fire(id, 'anmeldebeginn');
  expect(o.get(id).state).toBe('anmeldung_offen');
  return id;
}

/** Registers a parent; returns the registration's id. */
function register(o: Office, course: string, n: number): { id: string; result: ReturnType<Office['send']> } {
  const id = o.start(CHILD, { as: 'kursleitung', parentId: course }).id;
  return { id, result: o.send(id, 'kursleitung', 'SUBMIT', anmeldung(n)) };
}

const states = (o: Office, ids: string[]) => ids.map((id) => o.get(id).state);

describe('elterntraining-anmeldung: where a registration goes', () => {
  const child = shipped(CHILD);
  const held = (n: number) => Array.from({ length: n }, (_, i) => ({ value: sitzung(termine[i]), by: 'kursleitung', at: `${termine[i]}T18:00:00.000Z` }));
  const table: Array<[string, string, string, number, number]> = [
    // course state, seats taken by others, sessions held, outcome
    ['geplant', 0, 0, 'GUARD_REJECTED'],
    ['ausgeschrieben', 0, 0, 'GUARD_REJECTED'],
    ['anmeldung_offen', 0, 0, 'bestaetigt'],
    ['anmeldung_offen', 9, 0, 'bestaetigt'],
    ['anmeldung_offen', 10, 0, 'warteliste'],
    ['bestaetigt', 3, 0, 'bestaetigt'],
    ['bestaetigt', 10, 0, 'warteliste'],
    ['laufend', 8, 0, 'aktiv'],
    ['laufend', 8, 1, 'aktiv'],
    ['laufend', 10, 1, 'warteliste'],
    ['laufend', 8, 2, 'GUARD_REJECTED'],
    ['abgeschlossen', 0, 8, 'GUARD_REJECTED'],
  ].map(([s, c, h, out]) => [`${s} with ${c} seats taken and ${h} sessions held`, out as string, s as string, c as number, h as number]);

  it.each(table)('%s -> %s', (_name, outcome, state, taken, sessions) => {
    const external = { parent: { id: 'kurs-1', definition: 'elterntraining', state, data: { kurs, sitzung: held(sessions) } }, counts: { [SEATS]: taken } };
    const walk = new Walk(child, { at: '2026-02-01T10:00:00Z', external });
    const r = walk.try('kursleitung', 'SUBMIT', anmeldung(1));
    expect(r.ok ? walk.record.state : r.error.code).toBe(outcome);
  });

  it('caps confirmed places at the course maximum when it is below 10', () => {
    const external = { parent: { id: 'k', definition: 'elterntraining', state: 'anmeldung_offen', data: { kurs: { ...kurs, max_tn: 6 } } }, counts: { [SEATS]: 6 } };
    const walk = new Walk(child, { at: '2026-02-01T10:00:00Z', external });
    walk.send('kursleitung', 'SUBMIT', anmeldung(1));
    expect(walk.record.state).toBe('warteliste');
  });

  it('needs the consent to process the registration', () => {
    const external = { parent: { id: 'k', definition: 'elterntraining', state: 'anmeldung_offen', data: { kurs } }, counts: { [SEATS]: 0 } };
    const walk = new Walk(child, { at: '2026-02-01T10:00:00Z', external });
    const r = walk.try('kursleitung', 'SUBMIT', { ...anmeldung(1), einwilligung: false });
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });
});

describe('elterntraining', () => {
  it('runs a full course: cap of 10, waiting list moving up, no joiners after session 2, certificates', () => {
    const o = new Office('2026-01-05T09:00:00Z');
    const course = o.start('elterntraining', { as: 'koordination' }).id;
    o.must(course, 'koordination', 'SUBMIT', kurs);
    // Not yet open: registrations are refused.
    o.at('2026-01-10T09:00:00Z');
    expect(register(o, course, 0).result.ok).toBe(false);
    expect(timerOf(o.get(course), 'anmeldebeginn')?.dueAt).toBe('2026-01-14T23:00:00.000Z');
    o.fire(course, 'anmeldebeginn');

    o.at('2026-01-20T09:00:00Z');
    const regs = Array.from({ length: 12 }, (_, i) => register(o, course, i + 1).id);
    expect(states(o, regs)).toEqual([...Array(10).fill('bestaetigt'), 'warteliste', 'warteliste']);

    // A confirmed parent withdraws: the oldest on the waiting list moves up, the other keeps waiting.
    o.must(regs[2], 'kursleitung', 'ABMELDEN', { datum: '2026-02-01', grund: 'termine' });
    expect(states(o, [regs[2], regs[10], regs[11]])).toEqual(['abgemeldet', 'bestaetigt', 'warteliste']);
    expect(o.children(course, { state: 'bestaetigt' })).toHaveLength(10);

    // Registration deadline: the minimum (4) is reached, the course is confirmed.
    expect(timerOf(o.get(course), 'anmeldeschluss')?.dueAt).toBe('2026-02-20T23:00:00.000Z');
    o.fire(course, 'anmeldeschluss');
    expect(o.get(course).state).toBe('bestaetigt');

    o.fire(course, 'kursbeginn');
    expect(o.get(course).state).toBe('laufend');
    expect(o.children(course, { state: 'aktiv' })).toHaveLength(10);
    o.must(course, 'kursleitung', 'SITZUNG', sitzung('2026-03-02'));

    // Still joinable after session 1: a newcomer waits because the course is full; a dropout lets the oldest waiting parent in.
    const late = register(o, course, 13).id;
    expect(o.get(late).state).toBe('warteliste');
    o.must(regs[0], 'kursleitung', 'ABBRECHEN', { datum: '2026-03-05', grund: 'krankheit' });
    expect(states(o, [regs[0], regs[11], late])).toEqual(['abgebrochen', 'aktiv', 'warteliste']);

    // After session 2 nobody joins or moves up.
    o.must(course, 'kursleitung', 'SITZUNG', sitzung('2026-03-09'));
    o.must(regs[1], 'kursleitung', 'ABBRECHEN', { datum: '2026-03-12', grund: 'umzug' });
    expect(o.get(late).state).toBe('warteliste');
    expect(register(o, course, 14).result.ok).toBe(false);

    for (const d of termine.slice(2)) o.must(course, 'kursleitung', 'SITZUNG', sitzung(d));
    o.must(course, 'kursleitung', 'KURS_BEENDEN');
    expect(o.get(course).state).toBe('abgeschlossen');
    expect(o.get(late).state).toBe('nicht_nachgerueckt');
    const active = o.children(course, { state: 'teilnahme_auswerten' }).map((c) => c.id);
    expect(active).toHaveLength(9);

    // 7 of 8 sessions is at least 80 %: certificate; 6 of 8 is not; more than were held is refused.
    o.must(active[0], 'kursleitung', 'SUBMIT', { besuchte_sitzungen: 7 });
    o.must(active[1], 'kursleitung', 'SUBMIT', { besuchte_sitzungen: 6 });
    const r = o.send(active[2], 'kursleitung', 'SUBMIT', { besuchte_sitzungen: 9 });
    expect(r.ok ? null : r.error.code).toBe('GUARD_REJECTED');
    expect(states(o, active.slice(0, 3))).toEqual(['bescheinigt', 'abgeschlossen', 'teilnahme_auswerten']);

    o.must(course, 'kursleitung', 'FEEDBACK', { zufriedenheit: 5, nutzen: 4 });
    o.must(course, 'kursleitung', 'SUBMIT', { fazit: 'Gut angenommen', wiederholen: true });
    expect(o.get(course)).toMatchObject({ state: 'evaluiert', status: 'closed' });
  });

  it.each([
    ['one short of the minimum', 3, 'abgesagt', 'kurs_abgesagt'],
    ['exactly the minimum', 4, 'bestaetigt', 'bestaetigt'],
  ])('decides at the registration deadline with %s', (_name, n, courseState, regState) => {
    const o = new Office('2026-01-05T09:00:00Z');
    const course = openCourse(o);
    const regs = Array.from({ length: n }, (_, i) => register(o, course, i + 1).id);
    o.fire(course, 'anmeldeschluss');
    expect(o.get(course).state).toBe(courseState);
    expect(new Set(states(o, regs))).toEqual(new Set([regState]));
  });

  it('counts only confirmed registrations towards the minimum', () => {
    const o = new Office('2026-01-05T09:00:00Z');
    const course = openCourse(o, { ...kurs, max_tn: 3, min_tn: 3 });
    const regs = [1, 2, 3, 4].map((n) => register(o, course, n).id);
    o.must(regs[0], 'kursleitung', 'ABMELDEN', { datum: '2026-02-01', grund: 'termine' });
    o.must(regs[3], 'kursleitung', 'ABMELDEN', { datum: '2026-02-02', grund: 'termine' });
    // The last one moved up from the waiting list and withdrew too: two confirmed, below the minimum of 3.
    expect(states(o, regs)).toEqual(['abgemeldet', 'bestaetigt', 'bestaetigt', 'abgemeldet']);
    o.fire(course, 'anmeldeschluss');
    expect(o.get(course)).toMatchObject({ state: 'abgesagt', status: 'closed' });
    expect(states(o, regs.slice(1, 3))).toEqual(['kurs_abgesagt', 'kurs_abgesagt']);
  });

  it.each([
    [0, 'abgesagt'],
    [3, 'abgesagt'],
    [4, 'bestaetigt'],
    [10, 'bestaetigt'],
  ])('at the deadline with %i confirmed registrations (minimum 4) the course is %s', (confirmed, outcome) => {
    const counts = { [capacityKey(['bestaetigt'], 'children', CHILD)]: confirmed };
    const walk = new Walk(shipped('elterntraining'), { at: '2026-01-05T09:00:00Z', external: { counts } });
    walk.send('koordination', 'SUBMIT', kurs);
    walk.fire('anmeldebeginn');
    const r = walk.fire('anmeldeschluss');
    expect(r.ok && walk.record.state).toBe(outcome);
  });

  it('cancels every registration, waiting list included, when the course is called off', () => {
    const o = new Office('2026-01-05T09:00:00Z');
    const course = openCourse(o, { ...kurs, max_tn: 2, min_tn: 1 });
    const regs = [1, 2, 3].map((n) => register(o, course, n).id);
    expect(states(o, regs)).toEqual(['bestaetigt', 'bestaetigt', 'warteliste']);
    o.must(course, 'koordination', 'KURS_ABSAGEN', { grund: 'kursleitung' });
    expect(o.get(course)).toMatchObject({ state: 'abgesagt', status: 'closed' });
    expect(states(o, regs)).toEqual(['kurs_abgesagt', 'kurs_abgesagt', 'kurs_abgesagt']);
  });

  it.each([
    ['more than 10 places', { ...kurs, max_tn: 12 }, 'FORM_INVALID'],
    ['SESK without a qualified leader', { ...kurs, kursleitung_qualifiziert: false }, 'FORM_INVALID'],
    ['a minimum above the maximum', { ...kurs, min_tn: 8, max_tn: 6 }, 'GUARD_REJECTED'],
    ['a deadline after the first session', { ...kurs, anmeldeschluss: '2026-03-05' }, 'GUARD_REJECTED'],
  ])('refuses a course with %s', (_name, data, code) => {
    const walk = new Walk(shipped('elterntraining'), { at: '2026-01-05T09:00:00Z', as: 'koordination' });
    const r = walk.try('koordination', 'SUBMIT', data);
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('reminds the course leader to close the course after the last date', () => {
    const o = new Office('2026-01-05T09:00:00Z');
    const course = openCourse(o);
    [1, 2, 3, 4].forEach((n) => register(o, course, n));
    o.fire(course, 'anmeldeschluss');
    o.fire(course, 'kursbeginn');
    expect(timerOf(o.get(course), 'kursende')?.dueAt).toBe('2026-04-27T22:00:00.000Z');
    const step = o.fire(course, 'kursende');
    expect(step.ok && step.value.tasks.map((t) => [t.kind, t.roles])).toEqual([['reminder', ['kursleitung']]]);
    // Ending needs at least one documented session.
    expect(o.send(course, 'kursleitung', 'KURS_BEENDEN').ok).toBe(false);
  });

  it('lets only the course team document sessions', () => {
    const walk = new Walk(shipped('elterntraining'), { at: '2026-01-05T09:00:00Z' });
    walk.send('koordination', 'SUBMIT', kurs);
    walk.send('koordination', 'ANMELDUNG_OEFFNEN');
    expect(walk.eventsFor('kursleitung')).toEqual([]);
    expect(walk.eventsFor('koordination')).toEqual(['KURS_ABSAGEN']);
  });
});
