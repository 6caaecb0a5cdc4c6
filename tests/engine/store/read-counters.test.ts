import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import type { Actor } from '../../../engine/runtime/index.js';
import { testAgora } from '../../helpers/agora.js';
import { expectCountersExact } from '../../helpers/counters.js';
import { databaseKinds } from '../../helpers/databases.js';
import { FIXTURES_DIR } from '../../helpers/definitions.js';

describe.each(databaseKinds())('read counters and paged reads on %s', (kind) => {
  let agora: Agora;
  const actor = (roles: string[]): Actor => ({ id: '00000000-0000-4000-8000-0000000000aa', username: roles.join('+'), roles, tenantId: 'default' });

  beforeAll(async () => {
    agora = await testAgora(kind, { definitionsDir: FIXTURES_DIR });
    const { cases } = agora.services;
    const kita = actor(['kita']);
    const schule = actor(['schule']);
    const koordination = actor(['koordination']);
    for (let i = 0; i < 40; i++) {
      const c = await cases.start(kita, { definition: 'kita-mini' });
      if (i % 4 === 0) continue;
      const s = await cases.send(kita, c.id, { type: 'SUBMIT', data: { vorname: `K${i}`, einwilligung: i % 3 !== 0 }, expectedVersion: 1 });
      if (i % 5 === 0 && s.status === 'active') await cases.send(schule, c.id, { type: 'SUBMIT', expectedVersion: 2 });
      if (i % 7 === 0 && s.status === 'active') await cases.send(koordination, c.id, { type: 'ABBRECHEN', expectedVersion: 2 }).catch(() => undefined);
    }
  });
  afterAll(async () => agora?.close());

  it('keeps the counters exact through starts, transitions, closes and deletes', async () => {
    const { knex } = agora.services;
    await expectCountersExact(knex);
    const victim = await knex('cases').where({ status: 'closed' }).first();
    await knex.transaction(async (trx) => {
      for (const t of ['tasks', 'timers', 'events', 'drafts', 'case_access', 'case_reads', 'case_search']) await trx(t).where({ case_id: victim.id }).delete();
      await trx('cases').where({ id: victim.id }).delete();
    });
    await knex('cases').where({ status: 'active' }).update({ updated_at: new Date().toISOString() });
    await expectCountersExact(knex);
  });

  it('gives the same totals as counting rows, for every filter', async () => {
    const { queries, knex } = agora.services;
    const now = new Date();
    for (const filter of [{}, { definition: 'kita-mini' }, { status: 'active' as const }, { state: 'dialog' }, { state: 'erfassung', status: 'active' as const }, { definitions: [] }, { definitions: ['kita-mini'], state: 'abgeschlossen' }, { state: 'nirgendwo' }]) {
      const page = await queries.listCases('default', { ...filter, sort: 'updatedAt', order: 'desc', limit: 5, offset: 0, now });
      const q = knex('cases').where({ tenant_id: 'default' });
      const f = filter as { definition?: string; definitions?: string[]; status?: string; state?: string };
      if (f.definition) q.where({ definition_key: f.definition });
      if (f.definitions) q.whereIn('definition_key', f.definitions);
      if (f.status) q.where({ status: f.status });
      if (f.state) q.whereRaw('? = ANY(state_paths)', [f.state]);
      const [{ n }] = await q.count({ n: '*' });
      expect(page.total, JSON.stringify(filter)).toBe(Number(n));
      expect(page.items.length).toBe(Math.min(5, Number(n)));
    }
  });

  it('pages the inbox of a person with several roles like one sorted list, each task once', async () => {
    const { queries, knex } = agora.services;
    const roles = ['schule@*', 'koordination@*', 'kita@*'];
    const expected = await knex.raw(
      `SELECT DISTINCT ON (t.case_id, t.state_path, t.kind) t.case_id, t.due_at, t.id FROM tasks t WHERE t.grant_key = ANY(?::text[])
       AND NOT (t.grants[1:array_position(t.grants, t.grant_key) - 1] && ?::text[]) ORDER BY t.case_id, t.state_path, t.kind, t.id`,
      [roles, roles],
    );
    const all = expected.rows
      .sort((a: any, b: any) => (a.due_at === null ? 1 : 0) - (b.due_at === null ? 1 : 0) || +new Date(a.due_at) - +new Date(b.due_at) || Number(a.id) - Number(b.id))
      .map((r: any) => r.case_id);
    const seen: string[] = [];
    for (let offset = 0; offset < all.length + 7; offset += 7) {
      const page = await queries.inbox('default', roles, { limit: 7, offset });
      expect(page.total).toBe(all.length);
      seen.push(...page.items.map((i) => i.caseId));
    }
    expect(seen).toEqual(all);
    const single = await queries.inbox('default', ['kita@*'], { limit: 200, offset: 0 });
    const [{ n }] = await knex('tasks').where({ role: 'kita' }).count({ n: '*' });
    expect(single.total).toBe(Number(n));
    expect(single.items.length).toBe(Number(n));
    expect((await queries.inbox('default', [], { limit: 5, offset: 0 })).total).toBe(0);
  });

  it('counts the board like GROUP BY over the cases', async () => {
    const { queries, knex } = agora.services;
    const now = new Date(Date.now() + 30 * 86_400_000);
    const board = await queries.board('default', now);
    const totals = await knex('cases').select('definition_key as key', 'status').count({ count: '*' }).groupBy('definition_key', 'status');
    expect(board.totals.map((t) => ({ ...t })).sort((a, b) => a.status.localeCompare(b.status))).toEqual(
      totals.map((t: any) => ({ key: t.key, status: t.status, count: Number(t.count) })).sort((a, b) => a.status.localeCompare(b.status)),
    );
    const states = await knex.raw(`SELECT definition_key AS key, path, count(*)::int AS count FROM cases, unnest(state_paths) AS path WHERE status = 'active' GROUP BY 1, 2 ORDER BY 2`);
    expect([...board.states].sort((a, b) => a.path.localeCompare(b.path))).toEqual(states.rows);
    const [{ n }] = await knex('cases').where({ status: 'active' }).where('due_at', '<', now.toISOString()).count({ n: '*' });
    expect(board.overdue).toEqual(Number(n) ? [{ key: 'kita-mini', count: Number(n) }] : []);
  });
});
