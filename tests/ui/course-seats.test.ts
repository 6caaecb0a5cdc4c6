import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DefinitionDocument, LinkedCase } from '../../ui/src/api/types.js';
import { occupiedSeats, seatRule, statePaths } from '../../ui/src/case/course-seats.js';
import { caseNameText } from '../../ui/src/components/case-name.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shipped = (file: string) => JSON.parse(readFileSync(path.join(ROOT, 'definitions', file), 'utf8')) as DefinitionDocument;
const linked = (key: string, state: unknown): LinkedCase => ({ id: String(Math.random()), reference: 'X-1', title: 'X-1', definition: { key, title: { de: key } }, state, stateTitle: { de: '' }, status: 'active' });

/** "7 von 10 Plätzen belegt": places and the states that take one come from the sub-process's capacity guard, not from the UI. */
describe('places of a course', () => {
  it('reads the Elterntraining registration limit from the course form and counts confirmed and active registrations', () => {
    const rule = seatRule(shipped('elternarbeit/elterntraining-anmeldung.json'), { kurs: { max_tn: 10 } });
    expect(rule).toEqual({ definition: 'elterntraining-anmeldung', states: ['bestaetigt', 'aktiv'], seats: 10 });
    const children = ['bestaetigt', 'aktiv', 'warteliste', 'angemeldet', 'abgemeldet', 'bestaetigt'].map((s) => linked('elterntraining-anmeldung', s));
    expect(occupiedSeats(rule!, children)).toBe(3);
    // Children of another process under the same case do not take a place.
    expect(occupiedSeats(rule!, [...children, linked('anderes', 'bestaetigt')])).toBe(3);
  });

  it('reads the Seniorenuniversität places from the programme and counts enrolled and attending people', () => {
    const rule = seatRule(shipped('seniorenuniversitaet/seniorenuniversitaet-einschreibung.json'), { programm: { plaetze: 40 } });
    expect(rule).toEqual({ definition: 'seniorenuniversitaet-einschreibung', states: ['eingeschrieben', 'teilnehmend'], seats: 40 });
  });

  it('says nothing where the figure is not filled in, hidden from the reader, or the process declares no limit', () => {
    expect(seatRule(shipped('elternarbeit/elterntraining-anmeldung.json'), {})).toBeNull();
    expect(seatRule(shipped('elternarbeit/elterntraining-anmeldung.json'), { kurs: { max_tn: 'zehn' } })).toBeNull();
    expect(seatRule(shipped('uebergang-schule-beruf/berufsorientierung-praktikum.json'), {})).toBeNull();
  });

  it('takes a fixed number and matches states nested in a compound state', () => {
    const doc = {
      key: 'platz', version: 1, title: { de: 'Platz' }, roles: [], forms: {},
      machine: { states: { a: { on: { GO: { guard: { type: 'all', params: { guards: [{ type: 'formula', params: { rule: true } }, { type: 'capacity', params: { states: ['dabei'], max: 5 } }] } }, target: 'dabei' } } } } },
    } as unknown as DefinitionDocument;
    const rule = seatRule(doc, {})!;
    expect(rule.seats).toBe(5);
    expect(statePaths({ dabei: { region: 'x' } })).toEqual(['dabei', 'dabei.region', 'dabei.region.x']);
    expect(occupiedSeats(rule, [linked('platz', { dabei: { region: 'x' } }), linked('platz', 'a')])).toBe(1);
  });
});

describe('case names as text', () => {
  it('puts the reference beside a name and stands alone where there is none', () => {
    expect(caseNameText('Jonas Yılmaz', 'KG-2')).toBe('Jonas Yılmaz (KG-2)');
    expect(caseNameText('KG-1', 'KG-1')).toBe('KG-1');
    expect(caseNameText('', 'KG-1')).toBe('KG-1');
  });
});
