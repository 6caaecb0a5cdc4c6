import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { CompiledDefinition } from '../../../engine/definition/index.js';
import { listTransitions, type TransitionRef } from '../../../engine/definition/transition-list.js';
import { machineInitialTransition, machineTransition } from '../../../engine/definition/machine-step.js';
import { compileAll, shippedOrFixtureDefinitions } from '../../helpers/definitions.js';

/** A state path (`a.b.c`) as the state value XState resolves it from. */
const valueOf = (path: string): unknown => path.split('.').reduceRight<unknown>((inner, key) => (inner === null ? key : { [key]: inner }), null);

/** What a step keeps of a snapshot and its actions (functions dropped: the runtime reads type and params only). */
const comparable = ([snapshot, actions]: [AnyMachineSnapshot, Array<{ type: string; params?: unknown }>]) =>
  JSON.parse(JSON.stringify({ value: snapshot.value, status: snapshot.status, history: snapshot.historyValue, actions: actions.map((a) => ({ type: a.type, params: a.params })) }));

/** The snapshot in a transition's source state and the event that takes it, guards seeing an empty case. */
function stepOf(c: CompiledDefinition, t: TransitionRef): [AnyMachineSnapshot, any] {
  const from = c.machine.resolveState({ value: valueOf(t.source) as string, context: {} }) as AnyMachineSnapshot;
  const ctx = { data: {}, event: { type: t.trigger }, case: { id: 'c', createdAt: '2026-03-02T08:00:00.000Z' }, now: '2026-03-02T08:00:00.000Z', counts: {} };
  return [from, { type: t.trigger, $ctx: ctx }];
}

describe('machineTransition', () => {
  const { compiled, failed } = compileAll(shippedOrFixtureDefinitions());
  const steps = compiled.flatMap(({ file, compiled: c }) =>
    listTransitions(c)
      .filter((t) => t.kind === 'on' && t.source !== '')
      .map((t) => ({ label: `${file} ${t.id}`, machine: c.machine, step: stepOf(c, t) })),
  );

  it('has every shipped definition and their event transitions to compare', () => {
    expect(failed).toEqual([]);
    expect(compiled.length).toBeGreaterThan(4);
    expect(steps.length).toBeGreaterThan(50);
  });

  it("gives XState's own next snapshot and actions for every event transition of every shipped process", () => {
    for (const { label, machine, step } of steps) {
      expect(comparable(machineTransition(machine, ...step)), label).toEqual(comparable(transition(machine, ...step) as any));
    }
  });

  it("gives XState's own first snapshot and actions when a case of any shipped process starts", () => {
    for (const { file, compiled: c } of compiled) {
      const input = { $ctx: { data: {}, event: { type: 'xstate.init' }, case: { id: 'c', createdAt: '2026-03-02T08:00:00.000Z' }, now: '2026-03-02T08:00:00.000Z', counts: {} } };
      expect(comparable(machineInitialTransition(c.machine, input)), file).toEqual(comparable(initialTransition(c.machine, input) as any));
    }
  });

  it('keeps nothing between calls: a step with actions taken twice gives the same actions, not more', () => {
    const withActions = steps.find(({ machine, step }) => machineTransition(machine, ...step)[1].length > 0)!;
    expect(withActions).toBeDefined();
    const again = () => comparable(machineTransition(withActions.machine, ...withActions.step));
    expect(again()).toEqual(again());
  });
});
