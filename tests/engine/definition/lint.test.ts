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

  it('reports every problem of a form schema at its own path, with near-miss hints', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.a.type = 'strin';
    doc.forms.f.schema.properties.b = { type: 'string', titel: 'typo' };
    doc.forms.f.schema.properties.c = { type: 'string', format: 'emial' };
    doc.forms.f.schema.properties.d = { type: 'array', minItems: -1 };
    const found = problems(doc);
    expect(found.map((p) => p.path)).toEqual([
      '/forms/f/schema/properties/a/type',
      '/forms/f/schema/properties/b/titel',
      '/forms/f/schema/properties/c/format',
      '/forms/f/schema/properties/d/minItems',
    ]);
    expect(found[0].message).toContain('meinten Sie "string"?');
    expect(found[1].message).toContain('meinten Sie "title"?');
    expect(found[2].message).toContain('meinten Sie "email"?');
  });

  it('reports an unresolvable $ref of a form once, at the schema', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.a = { $ref: '#/$defs/fehlt' };
    expect(problems(doc)).toEqual([{ path: '/forms/f/schema', message: expect.stringContaining('#/$defs/fehlt') }]);
  });

  it('checks the limits of a file field', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.datei = { type: 'string', format: 'data-url', 'x-file': { maxBytes: 10_000_000, accept: ['pdf'], typ: 1 } };
    doc.forms.f.schema.properties.text = { type: 'string', 'x-file': {} };
    expect(problems(doc).map((p) => p.path)).toEqual([
      '/forms/f/schema/properties/datei/x-file/typ',
      '/forms/f/schema/properties/datei/x-file/maxBytes',
      '/forms/f/schema/properties/datei/x-file/accept',
      '/forms/f/schema/properties/text/x-file',
    ]);
  });

  it('refuses a $schema that is not a supported dialect', () => {
    const doc = minimal();
    doc.forms.f.schema.$schema = 'http://json-schema.org/draft-04/schema#';
    expect(problems(doc).map((p) => p.path)).toEqual(['/forms/f/schema/$schema']);
  });

  it('gives five different mistakes five problems at five paths, with German hints (#10)', () => {
    const doc = minimal();
    doc.forms.f.schema.properties.a.titel = 'Vorname';
    doc.machine.states.start.invoke = { src: 'sendMail', onDone: 'ende' };
    doc.machine.states.start.on.SUBMIT = { target: 'ende', guard: 'isAdult' };
    doc.machine.states.start.after = { PT30D: 'ende' };
    doc.machine.states.ende.entry = [{ type: 'assign', params: { x: 1 } }];
    const found = problems(doc);
    expect(found.map((p) => p.path)).toEqual([
      '/forms/f/schema/properties/a/titel',
      '/machine/states/start/invoke',
      '/machine/states/start/on/SUBMIT/guard',
      '/machine/states/start/after/PT30D',
      '/machine/states/ende/entry/0/type',
    ]);
    expect(found[1].message).toContain('Agora führt keinen Code aus');
    expect(found[2].message).toContain('Agora führt keinen Code aus');
    expect(found[3].message).toContain('meinten Sie "P30D"?');
    expect(found[4].message).toContain('nicht "assign"');
  });

  it('hints at the duration a near-miss meant', () => {
    const doc = minimal();
    doc.machine.states.start.after = { P2H: 'ende', '14 Tage': 'ende', p3d: 'ende', '1000': 'ende' };
    const byPath = Object.fromEntries(problems(doc).map((p) => [p.path, p.message]));
    expect(byPath['/machine/states/start/after/P2H']).toContain('"PT2H"');
    expect(byPath['/machine/states/start/after/14 Tage']).toContain('"P14D"');
    expect(byPath['/machine/states/start/after/p3d']).toContain('"P3D"');
    expect(byPath['/machine/states/start/after/1000']).toContain('Millisekunden');
  });

  it('refuses invoke once, without a cascade of unreachable states', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = 'pruefen';
    doc.machine.states.pruefen = { invoke: { src: 'check', onDone: 'weiter', onError: 'fehler' }, meta: { title: { de: 'Prüfen' } } };
    doc.machine.states.weiter = { on: { GO: 'ende' } };
    doc.machine.states.fehler = { type: 'final' };
    expect(problems(doc).map((p) => p.path)).toEqual(['/machine/states/pruefen/invoke']);
  });

  it('reports keys XState does not know on a state, with the near miss', () => {
    const doc = minimal();
    doc.machine.states.start.intial = 'x';
    expect(problems(doc)).toEqual([{ path: '/machine/states/start/intial', message: expect.stringContaining('meinten Sie "initial"?') }]);
  });

  it('sees onDone: a parallel join reaches its target (#10)', () => {
    const doc = minimal();
    doc.machine.states.start.on.SUBMIT = 'beide';
    doc.machine.states.beide = {
      type: 'parallel',
      onDone: 'ende',
      states: {
        a: { initial: 'x', states: { x: { on: { A: 'fertig' } }, fertig: { type: 'final' } } },
        b: { initial: 'x', states: { x: { on: { B: 'fertig' } }, fertig: { type: 'final' } } },
      },
    };
    doc.machine.states.ende.type = 'final';
    expect(problems(doc)).toEqual([]);
  });

  it('warns where two parallel regions both take SUBMIT, without refusing the definition', () => {
    const doc = minimal();
    doc.machine.states.start = {
      type: 'parallel',
      onDone: 'ende',
      states: {
        a: { initial: 't', states: { t: { meta: { task: { roles: ['staff'], form: 'f' } }, on: { SUBMIT: 'ok' } }, ok: { type: 'final' } } },
        b: { initial: 't', states: { t: { meta: { task: { roles: ['staff'], form: 'f' } }, on: { SUBMIT: 'ok' } }, ok: { type: 'final' } } },
      },
    };
    const result = lintDefinition(doc);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(['/machine/states/start']);
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

  it('refuses a person event named MIGRATED, which the engine logs when it moves a case to a new version', () => {
    const doc = minimal();
    doc.machine.states.start.meta.events = { MIGRATED: { label: { de: 'Umstellen' }, roles: ['staff'] } };
    doc.machine.states.start.on.MIGRATED = 'ende';
    expect(problems(doc)).toEqual([{ path: '/machine/states/start/meta/events/MIGRATED', message: expect.stringContaining('engine\'s own event') }]);
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
