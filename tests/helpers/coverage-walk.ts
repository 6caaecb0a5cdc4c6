import { randomUUID } from 'node:crypto';
import type { Agora } from '../../engine/boot.js';
import { DEFAULT_TENANT } from '../../engine/boot-constants.js';
import { AgoraError } from '../../engine/errors.js';
import type { Actor } from '../../engine/runtime/index.js';
import { Scheduler } from '../../engine/scheduler/index.js';
import type { CaseRow } from '../../engine/service/index.js';
import { applyMove, emptyOffice, simulationActor, tracedLog, type Move, type OfficeState, type SimWorld } from '../../engine/simulation/index.js';

/** A settable clock, injected into the services as `rt.now`. */
export interface Clock {
  now: Date;
}

/** A person for one step: `admin` plus every role of the definition, a fresh id each time. */
export function stepActor(world: SimWorld, key: string): Actor {
  const roles = world.definitions.get(key)?.definition.roles ?? [];
  return { id: randomUUID(), username: 'abdeckung', roles: ['admin', ...roles], tenantId: DEFAULT_TENANT };
}

/** Fails with a message that says whether the engine answered 5xx (a bug) or disagreed with the simulation. */
function explain(e: unknown, where: string): Error {
  if (!(e instanceof AgoraError)) return new Error(`${where}: non-AgoraError (would be 500 INTERNAL): ${(e as Error)?.stack ?? String(e)}`);
  if (e.status >= 500) return new Error(`${where}: ${e.status} ${e.code} ${e.message}`);
  return new Error(`${where}: the services rejected what the simulation accepted: ${e.code} ${e.message} ${JSON.stringify(e.details ?? [])}`);
}

/**
 * Runs one generated path through the real services and database: starts
 * and events through `agora.services.cases`, timers through the scheduler
 * after moving the injected clock. After every move each case's state and
 * status must equal the simulation's. Every path starts at `start` (the
 * clock may go back: cases of earlier paths do not interfere, none of the
 * definitions counts capacity across unrelated cases). Returns the real ids of the path's cases.
 */
export async function runPath(agora: Agora, clock: Clock, world: SimWorld, start: Date, path: Move[], label: string): Promise<string[]> {
  const errors: unknown[] = [];
  const scheduler = new Scheduler(agora.db.knex, agora.services.cases, { now: () => clock.now, onError: (e) => errors.push(e) });
  const cases = agora.services.cases;
  let sim: OfficeState = emptyOffice(start);
  const ids: string[] = [];
  for (const [step, move] of path.entries()) {
    const where = `${label} move ${step + 1} ${JSON.stringify(move).slice(0, 200)}`;
    const r = applyMove(world, sim, move, simulationActor(world));
    if (!r.ok) throw new Error(`${where}: the simulation no longer accepts its own move: ${r.error.code}`);
    try {
      if (move.kind === 'start') {
        clock.now = new Date(sim.now);
        const row: CaseRow = await cases.start(stepActor(world, move.definition), { definition: move.definition, parentId: move.parent === undefined ? null : ids[move.parent], data: move.data });
        ids.push(row.id);
      } else if (move.kind === 'send') {
        clock.now = new Date(sim.now);
        const target = sim.cases[move.case];
        await cases.send(stepActor(world, target.key), ids[move.case], { type: move.type, data: move.data, expectedVersion: target.record.version });
      } else {
        clock.now = new Date(move.to);
        await scheduler.tick();
      }
    } catch (e) {
      throw explain(e, where);
    }
    if (errors.length) throw explain(errors[0], `${where} (timer)`);
    sim = r.value.state;
    await mapNewCases(agora, sim, ids);
    for (const [i, c] of sim.cases.entries()) {
      const real = await agora.services.queries.loadCase(DEFAULT_TENANT, ids[i]);
      if (!real || JSON.stringify(real.state) !== JSON.stringify(c.record.state) || real.status !== c.record.status || real.version !== c.record.version) {
        throw new Error(`${where}: case #${i} (${c.key}) is ${JSON.stringify(real?.state)} ${real?.status} v${real?.version} in the database, ${JSON.stringify(c.record.state)} ${c.record.status} v${c.record.version} in the simulation`);
      }
    }
  }
  return ids;
}

/** Finds the real ids of cases the last move started through effects: same definition and parent, in creation order. */
async function mapNewCases(agora: Agora, sim: OfficeState, ids: string[]): Promise<void> {
  for (let i = ids.length; i < sim.cases.length; i++) {
    const c = sim.cases[i];
    const parentIndex = sim.cases.findIndex((p) => p.record.id === c.record.parentId);
    const parentId = parentIndex < 0 ? null : ids[parentIndex];
    const q = agora.db.knex('cases').where({ tenant_id: DEFAULT_TENANT, definition_key: c.key }).whereNotIn('id', ids).orderBy('number').first('id');
    const row = await (parentId === null ? q.whereNull('parent_id') : q.where({ parent_id: parentId }));
    if (!row) throw new Error(`case #${i} (${c.key}) of the simulation was not started in the database`);
    ids.push(row.id);
  }
}

/** The transitions the stored cases took, per definition key, traced from their event logs. */
export async function coverageFromLogs(agora: Agora, world: SimWorld, ids: Iterable<string>): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const id of ids) {
    const row = await agora.services.queries.loadCase(DEFAULT_TENANT, id);
    if (!row) throw new Error(`case ${id} vanished`);
    const compiled = world.definitions.get(row.definition.key)!;
    const traced = tracedLog(compiled, DEFAULT_TENANT, row.parentId, await agora.services.queries.loadEvents(DEFAULT_TENANT, id));
    if (!traced.ok) throw new Error(`replaying ${row.reference}: ${traced.error.code}`);
    const set = out.get(row.definition.key) ?? new Set<string>();
    traced.value.forEach((t) => set.add(t));
    out.set(row.definition.key, set);
  }
  return out;
}
