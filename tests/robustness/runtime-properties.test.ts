import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledDefinition } from '../../engine/definition/index.js';
import { applyEvent, checkForm, createCase, replayCase, type Actor, type CaseRecord, type Command, type EventRecord } from '../../engine/runtime/index.js';
import { compileAll, shippedCatalogues, shippedOrFixtureDefinitions } from '../helpers/definitions.js';
import { sampleValue, seededRandom, type Random } from '../helpers/form-samples.js';
import { personWith, possibleMoves, SYSTEM } from '../helpers/random-walk.js';

const { compiled: definitions, failed } = compileAll(shippedOrFixtureDefinitions());
const catalogues = shippedCatalogues().values;
const START = new Date('2026-02-02T08:00:00.000Z');
const ID = '11111111-1111-4111-8111-111111111111';

/** Checks every invariant of a case the runtime produced. */
function checkInvariants(compiled: CompiledDefinition, record: CaseRecord, events: EventRecord[]): void {
  expect(record.version).toBe(events.length);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  for (const path of record.statePaths) expect(compiled.states.has(path), `state ${path}`).toBe(true);
  expect(record.statePaths.length).toBeGreaterThan(0);
  const final = record.statePaths.some((p) => compiled.states.get(p)?.type === 'final' && !compiled.states.get(p)?.parentPath);
  if (final) expect(record.status).toBe('closed');
  for (const [form, value] of Object.entries(record.data)) {
    expect(compiled.definition.forms[form], `form ${form}`).toBeDefined();
    const values = compiled.definition.forms[form].collection ? (value as Array<{ value: unknown }>).map((e) => e.value) : [value];
    for (const v of values) expect(checkForm(compiled, form, v, catalogues), `data of ${form}`).toEqual([]);
  }
  if (record.status === 'closed') expect(record.envelope.timers).toEqual([]);
}

/** A command chosen at random: mostly sensible, sometimes hostile (unknown types, bad data, stale versions, wrong people). */
function randomCommand(compiled: CompiledDefinition, record: CaseRecord, rnd: Random, now: Date): { actor: Actor; command: Command; at: Date } {
  const roll = rnd();
  const moves = possibleMoves(compiled, record, rnd, catalogues, now);
  if (roll < 0.6 && moves.length) return moves[Math.floor(rnd() * moves.length)];
  const types = [...compiled.eventTypes, 'UNKNOWN_EVENT', 'xstate.after.P1D.x', '__proto__', 'constructor'];
  const type = types[Math.floor(rnd() * types.length)];
  const forms = Object.keys(compiled.definition.forms);
  const data = rnd() < 0.5 ? sampleValue(compiled.definition.forms[forms[Math.floor(rnd() * forms.length)]].schema, rnd, catalogues) : rnd() < 0.5 ? { junk: 'x' } : undefined;
  const roles = rnd() < 0.5 ? compiled.definition.roles : ['fremd'];
  const actor = rnd() < 0.1 ? SYSTEM : personWith([roles[Math.floor(rnd() * roles.length)]]);
  const expectedVersion = rnd() < 0.8 ? record.version : record.version - 1;
  return { actor, command: { type, data, expectedVersion }, at: now };
}

describe('runtime properties', () => {
  it('compiles every shipped definition', () => {
    expect(failed).toEqual([]);
    expect(definitions.length).toBeGreaterThan(0);
  });

  for (const { file, compiled } of definitions) {
    it(`keeps version = events, known states and valid data under random commands (${compiled.definition.key})`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 5, max: 40 }), (seed, length) => {
          const rnd = seededRandom(seed);
          const created = createCase(compiled, { id: ID, tenantId: 'default' }, { actor: personWith([compiled.definition.roles[0]]), now: START, catalogues });
          if (!created.ok) throw created.error;
          let record = created.value.case;
          const events = [created.value.event];
          let now = START;
          checkInvariants(compiled, record, events);
          for (let i = 0; i < length && record.status === 'active'; i++) {
            now = new Date(now.getTime() + Math.floor(rnd() * 5 * 86_400_000));
            const { actor, command, at } = randomCommand(compiled, record, rnd, now);
            now = at;
            const before = JSON.stringify(record);
            const result = applyEvent(compiled, record, command, { actor, now, catalogues });
            // A rejected command is a value, never a throw, and leaves the case as it was.
            expect(JSON.stringify(record)).toBe(before);
            if (!result.ok) {
              expect(result.error.status).toBeGreaterThanOrEqual(400);
              expect(result.error.status).toBeLessThan(500);
              continue;
            }
            expect(command.expectedVersion).toBe(record.version);
            record = result.value.case;
            events.push(result.value.event);
            checkInvariants(compiled, record, events);
          }
          const replayed = replayCase(compiled, 'default', null, events);
          if (!replayed.ok) throw new Error(`replay of ${file} failed: ${replayed.error.message} ${JSON.stringify(replayed.error.details ?? [])}`);
          const { envelope: a, ...restA } = replayed.value;
          const { envelope: b, ...restB } = record;
          expect(restA).toEqual(restB);
          expect({ ...a, reminders: a.reminders.map((r) => ({ ...r, id: '' })) }).toEqual({ ...b, reminders: b.reminders.map((r) => ({ ...r, id: '' })) });
        }),
        { numRuns: 60 },
      );
    });
  }
});
