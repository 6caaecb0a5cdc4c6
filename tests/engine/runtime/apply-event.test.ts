import { describe, expect, it } from 'vitest';
import { capacityKey, compileDefinition } from '../../../engine/definition/index.js';
import { applyEvent, createCase, eventsInState, replayCase, type Actor, type CaseRecord, type StepInput } from '../../../engine/runtime/index.js';
import { fixture, minimal } from '../../fixtures/definitions.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const kita: Actor = { id: 'u-kita', username: 'kita', roles: ['kita'], tenantId: 't' };
const schule: Actor = { id: 'u-schule', username: 'schule', roles: ['schule'], tenantId: 't' };
const koordination: Actor = { id: 'u-ko', username: 'ko', roles: ['koordination'], tenantId: 't' };
const system: Actor = { id: 'system', username: 'system', roles: [], tenantId: 't', system: true };
const at = (days: number) => new Date(T0.getTime() + days * 86400_000);

const compiled = compileDefinition(fixture('kita-mini'));

function started(): CaseRecord {
  const r = createCase(compiled, { id: 'c1', tenantId: 't' }, { actor: kita, now: T0 });
  if (!r.ok) throw r.error;
  return r.value.case;
}

function send(record: CaseRecord, type: string, data: unknown, input: Partial<StepInput> & { actor: Actor }) {
  return applyEvent(compiled, record, { type, data, expectedVersion: record.version }, { now: at(1), ...input });
}

