import { describe, expect, it } from 'vitest';
import { compileDefinition, lintDefinition } from '../../../engine/definition/index.js';
import { applyEvent, createCase, eventsInState, type Actor, type CaseRecord } from '../../../engine/runtime/index.js';
import { minimal } from '../../fixtures/definitions.js';

const now = new Date('2026-03-02T08:00:00Z');
const staff: Actor = { id: 'u', username: 'sam', roles: ['staff'], tenantId: 't' };

function start(doc: unknown): { compiled: ReturnType<typeof compileDefinition>; record: CaseRecord } {
  const compiled = compileDefinition(doc);
  const r = createCase(compiled, { id: 'c', tenantId: 't' }, { actor: staff, now });
  if (!r.ok) throw r.error;
  return { compiled, record: r.value.case };
}

describe('root-level events (#10)', () => {
  it('offers events of the machine root meta.events in every state, and runs them', () => {
    const d = minimal();
    d.machine.on = { STORNO: '.ende' };
    d.machine.meta = { events: { STORNO: { label: { de: 'Stornieren', en: 'Cancel' }, roles: ['staff'] } } };
    const { compiled, record } = start(d);
    expect(eventsInState(compiled, record).map((e) => e.type)).toEqual(['SUBMIT', 'STORNO']);
    const step = applyEvent(compiled, record, { type: 'STORNO', expectedVersion: 1 }, { actor: staff, now });
    expect(step.ok && step.value.case).toMatchObject({ state: 'ende', status: 'closed' });
  });
});

describe('guard messages (#10)', () => {
  const withGuard = () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = {
      target: 'ende',
      guard: {
        type: 'formula',
        params: { rule: { '==': [{ var: 'data.f.a' }, 'ja'] } },
        message: { de: 'Ohne Einwilligung geht es nicht weiter.', en: 'Consent is needed to go on.' },
      },
    };
    return d;
  };

  it('tells the person why a guard refused the event, in both languages', () => {
    const { compiled, record } = start(withGuard());
    const step = applyEvent(compiled, record, { type: 'SUBMIT', data: { a: 'nein' }, expectedVersion: 1 }, { actor: staff, now });
    expect(step.ok).toBe(false);
    if (step.ok) return;
    expect(step.error.code).toBe('GUARD_REJECTED');
    expect(step.error.details).toEqual([
      { path: '/', message: 'Ohne Einwilligung geht es nicht weiter.', code: 'guard', text: { de: 'Ohne Einwilligung geht es nicht weiter.', en: 'Consent is needed to go on.' } },
    ]);
  });

  it('takes the message of a combined guard from the guard that carries it', () => {
    const d = withGuard();
    const inner = d.machine.states.start.on.SUBMIT.guard;
    d.machine.states.start.on.SUBMIT.guard = { type: 'all', params: { guards: [inner] } };
    const { compiled, record } = start(d);
    const step = applyEvent(compiled, record, { type: 'SUBMIT', data: { a: 'nein' }, expectedVersion: 1 }, { actor: staff, now });
    expect(!step.ok && step.error.details?.[0].message).toBe('Ohne Einwilligung geht es nicht weiter.');
  });

  it('lints a message that is not { de, en } and keys a guard does not have', () => {
    const d = withGuard();
    d.machine.states.start.on.SUBMIT.guard.message = 'Bitte einwilligen';
    d.machine.states.start.on.SUBMIT.guard.parms = {};
    const r = lintDefinition(d);
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['/machine/states/start/on/SUBMIT/guard/parms', '/machine/states/start/on/SUBMIT/guard/message']);
  });
});

describe('inState guard (#10)', () => {
  it('refuses a state path that does not exist', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = { target: 'ende', guard: { type: 'inState', params: { state: 'strat' } } };
    const r = lintDefinition(d);
    expect(r.ok ? [] : r.problems).toEqual([{ path: '/machine/states/start/on/SUBMIT/guard/params/state', message: expect.stringContaining('meinten Sie "start"?') }]);
  });

  it('passes only while the case is in that state', () => {
    const d = minimal();
    d.machine.states.start.on.SUBMIT = [
      { target: 'ende', guard: { type: 'not', params: { guard: { type: 'inState', params: { state: 'start' } } } } },
    ];
    d.machine.states.start.on.WEITER = { target: 'ende', guard: { type: 'inState', params: { state: 'start' } } };
    d.machine.states.start.meta.events = { WEITER: { label: { de: 'Weiter' }, roles: ['staff'] } };
    const { compiled, record } = start(d);
    const refused = applyEvent(compiled, record, { type: 'SUBMIT', data: {}, expectedVersion: 1 }, { actor: staff, now });
    expect(!refused.ok && refused.error.code).toBe('GUARD_REJECTED');
    const passed = applyEvent(compiled, record, { type: 'WEITER', expectedVersion: 1 }, { actor: staff, now });
    expect(passed.ok && passed.value.case.state).toBe('ende');
  });
});
