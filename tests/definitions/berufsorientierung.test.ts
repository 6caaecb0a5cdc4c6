import { describe, expect, it } from 'vitest';
import { deriveTasks } from '../../engine/runtime/index.js';
import { Office } from '../fixtures/office.js';
import { shipped } from '../fixtures/shipped.js';
import { Walk, timerOf, type Line } from '../fixtures/walk.js';

const CHILD = 'berufsorientierung-praktikum';
const PH = 'akte.phase';
const REG = 'akte.betreuung.regulaer';
const CM = 'akte.betreuung.case_management';

const stammdaten = (klassenstufe = 5, extra: Record<string, unknown> = {}) => ({
  vorname: 'Lea',
  nachname: 'Muster',
  schule: 'sks-rosslau',
  klassenstufe,
  schuljahr: 2025,
  abgangsjahr: 2030,
  stadtteil: 'rosslau',
  berufswahlpass: true,
  einwilligung_eltern: true,
  einwilligung_berufsberatung: true,
  ...extra,
});
const kompetenzerkundung = { datum: '2027-11-10', traeger: 'Bildungswerk Anhalt', personalkompetenz: 3, sozialkompetenz: 4, methodenkompetenz: 2, taetigkeitsfelder: ['gesundheit_soziales', 'handel'], foerderempfehlung: 'Präsentieren üben' };
const planung = { von: '2029-03-05', bis: '2029-03-16', klassenstufe: 8 };
const vereinbarung = { betrieb: 'pflegeheim-georgium', anschrift: 'Am Georgium 1', ansprechperson: 'Frau Paul', berufsfeld: 'gesundheit_soziales', von: '2029-03-05', bis: '2029-03-16', stunden_pro_tag: 7, unter_15: true, unterschriften: ['schueler', 'eltern', 'betrieb', 'schule'] };
const genehmigung = { entscheidung: 'genehmigt', jarbschg_geprueft: true, schulveranstaltung: true };
const beurteilung = { puenktlichkeit: 4, zuverlaessigkeit: 4, interesse: 3, eignung: 'gut', fehltage: 0 };
const anschluss = { typ: 'ausbildung', einrichtung: 'Städtisches Klinikum', beruf_oder_bildungsgang: 'Pflegefachfrau', beginn: '2030-09-01', vertrag_unterschrieben: true };
const berufsberatung = { berufswuensche: ['Pflegefachfrau'], abschluss_voraussichtlich: 'realschule', naechste_schritte: 'Bewerbungen an Kliniken' };

/** A file from grade 5 through to the internship phase (planning). */
function toInternship(o: Office, extra: Record<string, unknown> = {}): string {
  const akte = o.start('berufsorientierung', { as: 'bo_lehrkraft' }).id;
  o.must(akte, 'bo_lehrkraft', 'SUBMIT', stammdaten(5, extra));
  o.must(akte, 'bo_lehrkraft', 'AKTIVITAET', { titel: 'Besuch Feuerwache', art: 'betriebsbesuch', datum: '2025-11-20' });
  o.must(akte, 'bo_lehrkraft', 'SUBMIT', { interessen: ['Helfen'], zusammenfassung: 'Interesse an sozialen Berufen' });
  o.must(akte, 'bo_lehrkraft', 'SUBMIT', kompetenzerkundung);
  o.must(akte, 'bo_lehrkraft', 'SUBMIT', { werkstatttage: [{ berufsfeld: 'gesundheit_soziales', traeger: 'BTZ', tage: 3 }], reflexion: 'Pflege gefällt' });
  expect(o.get(akte).statePaths).toContain(`${PH}.praktikum.planung`);
  return akte;
}

/** Plans an internship from the file and returns the started internship case. */
function startInternship(o: Office, akte: string): string {
  const before = new Set(o.children(akte).map((c) => c.id));
  o.must(akte, 'bo_lehrkraft', 'SUBMIT', planung);
  const started = o.children(akte, { definition: CHILD }).filter((c) => !before.has(c.id));
  expect(started).toHaveLength(1);
  return started[0].id;
}

