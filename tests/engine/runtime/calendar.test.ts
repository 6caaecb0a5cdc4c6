import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../../engine/definition/index.js';
import { applyEvent, createCase, deriveTasks, type Actor } from '../../../engine/runtime/index.js';
import { minimal } from '../../fixtures/definitions.js';

const staff: Actor = { id: 'u', username: 'staff', roles: ['staff'], tenantId: 't' };

/** A task due after `due`, an `after` timer of `delay`, and a date deadline from the form. */
function calendarDefinition(due: string, delay: string) {
  const d = minimal();
  d.forms.f.schema.properties.termin = { type: 'string', format: 'date', title: 'Termin' };
  d.delays = { termin: { date: { var: 'data.f.termin' } } };
  d.machine.states.start.meta.task.due = due;
  d.machine.states.start.after = { [delay]: 'ende' };
  d.machine.states.start.on.SUBMIT = 'warten';
  d.machine.states.warten = { meta: { title: { de: 'Warten' }, task: { roles: ['staff'], due: 'termin' } }, after: { termin: 'ende' }, on: { SUBMIT: 'ende' } };
  return compileDefinition(d);
}

function start(due: string, delay: string, now: string, timeZone?: string) {
  const compiled = calendarDefinition(due, delay);
  const r = createCase(compiled, { id: 'c', tenantId: 't' }, { actor: staff, now: new Date(now), timeZone });
  if (!r.ok) throw r.error;
  return { compiled, step: r.value };
}

describe('deadlines in the office calendar (#11)', () => {
  it('makes a task started on 31 January with P1M due on the last day of February, not in March', () => {
    const { step } = start('P1M', 'P1M', '2027-01-31T09:00:00Z');
    expect(step.tasks[0].dueAt).toBe('2027-02-28T09:00:00.000Z');
    expect(step.timers[0].dueAt).toBe('2027-02-28T09:00:00.000Z');
  });

  it('keeps the wall-clock time for P1D over the spring change and 24 real hours for PT24H', () => {
    const { step } = start('P1D', 'PT24H', '2027-03-27T09:00:00Z');
    expect(step.tasks[0].dueAt).toBe('2027-03-28T08:00:00.000Z');
    expect(step.timers[0].dueAt).toBe('2027-03-28T09:00:00.000Z');
  });

  it('keeps the wall-clock time for P1D over the autumn change and 24 real hours for PT24H', () => {
    const { step } = start('P1D', 'PT24H', '2027-10-30T08:00:00Z');
    expect(step.tasks[0].dueAt).toBe('2027-10-31T09:00:00.000Z');
    expect(step.timers[0].dueAt).toBe('2027-10-31T08:00:00.000Z');
  });

  it('puts a deadline taken from a date field at midnight in Berlin, as task due date and as timer', () => {
    const { compiled, step } = start('P14D', 'P30D', '2027-01-10T09:00:00Z');
    const r = applyEvent(compiled, step.case, { type: 'SUBMIT', data: { termin: '2027-03-01' } }, { actor: staff, now: new Date('2027-01-11T09:00:00Z') });
    if (!r.ok) throw r.error;
    expect(r.value.timers.map((t) => t.dueAt)).toEqual(['2027-02-28T23:00:00.000Z']);
    expect(r.value.tasks.map((t) => t.dueAt)).toEqual(['2027-02-28T23:00:00.000Z']);
    const summer = applyEvent(compiled, step.case, { type: 'SUBMIT', data: { termin: '2027-08-01' } }, { actor: staff, now: new Date('2027-01-11T09:00:00Z') });
    expect(summer.ok && summer.value.timers[0].dueAt).toBe('2027-07-31T22:00:00.000Z');
  });

  it('takes the zone as an input: the same case in UTC falls at midnight UTC', () => {
    const { compiled, step } = start('P1D', 'P30D', '2027-03-27T09:00:00Z', 'UTC');
    expect(step.tasks[0].dueAt).toBe('2027-03-28T09:00:00.000Z');
    const r = applyEvent(compiled, step.case, { type: 'SUBMIT', data: { termin: '2027-03-01' } }, { actor: staff, now: new Date('2027-01-11T09:00:00Z'), timeZone: 'UTC' });
    expect(r.ok && r.value.timers[0].dueAt).toBe('2027-03-01T00:00:00.000Z');
    expect(r.ok && deriveTasks(compiled, r.value.case, 'UTC')[0].dueAt).toBe('2027-03-01T00:00:00.000Z');
  });
});