describe('createCase', () => {
  it('enters the initial state with version 1, its task due from meta.task.due and its timer', () => {
    const r = createCase(compiled, { id: 'c1', tenantId: 't' }, { actor: kita, now: T0 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.case).toMatchObject({ state: 'erfassung', status: 'active', version: 1, data: {} });
    expect(r.value.tasks).toEqual([
      expect.objectContaining({ statePath: 'erfassung', roles: ['kita'], form: 'stammdaten', dueAt: '2026-03-16T08:00:00.000Z' }),
    ]);
    expect(r.value.timers).toEqual([expect.objectContaining({ dueAt: '2026-03-23T08:00:00.000Z' })]);
    expect(r.value.event).toMatchObject({ seq: 1, type: 'case.created', actorName: 'kita' });
  });

  it('rejects invalid initial data with every problem', () => {
    const r = createCase(compiled, { id: 'c1', tenantId: 't', data: { stammdaten: { vorname: 3 } } }, { actor: kita, now: T0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FORM_INVALID');
    expect(r.error.details?.map((d) => d.path).sort()).toEqual(['/stammdaten/einwilligung', '/stammdaten/vorname']);
  });
});

describe('applyEvent', () => {
  it('follows the guard that reads the submitted form: consent given goes to dialog', () => {
    const r = send(started(), 'SUBMIT', { vorname: 'Mia', einwilligung: true }, { actor: kita });
    expect(r.ok && r.value.case.state).toBe('dialog');
    expect(r.ok && r.value.case.data).toEqual({ stammdaten: { vorname: 'Mia', einwilligung: true } });
    expect(r.ok && r.value.case.version).toBe(2);
  });

  it('takes the fallback transition when the guard is false and closes the case in a final state', () => {
    const r = send(started(), 'SUBMIT', { vorname: 'Mia', einwilligung: false }, { actor: kita });
    expect(r.ok && r.value.case).toMatchObject({ state: 'ohneWeitergabe', status: 'closed' });
    expect(r.ok && r.value.tasks).toEqual([]);
    expect(r.ok && r.value.timers).toEqual([]);
  });

  it('cancels the timer of a state it leaves', () => {
    const r = send(started(), 'SUBMIT', { vorname: 'Mia', einwilligung: true }, { actor: kita });
    expect(r.ok && r.value.timers).toEqual([]);
  });

  it('answers VERSION_CONFLICT first when expectedVersion is stale, even for an impossible event', () => {
    const r = applyEvent(compiled, started(), { type: 'NOPE', expectedVersion: 7 }, { actor: kita, now: at(1) });
    expect(!r.ok && r.error.code).toBe('VERSION_CONFLICT');
  });

  it('answers EVENT_UNKNOWN for an event the process does not have', () => {
    const r = send(started(), 'FLIEGEN', undefined, { actor: kita });
    expect(!r.ok && r.error.code).toBe('EVENT_UNKNOWN');
  });

  it('answers EVENT_NOT_POSSIBLE for a known event in the wrong state', () => {
    const closed = send(started(), 'SUBMIT', { vorname: 'A', einwilligung: true }, { actor: kita });
    if (!closed.ok) throw closed.error;
    const r = send(closed.value.case, 'ABBRECHEN', undefined, { actor: koordination });
    expect(!r.ok && r.error.code).toBe('EVENT_NOT_POSSIBLE');
  });

  it('answers EVENT_FORBIDDEN when the role may not send the event', () => {
    expect((send(started(), 'ABBRECHEN', undefined, { actor: kita }) as any).error.code).toBe('EVENT_FORBIDDEN');
    expect((send(started(), 'SUBMIT', { vorname: 'A', einwilligung: true }, { actor: schule }) as any).error.code).toBe('EVENT_FORBIDDEN');
  });

  it('answers FORM_INVALID with all errors at once, in German, as JSON pointers', () => {
    const r = send(started(), 'SUBMIT', { vorname: '', geburtsdatum: 'gestern' }, { actor: kita });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('FORM_INVALID');
    expect(r.error.status).toBe(422);
    expect(r.error.details?.map((d) => d.path).sort()).toEqual(['/einwilligung', '/geburtsdatum', '/vorname']);
    expect(r.error.details?.find((d) => d.path === '/einwilligung')?.message).toContain('erforderliche');
  });

  it('answers FORM_REQUIRED when a form event comes without data', () => {
    expect((send(started(), 'SUBMIT', undefined, { actor: kita }) as any).error.code).toBe('FORM_REQUIRED');
  });

  it('appends collection entries with author and time and stays in the state', () => {
    const one = send(started(), 'NOTIZ', { text: 'erste' }, { actor: kita });
    if (!one.ok) throw one.error;
    const two = applyEvent(compiled, one.value.case, { type: 'NOTIZ', data: { text: 'zweite' }, expectedVersion: 2 }, { actor: kita, now: at(2) });
    if (!two.ok) throw two.error;
    expect(two.value.case.state).toBe('erfassung');
    expect(two.value.case.data.notiz).toEqual([
      { value: { text: 'erste' }, by: 'kita', at: at(1).toISOString() },
      { value: { text: 'zweite' }, by: 'kita', at: at(2).toISOString() },
    ]);
    expect(two.value.timers).toHaveLength(1);
  });

  it('fires a timer only for the engine and moves to the after target', () => {
    const record = started();
    const type = record.envelope.timers[0].eventType;
    expect((applyEvent(compiled, record, { type }, { actor: koordination, now: at(21) }) as any).error.code).toBe('EVENT_FORBIDDEN');
    const r = applyEvent(compiled, record, { type }, { actor: system, now: at(21) });
    expect(r.ok && r.value.case.state).toBe('ueberfaellig');
    expect(r.ok && r.value.tasks[0].roles).toEqual(['koordination']);
  });

  it('answers CASE_CLOSED for any event on a closed case', () => {
    const closed = send(started(), 'SUBMIT', { vorname: 'A', einwilligung: false }, { actor: kita });
    if (!closed.ok) throw closed.error;
    expect((send(closed.value.case, 'SUBMIT', {}, { actor: kita }) as any).error.code).toBe('CASE_CLOSED');
  });

  it('lists the events of the current state with their forms and roles', () => {
    expect(eventsInState(compiled, started()).map((e) => [e.type, e.form, e.roles])).toEqual([
      ['SUBMIT', 'stammdaten', ['kita']],
      ['ABBRECHEN', null, ['koordination']],
      ['NOTIZ', 'notiz', ['kita']],
    ]);
  });
});

describe('guards and delays from the catalogue', () => {
  const capacityDef = (() => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = [
      { target: 'platz', guard: { type: 'capacity', params: { states: ['platz'], max: { var: 'case.parent.data.kurs.max' } } } },
      { target: 'warteliste' },
    ];
    d.machine.states.platz = { meta: { title: { de: 'Platz' } }, on: { FERTIG: 'ende' } };
    d.machine.states.warteliste = { meta: { title: { de: 'Warteliste' } }, on: { NACHRUECKEN: 'platz' } };
    return compileDefinition(d);
  })();
  const actor: Actor = { id: 'u', username: 'u', roles: ['staff'], tenantId: 't' };
  const parent = { id: 'p', definition: 'kurs', state: 'offen', data: { kurs: { max: 2 } } };

  it('capacity passes below the limit and falls through at it', () => {
    const c = createCase(capacityDef, { id: 'c', tenantId: 't' }, { actor, now: T0 });
    if (!c.ok) throw c.error;
    const key = capacityKey(['platz']);
    const below = applyEvent(capacityDef, c.value.case, { type: 'SUBMIT', data: {} }, { actor, now: T0, external: { parent, counts: { [key]: 1 } } });
    const full = applyEvent(capacityDef, c.value.case, { type: 'SUBMIT', data: {} }, { actor, now: T0, external: { parent, counts: { [key]: 2 } } });
    expect(below.ok && below.value.case.state).toBe('platz');
    expect(full.ok && full.value.case.state).toBe('warteliste');
  });

  it('answers GUARD_REJECTED when every guarded transition is closed', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'formula', params: { rule: { '==': [{ var: 'data.f.a' }, 'ja'] } } } };
    const c = compileDefinition(d);
    const s = createCase(c, { id: 'c', tenantId: 't' }, { actor, now: T0 });
    if (!s.ok) throw s.error;
    const r = applyEvent(c, s.value.case, { type: 'SUBMIT', data: { a: 'nein' } }, { actor, now: T0 });
    expect(!r.ok && r.error.code).toBe('GUARD_REJECTED');
    expect(applyEvent(c, s.value.case, { type: 'SUBMIT', data: { a: 'ja' } }, { actor, now: T0 }).ok).toBe(true);
  });

  it('schedules a date delay computed from case data, with an offset', () => {
    const d = minimal();
    d.forms.f.schema.properties.jahr = { type: 'integer', title: 'Jahr' };
    d.delays = { anmeldung: { date: { cat: [{ var: 'data.f.jahr' }, '-03-01'] }, offset: '-P14D' } };
    d.machine.states.start.on.SUBMIT = 'warten';
    d.machine.states.warten = { meta: { title: { de: 'Warten' } }, after: { anmeldung: 'ende' } };
    const c = compileDefinition(d);
    const s = createCase(c, { id: 'c', tenantId: 't' }, { actor, now: T0 });
    if (!s.ok) throw s.error;
    const r = applyEvent(c, s.value.case, { type: 'SUBMIT', data: { jahr: 2027 } }, { actor, now: T0 });
    expect(r.ok && r.value.timers.map((t) => t.dueAt)).toEqual(['2027-02-14T23:00:00.000Z']);
  });

  it('creates a reminder task without changing state and ends it when the state is left', () => {
    const d = minimal();
    d.machine.states.start.after = { P14D: { actions: [{ type: 'remind', params: { title: { de: 'Bitte nachfassen' }, roles: ['staff'] } }] } };
    const c = compileDefinition(d);
    const s = createCase(c, { id: 'c', tenantId: 't' }, { actor, now: T0 });
    if (!s.ok) throw s.error;
    const fired = applyEvent(c, s.value.case, { type: s.value.case.envelope.timers[0].eventType }, { actor: system, now: at(14) });
    if (!fired.ok) throw fired.error;
    expect(fired.value.case.state).toBe('start');
    expect(fired.value.tasks.map((t) => [t.kind, t.title.de])).toEqual([['task', 'Start'], ['reminder', 'Bitte nachfassen']]);
    expect(fired.value.timers).toEqual([]);
    const done = applyEvent(c, fired.value.case, { type: 'SUBMIT', data: {} }, { actor, now: at(15) });
    expect(done.ok && done.value.tasks).toEqual([]);
  });
});

describe('replayCase', () => {
  it('rebuilds the stored case from its events', () => {
    const steps = [createCase(compiled, { id: 'c1', tenantId: 't' }, { actor: kita, now: T0 })];
    const s0 = steps[0];
    if (!s0.ok) throw s0.error;
    const s1 = send(s0.value.case, 'NOTIZ', { text: 'x' }, { actor: kita });
    if (!s1.ok) throw s1.error;
    const s2 = applyEvent(compiled, s1.value.case, { type: 'SUBMIT', data: { vorname: 'Mia', einwilligung: true } }, { actor: kita, now: at(3) });
    if (!s2.ok) throw s2.error;
    const replayed = replayCase(compiled, 't', null, [s0.value.event, s1.value.event, s2.value.event]);
    expect(replayed.ok && replayed.value).toEqual(s2.value.case);
  });
});
