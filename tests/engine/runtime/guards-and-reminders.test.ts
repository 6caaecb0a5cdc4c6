import { describe, expect, it } from 'vitest';
import { capacityKey, compileDefinition, lintDefinition } from '../../../engine/definition/index.js';
import { applyEvent, createCase, type Actor } from '../../../engine/runtime/index.js';
import { minimal } from '../../fixtures/definitions.js';

const T0 = new Date('2026-02-01T08:00:00Z');
const actor: Actor = { id: 'u', username: 'u', roles: ['staff'], tenantId: 't' };
const system: Actor = { id: 'system', username: 'system', roles: [], tenantId: 't', system: true };
const days = (n: number) => new Date(T0.getTime() + n * 86400_000);

function start(def: any) {
  const compiled = compileDefinition(def);
  const r = createCase(compiled, { id: 'c', tenantId: 't' }, { actor, now: T0 });
  if (!r.ok) throw r.error;
  return { compiled, record: r.value.case };
}

describe('guards', () => {
  it('uses JSON Logic truthiness: an empty list does not pass', () => {
    const d = minimal();
    d.forms.f.schema.properties.teile = { type: 'array', title: 'Teile', items: { type: 'string' } };
    d.machine.states.start.on.SUBMIT = [{ target: 'ende', guard: { type: 'formula', params: { rule: { var: 'data.f.teile' } } } }];
    const { compiled, record } = start(d);
    expect((applyEvent(compiled, record, { type: 'SUBMIT', data: { teile: [] } }, { actor, now: T0 }) as any).error.code).toBe('GUARD_REJECTED');
    expect(applyEvent(compiled, record, { type: 'SUBMIT', data: { teile: ['fotos'] } }, { actor, now: T0 }).ok).toBe(true);
  });

  it('combines guards with all, any and not', () => {
    const isJa = { type: 'formula', params: { rule: { '==': [{ var: 'data.f.a' }, 'ja'] } } };
    const d = minimal();
    d.machine.states.start.on.SUBMIT = [
      { target: 'ende', guard: { type: 'all', params: { guards: [isJa, { type: 'not', params: { guard: { type: 'formula', params: { rule: false } } } }] } } },
    ];
    const { compiled, record } = start(d);
    expect(applyEvent(compiled, record, { type: 'SUBMIT', data: { a: 'ja' } }, { actor, now: T0 }).ok).toBe(true);
    expect(applyEvent(compiled, record, { type: 'SUBMIT', data: { a: 'nein' } }, { actor, now: T0 }).ok).toBe(false);
  });

  it('lints the guards inside a combination', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'any', params: { guards: [{ type: 'zauber' }] } } };
    const r = lintDefinition(d);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['/machine/states/start/on/SUBMIT/guard/params/guards/0/type']);
  });

  it('counts children with a minimum: confirmed only with enough confirmed registrations', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = [
      { target: 'ende', guard: { type: 'capacity', params: { scope: 'children', definition: 'anmeldung', states: ['bestaetigt'], min: 3 } } },
    ];
    const { compiled, record } = start(d);
    expect(compiled.capacityKeys).toEqual([{ scope: 'children', definition: 'anmeldung', states: ['bestaetigt'] }]);
    const key = capacityKey(['bestaetigt'], 'children', 'anmeldung');
    const with2 = applyEvent(compiled, record, { type: 'SUBMIT', data: {} }, { actor, now: T0, external: { counts: { [key]: 2 } } });
    const with3 = applyEvent(compiled, record, { type: 'SUBMIT', data: {} }, { actor, now: T0, external: { counts: { [key]: 3 } } });
    expect(!with2.ok && with2.error.code).toBe('GUARD_REJECTED');
    expect(with3.ok && with3.value.case.status).toBe('closed');
  });

  it('requires the children definition for a children count', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'capacity', params: { scope: 'children', states: ['x'], min: 1 } } };
    expect(lintDefinition(d).ok).toBe(false);
  });
});