describe('berufsorientierung-praktikum', () => {
  it('runs agreement, approval, placement, company assessment and review, then reports to the file', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const akte = toInternship(o);
    const p = startInternship(o, akte);
    expect(o.get(p).data).toMatchObject({ zeitraum: { von: '2029-03-05', bis: '2029-03-16', klassenstufe: 8 }, schueler: { name: 'Lea Muster', schule: 'sks-rosslau' } });
    expect(o.get(akte).statePaths).toContain(`${PH}.praktikum.laeuft`);

    o.at('2029-01-20T08:00:00Z');
    o.must(p, 'bo_lehrkraft', 'SUBMIT', vereinbarung);
    o.must(p, 'bo_lehrkraft', 'SUBMIT', { entscheidung: 'nachbesserung', bemerkung: 'Arbeitszeit klären' });
    expect(o.get(p).state).toBe('platzsuche');
    o.must(p, 'bo_lehrkraft', 'SUBMIT', vereinbarung);
    o.must(p, 'bo_lehrkraft', 'SUBMIT', genehmigung);
    expect(o.get(p).state).toBe('genehmigt');
    o.fire(p, 'praktikumsbeginn');
    expect(o.get(p).state).toBe('laufend');
    o.fire(p, 'praktikumsende');
    expect(o.get(p).state).toBe('beurteilung_betrieb');
    expect(o.now.toISOString()).toBe('2029-03-16T23:00:00.000Z');
    o.must(p, 'betrieb', 'SUBMIT', beurteilung);
    expect(o.send(p, 'betrieb', 'SUBMIT', { berufsfeld_passt: 'ja', reflexion: 'Gut' }).ok).toBe(false);
    o.must(p, 'bo_lehrkraft', 'SUBMIT', { berufsfeld_passt: 'ja', reflexion: 'Hat Spaß gemacht', naechster_schritt: 'Zweites Praktikum in der Klinik' });
    expect(o.get(p)).toMatchObject({ state: 'abgeschlossen', status: 'closed' });
    expect(o.get(akte).statePaths).toContain(`${PH}.praktikum.auswertung`);
  });

  it('makes the agreement due four weeks before the school internship period', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const p = startInternship(o, toInternship(o));
    expect(deriveTasks(shipped(CHILD), o.get(p))).toMatchObject([{ statePath: 'platzsuche', roles: ['bo_lehrkraft'], dueAt: '2029-02-04T23:00:00.000Z' }]);
  });

  it('refuses an agreement that ends before it starts', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const p = startInternship(o, toInternship(o));
    const step = o.send(p, 'bo_lehrkraft', 'SUBMIT', { ...vereinbarung, bis: '2029-03-01' });
    expect(step.ok ? null : step.error.code).toBe('GUARD_REJECTED');
  });

  it.each([
    ['more than 7 hours a day under 15', { ...vereinbarung, stunden_pro_tag: 8 }],
    ['more than 8 hours a day', { ...vereinbarung, unter_15: false, stunden_pro_tag: 9 }],
    ['a missing signature', { ...vereinbarung, unterschriften: ['schueler', 'eltern', 'betrieb'] }],
    ['a company outside the catalogue', { ...vereinbarung, betrieb: 'unbekannt-gmbh' }],
  ])('refuses an agreement with %s', (_name, data) => {
    const o = new Office('2025-09-15T08:00:00Z');
    const p = startInternship(o, toInternship(o));
    const r = o.send(p, 'bo_lehrkraft', 'SUBMIT', data);
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });

  it('approves only after the youth labour protection check', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const p = startInternship(o, toInternship(o));
    o.must(p, 'bo_lehrkraft', 'SUBMIT', { ...vereinbarung, unter_15: false, stunden_pro_tag: 8 });
    const r = o.send(p, 'bo_lehrkraft', 'SUBMIT', { entscheidung: 'genehmigt', schulveranstaltung: true });
    expect(r.ok ? null : r.error.code).toBe('FORM_INVALID');
  });
});

