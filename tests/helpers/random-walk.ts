import type { CompiledDefinition } from '../../engine/definition/index.js';
import { applyEvent, createCase, eventsInState, type Actor, type CaseRecord, type CatalogueValues, type Command, type Step } from '../../engine/runtime/index.js';
import { validFormData, type Random } from './form-samples.js';

const TENANT = 'default';

/** A person holding exactly these roles. */
export const personWith = (roles: string[]): Actor => ({ id: `u-${roles.join('-')}`, username: roles.join('+') || 'nobody', roles, tenantId: TENANT });
/** The engine itself (timers). */
export const SYSTEM: Actor = { id: 'system', username: 'system', roles: [], tenantId: TENANT, system: true };

/** One command the walk may send next, with who sends it and when. */
export interface Move {
  actor: Actor;
  command: Command;
  at: Date;
}

/**
 * The commands that make sense now: each event a person may send (with
 * valid form data when the generator finds some) and each pending timer.
 */
export function possibleMoves(compiled: CompiledDefinition, record: CaseRecord, rnd: Random, catalogues: CatalogueValues, now: Date): Move[] {
  const moves: Move[] = [];
  for (const e of eventsInState(compiled, record)) {
    const data = e.form ? validFormData(compiled, e.form, rnd, catalogues) : undefined;
    if (e.form && data === null) continue;
    moves.push({ actor: personWith([e.roles[0]]), command: { type: e.type, data, expectedVersion: record.version }, at: now });
  }
  for (const t of record.envelope.timers) {
    // Timers years ahead (a date computed from a birth date, say) would carry the walk decades into the future.
    if (Date.parse(t.dueAt) - now.getTime() > 400 * 86_400_000) continue;
    moves.push({ actor: SYSTEM, command: { type: t.eventType, expectedVersion: record.version }, at: new Date(Math.max(now.getTime(), Date.parse(t.dueAt))) });
  }
  return moves;
}

/** A case's life: the creating step and the steps after it. */
export interface Walk {
  steps: Step[];
  record: CaseRecord;
}

/**
 * Walks a definition at random with the pure runtime: creates a case, then
 * takes up to `maxSteps` possible moves. Deterministic for a seeded `rnd`.
 */
export function randomWalk(compiled: CompiledDefinition, rnd: Random, catalogues: CatalogueValues, options: { id: string; start: Date; maxSteps: number }): Walk {
  const creator = personWith([compiled.definition.roles[0]]);
  const created = createCase(compiled, { id: options.id, tenantId: TENANT }, { actor: creator, now: options.start, catalogues, newId: idGen(options.id) });
  if (!created.ok) throw created.error;
  const steps = [created.value];
  let record = created.value.case;
  let now = options.start;
  for (let i = 0; i < options.maxSteps && record.status === 'active'; i++) {
    now = new Date(now.getTime() + Math.floor(rnd() * 3 * 86_400_000));
    const moves = possibleMoves(compiled, record, rnd, catalogues, now);
    if (!moves.length) break;
    const move = moves[Math.floor(rnd() * moves.length)];
    now = move.at;
    const result = applyEvent(compiled, record, move.command, { actor: move.actor, now, catalogues, newId: idGen(`${options.id}-${i}`) });
    if (!result.ok) continue; // a guard said no: try another move
    steps.push(result.value);
    record = result.value.case;
  }
  return { steps, record };
}

function idGen(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-r${++n}`;
}
