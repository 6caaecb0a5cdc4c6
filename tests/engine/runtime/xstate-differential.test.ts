import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createActor, setup, SimulatedClock, stateIn } from 'xstate';
import { compileDefinition, lintDefinition } from '../../../engine/definition/index.js';
import { applyEvent, createCase, type Actor, type CaseRecord } from '../../../engine/runtime/index.js';
import { STATECHART_DELAYS, STATECHARTS, statechartDefinition, type Statechart } from '../../fixtures/statecharts.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const system: Actor = { id: 'system', username: 'system', roles: [], tenantId: 't', system: true };

/** XState's own machine for a chart: Agora's `inState` guard becomes XState's `stateIn`. */
function referenceMachine(chart: Statechart) {
  const config = structuredClone(chart.machine);
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.guard?.type === 'inState') node.guard = stateIn(`#${chart.machine.id}.${node.guard.params.state}`);
    Object.values(node).forEach(visit);
  };
  visit(config);
  return setup({ delays: STATECHART_DELAYS }).createMachine(config);
}

/** What a database row round trip does to a case: JSON out, JSON in. */
const persisted = (record: CaseRecord): CaseRecord => JSON.parse(JSON.stringify(record));

function run(chart: Statechart, events: string[]) {
  const compiled = compileDefinition(statechartDefinition(chart));
  const clock = new SimulatedClock();
  const actor = createActor(referenceMachine(chart), { clock }).start();
  const created = createCase(compiled, { id: 'c', tenantId: 't' }, { actor: system, now: new Date(T0) });
  if (!created.ok) throw created.error;
  let record = persisted(created.value.case);
  const trace: string[] = [];
  expect(record.state).toEqual(actor.getSnapshot().value);
  for (const type of events) {
    let now = T0 + clock.now();
    let send = type;
    if (type === 'TICK') {
      // Time runs on to Agora's next timer; XState's clock moves just as far and fires its own.
      const next = [...record.envelope.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
      const due = next ? Date.parse(next.dueAt) : now + 86_400_000 * 7;
      clock.increment(due - now);
      now = due;
      if (!next) {
        trace.push('TICK (no timer)');
        expect(record.state, trace.join(' → ')).toEqual(actor.getSnapshot().value);
        continue;
      }
      send = next.eventType;
    } else actor.send({ type });
    trace.push(type);
    if (record.status === 'active') {
      const step = applyEvent(compiled, record, { type: send }, { actor: system, now: new Date(now) });
      if (step.ok) record = persisted(step.value.case);
    }
    const snap = actor.getSnapshot();
    expect(record.state, trace.join(' → ')).toEqual(snap.value);
    expect(record.status === 'closed', trace.join(' → ')).toBe(snap.status === 'done');
  }
  actor.stop();
}

describe('Agora runs statecharts as XState does (#10)', () => {
  it.each(STATECHARTS.map((c) => [c.name, c] as const))('%s lints clean', (_n, chart) => {
    const result = lintDefinition(statechartDefinition(chart));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each(STATECHARTS.map((c) => [c.name, c] as const))('%s: random event sequences give the same state after every step, persisted between steps', (_n, chart) => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chart.events), { maxLength: 30 }), (events) => run(chart, events)),
      { numRuns: 150 },
    );
  });

  it('restores deep and shallow history across commands (#10)', () => {
    const chart = STATECHARTS[0];
    run(chart, ['INNER', 'PAUSE', 'RESUME']);
    run(chart, ['INNER', 'PAUSE', 'RESUME_SHALLOW']);
    const compiled = compileDefinition(statechartDefinition(chart));
    let r = (createCase(compiled, { id: 'c', tenantId: 't' }, { actor: system, now: new Date(T0) }) as any).value.case as CaseRecord;
    for (const type of ['INNER', 'PAUSE', 'RESUME']) r = persisted((applyEvent(compiled, r, { type }, { actor: system, now: new Date(T0) }) as any).value.case);
    expect(r.state).toEqual({ arbeit: { a: 'a2' } });
  });

  it('joins parallel regions with onDone', () => {
    run(STATECHARTS[1], ['START', 'A', 'B', 'END']);
    run(STATECHARTS[1], ['START', 'B', 'TICK', 'AGAIN']);
  });
});