describe('berufsorientierung', () => {
  it('walks from grade 5 through two internships, guidance and applications to a secured next step', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const akte = toInternship(o);
    const first = startInternship(o, akte);
    o.must(first, 'bo_lehrkraft', 'ABBRECHEN', { datum: '2029-02-01', grund: 'kein_platz' });
    expect(o.get(first).state).toBe('abgebrochen');
    expect(o.get(akte).statePaths).toContain(`${PH}.praktikum.auswertung`);

    o.must(akte, 'bo_lehrkraft', 'SUBMIT', { weiteres_praktikum: true });
    const second = startInternship(o, akte);
    o.must(second, 'bo_lehrkraft', 'SUBMIT', vereinbarung);
    o.must(second, 'bo_lehrkraft', 'SUBMIT', genehmigung);
    o.fire(second, 'praktikumsbeginn');
    o.must(second, 'betrieb', 'ABBRECHEN', { datum: '2029-03-08', grund: 'betrieb' });
    expect(o.get(second).state).toBe('abgebrochen');

    o.must(akte, 'bo_lehrkraft', 'SUBMIT', { weiteres_praktikum: false, reflexion: 'Pflege bleibt Ziel' });
    expect(o.get(akte).statePaths).toContain(`${PH}.berufsberatung`);
    o.must(akte, 'berufsberatung', 'BERATUNG', { datum: '2029-09-20', durch: 'berufsberatung', inhalt: 'Ausbildungswege Pflege' });
    o.must(akte, 'berufsberatung', 'SUBMIT', berufsberatung);
    o.must(akte, 'bo_lehrkraft', 'BEWERBUNG', { datum: '2029-10-01', bei: 'Städtisches Klinikum', beruf: 'Pflegefachfrau', status: 'zusage' });
    o.must(akte, 'bo_lehrkraft', 'SUBMIT', anschluss);
    expect(o.get(akte).statePaths).toEqual(expect.arrayContaining([`${PH}.anschluss_gesichert`, REG]));

    // Three months before leaving school the next step is secured: no case management.
    // The check is used up; the file stays in regular support.
    expect(o.fire(akte, 'cm_frist').ok).toBe(true);
    expect(o.get(akte).statePaths).toContain(REG);
    expect(timerOf(o.get(akte), 'cm_frist')).toBeUndefined();
    o.fire(akte, 'schulabgang');
    expect(o.get(akte).statePaths).toContain(`${PH}.nachbetreuung`);
    o.must(akte, 'bo_lehrkraft', 'SUBMIT', { verbleib: 'ausbildung', angetreten: true, datum: '2030-10-01' });
    expect(o.get(akte)).toMatchObject({ state: 'abgeschlossen', status: 'closed', data: { anschluss: { typ: 'ausbildung' } } });
    expect(o.get(akte).data.aktivitaet).toHaveLength(1);
  });

  it('keeps the careers service out without the parents\' consent to its use of the data', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const akte = toInternship(o, { einwilligung_berufsberatung: false });
    const p = startInternship(o, akte);
    o.must(p, 'bo_lehrkraft', 'ABBRECHEN', { datum: '2029-02-01', grund: 'kein_platz' });
    o.must(akte, 'bo_lehrkraft', 'SUBMIT', { weiteres_praktikum: false });
    expect(o.get(akte).statePaths).toContain(`${PH}.beratung_schule`);
    expect(o.send(akte, 'berufsberatung', 'SUBMIT', berufsberatung).ok).toBe(false);
    expect(o.send(akte, 'berufsberatung', 'BERATUNG', { datum: '2029-09-20', durch: 'berufsberatung' }).ok).toBe(false);
    o.must(akte, 'bo_lehrkraft', 'SUBMIT', berufsberatung);
    expect(o.get(akte).statePaths).toContain(`${PH}.bewerbung`);
  });

  const file = shipped('berufsorientierung');
  const scenarios: Array<{ name: string; lines: Line[] }> = [
    {
      name: 'no parental consent: no file',
      lines: [{ send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(5, { einwilligung_eltern: false }), expect: { state: 'keine_einwilligung', status: 'closed' } }],
    },
    {
      name: 'a file opened in grade 7 starts with the competence assessment',
      lines: [{ send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(7), expect: { in: [`${PH}.kompetenzerkundung`, REG] } }],
    },
    {
      name: 'a file opened in grade 9 starts with the practical trial',
      lines: [{ send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(9), expect: { in: `${PH}.praxiserprobung` } }],
    },
    {
      name: 'case management flagged by hand and ended by the coordination office',
      lines: [
        { send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(9) },
        { send: 'CASE_MANAGEMENT', as: 'berufsberatung', data: { grund: 'abschluss_gefaehrdet', beschreibung: 'Viele Fehlzeiten' }, expect: { in: [CM, `${PH}.praxiserprobung`], tasks: [`${PH}.praxiserprobung:task`, `${CM}:reminder`] } },
        { send: 'CM_BEENDEN', as: 'bo_lehrkraft', data: { ergebnis: 'x', datum: '2026-01-10' }, reject: 'EVENT_FORBIDDEN' },
        { send: 'CM_BEENDEN', as: 'koordination', data: { ergebnis: 'Abschluss wieder in Reichweite', datum: '2026-01-10' }, expect: { in: REG, tasks: [`${PH}.praxiserprobung:task`] } },
      ],
    },
    {
      name: 'no next step three months before leaving school: case management',
      lines: [
        { send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(9, { abgangsjahr: 2027 }) },
        { fire: 'cm_frist', expect: { in: CM } },
      ],
    },
    {
      name: 'change of school hands the file over only with consent',
      lines: [
        { send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(6) },
        { send: 'SCHULWECHSEL', as: 'bo_lehrkraft', data: { datum: '2026-02-01', neue_schule: 'gms-zoberberg', akte: 'an_neue_schule' }, reject: 'FORM_INVALID' },
        { send: 'SCHULWECHSEL', as: 'bo_lehrkraft', data: { datum: '2026-02-01', neue_schule: 'gms-zoberberg', akte: 'an_neue_schule', einwilligung_uebergabe: true }, expect: { state: 'schulwechsel', status: 'closed' } },
      ],
    },
    {
      name: 'moved away',
      lines: [
        { send: 'SUBMIT', as: 'bo_lehrkraft', data: stammdaten(6) },
        { send: 'WEGGEZOGEN', as: 'koordination', data: { datum: '2026-02-01', akte_an_familie: true }, expect: { state: 'weggezogen' } },
      ],
    },
  ];
  it.each(scenarios)('$name', ({ lines }) => {
    new Walk(file, { at: '2025-09-15T08:00:00Z', as: 'bo_lehrkraft' }).play(lines);
  });

  it('derives the phase deadlines from school year and grade', () => {
    const walk = new Walk(file, { at: '2025-09-15T08:00:00Z' });
    walk.send('bo_lehrkraft', 'SUBMIT', stammdaten(5));
    expect(walk.tasks.find((t) => t.kind === 'task')?.dueAt).toBe('2027-07-31T22:00:00.000Z');
    walk.send('bo_lehrkraft', 'SUBMIT', { zusammenfassung: 'ok' });
    expect(walk.tasks.find((t) => t.kind === 'task')?.dueAt).toBe('2028-07-31T22:00:00.000Z');
    expect(timerOf(walk.record, 'cm_frist')?.dueAt).toBe('2030-03-31T22:00:00.000Z');
  });

  it('withdrawal closes the file and ends a running internship', () => {
    const o = new Office('2025-09-15T08:00:00Z');
    const akte = toInternship(o);
    const p = startInternship(o, akte);
    o.must(akte, 'koordination', 'WIDERRUFEN', { datum: '2029-01-10', erklaert_von: 'Mutter' });
    expect(o.get(akte)).toMatchObject({ state: 'widerrufen', status: 'closed' });
    expect(o.get(p)).toMatchObject({ state: 'abgebrochen', status: 'closed' });
  });
});
