import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../engine/boot.js';
import { AgoraError } from '../../engine/errors.js';
import { replayCase, type Actor } from '../../engine/runtime/index.js';
import { toCaseRow } from '../../engine/store/index.js';
import { testAgora } from '../helpers/agora.js';
import { expectCountersExact } from '../helpers/counters.js';
import { databaseKinds } from '../helpers/databases.js';
import { FIXTURES_DIR } from '../helpers/definitions.js';

const KEY = 'kita-mini';

/** Every case's log replays to its stored snapshot, and its version is the number of its events. */
async function expectConsistent(agora: Agora): Promise<number> {
  const { knex, registry } = agora.services;
  const broken = await knex.raw(`SELECT c.id, c.version, count(e.id) AS n, max(e.seq) AS top, count(DISTINCT e.seq) AS seqs FROM cases c
    LEFT JOIN events e ON e.case_id = c.id GROUP BY c.id, c.version HAVING c.version <> count(e.id) OR c.version <> max(e.seq) OR count(DISTINCT e.seq) <> count(e.id)`);
  expect(broken.rows).toEqual([]);
  const rows = await knex('cases').select('*');
  for (const r of rows) {
    const row = toCaseRow(r);
    const compiled = await registry.compiled(knex, row.tenantId, row.definition.key, row.definition.version);
    const events = await agora.services.queries.loadEvents(row.tenantId, row.id);
    const replayed = replayCase(compiled, row.tenantId, row.parentId, events);
    if (!replayed.ok) throw replayed.error;
    expect({ state: replayed.value.state, data: replayed.value.data, version: replayed.value.version, status: replayed.value.status, envelope: replayed.value.envelope })
      .toEqual({ state: row.state, data: row.data, version: row.version, status: row.status, envelope: row.envelope });
  }
  return rows.length;
}

const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof AgoraError ? r.reason.code : String(r.reason));

describe.each(databaseKinds())('races on %s', (kind) => {
  let agora: Agora;
  let kita: Actor;
  let schule: Actor;

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: FIXTURES_DIR });
    const actorOf = async (username: string): Promise<Actor> => {
      const u = await agora.services.knex('users').where({ username }).first();
      return { id: u.id, username, roles: u.roles, tenantId: u.tenant_id };
    };
    kita = await actorOf('kita');
    schule = await actorOf('schule');
  });
  afterAll(async () => agora?.close());

  it('lets exactly one of 50 concurrent commands on one case win per version', async () => {
    const { cases } = agora.services;
    const c = await cases.start(kita, { definition: KEY });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => cases.send(kita, c.id, { type: 'NOTIZ', data: { text: `note ${i}` }, expectedVersion: 1 })),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((x) => x === 'ok')).toHaveLength(1);
    expect(codes.filter((x) => x === 'VERSION_CONFLICT')).toHaveLength(49);
    const row = await agora.services.queries.loadCase('default', c.id);
    expect(row!.version).toBe(2);
    expect((row!.data.notiz as unknown[]).length).toBe(1);
  });

  it('loses no update when 25 writers retry on conflict', async () => {
    const { cases, queries } = agora.services;
    const c = await cases.start(kita, { definition: KEY });
    const writer = async (i: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const current = await queries.loadCase('default', c.id);
        try {
          await cases.send(kita, c.id, { type: 'NOTIZ', data: { text: `writer ${i}` }, expectedVersion: current!.version });
          return attempt;
        } catch (e) {
          if (!(e instanceof AgoraError) || e.code !== 'VERSION_CONFLICT') throw e;
        }
      }
      throw new Error(`writer ${i} never got through`);
    };
    await Promise.all(Array.from({ length: 25 }, (_, i) => writer(i)));
    const row = await queries.loadCase('default', c.id);
    expect(row!.version).toBe(26);
    const texts = (row!.data.notiz as Array<{ value: { text: string } }>).map((n) => n.value.text).sort();
    expect(texts).toEqual(Array.from({ length: 25 }, (_, i) => `writer ${i}`).sort());
    const events = await queries.loadEvents('default', c.id);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
  });

  it('keeps 200 cases consistent under concurrent commands, and every log replays to its snapshot', async () => {
    const { cases } = agora.services;
    const started = await Promise.all(Array.from({ length: 200 }, () => cases.start(kita, { definition: KEY })));
    // Per case, three commands race on version 1: a note, a submission, a cancel nobody here may send.
    const round1 = await Promise.allSettled(
      started.flatMap((c, i) => [
        cases.send(kita, c.id, { type: 'NOTIZ', data: { text: `n${i}` }, expectedVersion: 1 }),
        cases.send(kita, c.id, { type: 'SUBMIT', data: { vorname: `Kind ${i}`, einwilligung: i % 2 === 0 }, expectedVersion: 1 }),
        cases.send(kita, c.id, { type: 'ABBRECHEN', expectedVersion: 1 }),
      ]),
    );
    for (let i = 0; i < 200; i++) {
      const codes = round1.slice(i * 3, i * 3 + 3).map(codeOf);
      expect(codes.filter((x) => x === 'ok'), `case ${i}: ${codes}`).toHaveLength(1);
      expect(codes[2]).toMatch(/^(EVENT_FORBIDDEN|VERSION_CONFLICT)$/);
    }
    // Round 2: whoever may act now, twice at once on version 2.
    const rows = await Promise.all(started.map((c) => agora.services.queries.loadCase('default', c.id)));
    const round2 = await Promise.allSettled(
      rows.flatMap((r) => {
        if (r!.status === 'closed') return [];
        const actor = r!.statePaths.includes('dialog') ? schule : kita;
        const data = r!.statePaths.includes('erfassung') ? { vorname: 'Zweiter Versuch', einwilligung: true } : undefined;
        return [cases.send(actor, r!.id, { type: 'SUBMIT', data, expectedVersion: 2 }), cases.send(actor, r!.id, { type: 'SUBMIT', data, expectedVersion: 2 })];
      }),
    );
    const codes = round2.map(codeOf);
    expect(codes.filter((x) => x === 'ok').length * 2).toBe(codes.length);
    expect(codes.filter((x) => x !== 'ok').every((x) => x === 'VERSION_CONFLICT')).toBe(true);
    expect(await expectConsistent(agora)).toBeGreaterThanOrEqual(202);
    // The read counters, written by concurrent transactions into shared slots, still add up.
    await expectCountersExact(agora.services.knex);
  });
});