describe('timers and reminders', () => {
  it('uses up a timer whose guard is closed and stays in the state', () => {
    const d = minimal();
    d.machine.states.start.after = { P7D: { target: 'ende', guard: { type: 'formula', params: { rule: false } } } };
    const { compiled, record } = start(d);
    const r = applyEvent(compiled, record, { type: record.envelope.timers[0].eventType }, { actor: system, now: days(7) });
    expect(r.ok && r.value.case.state).toBe('start');
    expect(r.ok && r.value.timers).toEqual([]);
  });

  it('ties a reminder to the parallel region that declares it', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = 'laufend';
    d.machine.states.laufend = {
      type: 'parallel',
      meta: { title: { de: 'Laufend' } },
      on: { FERTIG: 'ende' },
      states: {
        doku: { initial: 'offen', meta: { title: { de: 'Doku' } }, states: { offen: { meta: { title: { de: 'Offen' } }, after: { P30D: { actions: [{ type: 'remind', params: { title: { de: 'Doku fehlt' }, roles: ['staff'] } }] } }, on: { DOKU: 'fertig' } }, fertig: { meta: { title: { de: 'Fertig' } } } } },
        termin: { initial: 'geplant', meta: { title: { de: 'Termin' } }, states: { geplant: { meta: { title: { de: 'Geplant' } } } } },
      },
    };
    d.machine.states.start.meta.events = {};
    const { compiled, record } = start(d);
    const inRun = applyEvent(compiled, record, { type: 'SUBMIT', data: {} }, { actor, now: T0 });
    if (!inRun.ok) throw inRun.error;
    const fired = applyEvent(compiled, inRun.value.case, { type: inRun.value.timers[0].eventType }, { actor: system, now: days(30) });
    if (!fired.ok) throw fired.error;
    expect(fired.value.case.envelope.reminders.map((r) => r.statePath)).toEqual(['laufend.doku.offen']);
    const done = applyEvent(compiled, fired.value.case, { type: 'DOKU' }, { actor: system, now: days(31) });
    expect(done.ok && done.value.tasks.filter((t) => t.kind === 'reminder')).toEqual([]);
  });

  it('drops a reminder when its state is re-entered', () => {
    const d = minimal();
    d.machine.states.start.after = { P2D: { actions: [{ type: 'remind', params: { title: { de: 'Termin morgen' }, roles: ['staff'] } }] } };
    d.machine.states.start.on.VERSCHIEBEN = { target: 'start', reenter: true };
    const { compiled, record } = start(d);
    const fired = applyEvent(compiled, record, { type: record.envelope.timers[0].eventType }, { actor: system, now: days(2) });
    if (!fired.ok) throw fired.error;
    expect(fired.value.tasks.map((t) => t.kind)).toEqual(['task', 'reminder']);
    const moved = applyEvent(compiled, fired.value.case, { type: 'VERSCHIEBEN' }, { actor: system, now: days(3) });
    if (!moved.ok) throw moved.error;
    expect(moved.value.tasks.map((t) => t.kind)).toEqual(['task']);
    expect(moved.value.timers.map((t) => t.dueAt)).toEqual([days(5).toISOString()]);
  });
});

describe('entry times in parallel states', () => {
  it('keeps the due date of a task in one region when another region moves', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = 'laufend';
    d.machine.states.laufend = {
      type: 'parallel',
      meta: { title: { de: 'Laufend' } },
      states: {
        doku: { initial: 'offen', meta: { title: { de: 'Doku' } }, states: { offen: { meta: { title: { de: 'Offen' } }, after: { P3M: { actions: [{ type: 'remind', params: { title: { de: 'Doku' }, roles: ['staff'] } }] } }, on: { NOTIZ: { target: 'offen', reenter: true } } } } },
        verfahren: {
          initial: 'einwilligung',
          meta: { title: { de: 'Verfahren' } },
          states: {
            einwilligung: { meta: { title: { de: 'Einwilligung' }, task: { roles: ['staff'], due: 'P14D' } }, on: { FERTIG: '#minimal.ende' } },
          },
        },
      },
    };
    const { compiled, record } = start(d);
    const inRun = applyEvent(compiled, record, { type: 'SUBMIT', data: {} }, { actor, now: T0 });
    if (!inRun.ok) throw inRun.error;
    const due = inRun.value.tasks.find((t) => t.statePath === 'laufend.verfahren.einwilligung')!.dueAt;
    expect(due).toBe(days(14).toISOString());
    const noted = applyEvent(compiled, inRun.value.case, { type: 'NOTIZ' }, { actor: system, now: days(5) });
    if (!noted.ok) throw noted.error;
    expect(noted.value.tasks.find((t) => t.statePath === 'laufend.verfahren.einwilligung')!.dueAt).toBe(due);
    expect(noted.value.case.envelope.entered['laufend.doku.offen']).toBe(days(5).toISOString());
  });
});
