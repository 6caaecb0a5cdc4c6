import { describe, expect, it } from 'vitest';
import { lintDefinition } from '../../../engine/definition/index.js';
import { fixture, minimal } from '../../fixtures/definitions.js';

function problems(doc: unknown) {
  const result = lintDefinition(doc);
  return result.ok ? [] : result.problems;
}

describe('lintDefinition', () => {
  it('accepts the contract example and the minimal definition', () => {
    expect(problems(fixture('kita-mini'))).toEqual([]);
    expect(problems(minimal())).toEqual([]);
  });

  it('reports a document that is not a definition at all by path', () => {
    const found = problems({ key: 'x', roles: 'kita' });
    expect(found.map((p) => p.path)).toEqual(expect.arrayContaining(['/', '/key', '/roles']));
  });

  it('reports an invalid JSON Schema in a form (AJV strict)', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.a.type = 'strin';
    doc.forms.f.schema.properties.b = { type: 'string', titel: 'typo' };
    const found = problems(doc);
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe('/forms/f/schema');
  });

  it('reports a task naming a form that does not exist', () => {
    const doc = minimal();
    doc.machine.states.start.meta.task.form = 'nope';
    expect(problems(doc)).toEqual([{ path: '/machine/states/start/meta/task/form', message: 'form "nope" does not exist in "forms"' }]);
  });

  it('reports roles that are not declared, in tasks and events', () => {
    const doc = minimal();
    doc.machine.states.start.meta.task.roles = ['staff', 'boss'];
    doc.machine.states.start.meta.events = { STOP: { label: { de: 'Stopp' }, roles: ['chef'] } };
    doc.machine.states.start.on.STOP = 'ende';
    expect(problems(doc).map((p) => p.path)).toEqual([
      '/machine/states/start/meta/task/roles/1',
      '/machine/states/start/meta/events/STOP/roles/0',
    ]);
  });

  it('reports unknown guard and action types', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'isAdult' }, actions: [{ type: 'sendMail' }] };
    const found = problems(doc);
    expect(found.map((p) => p.path)).toEqual(['/machine/states/start/on/SUBMIT/guard/type', '/machine/states/start/on/SUBMIT/actions/0/type']);
    expect(found[0].message).toContain('formula');
  });

  it('reports guard params that do not fit the catalogue', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'formula', params: {} } };
    expect(problems(doc)[0].path).toBe('/machine/states/start/on/SUBMIT/guard/params');
  });

  it('reports delays that are not ISO 8601 durations, in after and in task due', () => {
    const doc = minimal();
    doc.machine.states.start.after = { '1000': 'ende', P2W: 'ende' };
    doc.machine.states.start.meta.task.due = '14 days';
    expect(problems(doc).map((p) => p.path).sort()).toEqual(['/machine/states/start/after/1000', '/machine/states/start/meta/task/due']);
  });

  it('accepts named delays from "delays" and rejects a named delay without a definition', () => {
    const doc = minimal();
    doc.delays = { stichtag: { date: { cat: [{ var: 'data.f.jahr' }, '-03-01'] }, offset: '-P14D' } };
    doc.machine.states.start.after = { stichtag: 'ende' };
    expect(problems(doc)).toEqual([]);
    doc.delays.stichtag.offset = 'two weeks';
    expect(problems(doc).map((p) => p.path)).toEqual(['/delays/stichtag/offset']);
  });

  it('reports targets that do not exist', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = [{ target: 'ende' }, { target: 'nirgendwo' }];
    expect(problems(doc)).toEqual([{ path: '/machine/states/start/on/SUBMIT/1', message: 'target state "nirgendwo" does not exist' }]);
  });

  it('reports unreachable states', () => {
    const doc = minimal();
    doc.machine.states.insel = { type: 'final', meta: { title: { de: 'Insel' } } };
    expect(problems(doc)).toEqual([{ path: '/machine/states/insel', message: 'state "insel" can never be reached' }]);
  });

  it('reports non-final states with no way out', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = 'sackgasse';
    doc.machine.states.sackgasse = { meta: { title: { de: 'Sackgasse' } } };
    doc.machine.states.ende.type = 'final';
    doc.machine.states.start.on.FERTIG = 'ende';
    expect(problems(doc)).toEqual([{ path: '/machine/states/sackgasse', message: 'state "sackgasse" is not final and has no way out' }]);
  });

  it('reports an event listed for people that no transition handles', () => {
    const doc = minimal();
    doc.machine.states.start.meta.events = { PAUSE: { label: { de: 'Pause' }, roles: ['staff'] } };
    expect(problems(doc)[0].path).toBe('/machine/states/start/meta/events/PAUSE');
  });

  it('reports a compound state without a valid initial state', () => {
    const doc = minimal();
    doc.machine.states.start = { initial: 'x', states: { a: { on: { GO: '#minimal.ende' } } }, meta: { title: { de: 'Start' } } };
    expect(problems(doc).map((p) => p.path)).toContain('/machine/states/start/initial');
  });

  it('lists every problem at once', () => {
    const doc = minimal();
    doc.machine.states.start.meta.task.form = 'nope';
    doc.machine.states.start.meta.task.roles = ['boss'];
    doc.machine.states.start.after = { soon: 'weg' };
    expect(problems(doc).length).toBe(4);
  });
});
