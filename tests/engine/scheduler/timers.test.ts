import { afterAll, describe, expect, it } from 'vitest';
import { startAgora, type Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { createTestDatabase, REQUIRE_PG, TEST_DATABASE_URL } from '../../helpers/databases.js';
import { minimal } from '../../fixtures/definitions.js';

function timedDefinition(delay: string) {
  const d = minimal();
  d.key = 'erinnerung';
  d.machine.id = 'erinnerung';
  d.machine.states.start.after = { [delay]: 'abgelaufen' };
  d.machine.states.abgelaufen = { type: 'final', meta: { title: { de: 'Abgelaufen' } } };
  return d;
}

const staff = { id: '00000000-0000-4000-8000-000000000001', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT };

describe('scheduler with an injected clock (PGlite)', () => {
  it('fires a due timer once through the command path and never again', async () => {
    let now = new Date('2026-05-01T10:00:00Z');
    const agora = await startAgora({ memory: true, scheduler: false, definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    try {
      await agora.services.definitions.import(DEFAULT_TENANT, timedDefinition('P3D'));
      await agora.services.definitions.publish(DEFAULT_TENANT, 'erinnerung', 1);
      const c = await agora.services.cases.start(staff, { definition: 'erinnerung' });
      now = new Date('2026-05-04T09:59:59Z');
      expect(await agora.scheduler.tick()).toBe(0);
      now = new Date('2026-05-04T10:00:00Z');
      expect(await agora.scheduler.tick()).toBe(1);
      expect(await agora.scheduler.tick()).toBe(0);
      const row = await agora.services.queries.loadCase(DEFAULT_TENANT, c.id);
      expect(row).toMatchObject({ state: 'abgelaufen', status: 'closed', version: 2 });
      expect(await agora.db.knex('timers').where({ case_id: c.id })).toEqual([]);
    } finally {
      await agora.close();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL && !REQUIRE_PG)('scheduler with two server processes on one PostgreSQL', () => {
  const servers: Agora[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const s of servers) await s.close();
    await drop?.();
  });

  it('applies a PT1S timer exactly once', async () => {
    if (!TEST_DATABASE_URL) throw new Error('REQUIRE_PG=1 but TEST_DATABASE_URL is not set');
    const db = await createTestDatabase();
    drop = db.drop;
    const options = { databaseUrl: db.url, definitionsDir: 'tests/fixtures/empty-definitions', schedulerIntervalMs: 50 };
    servers.push(await startAgora({ ...options, scheduler: false }));
    servers.push(await startAgora({ ...options, scheduler: false }));
    const [a, b] = servers;
    await a.services.definitions.import(DEFAULT_TENANT, timedDefinition('PT1S'));
    await a.services.definitions.publish(DEFAULT_TENANT, 'erinnerung', 1);
    const cases = await Promise.all(Array.from({ length: 10 }, () => a.services.cases.start(staff, { definition: 'erinnerung' })));
    a.scheduler.start();
    b.scheduler.start();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const open = await a.db.knex('cases').whereIn('id', cases.map((c) => c.id)).where({ status: 'active' }).count({ n: '*' });
      if (Number(open[0].n) === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // Give a late duplicate the chance to show itself.
    await new Promise((r) => setTimeout(r, 300));
    for (const c of cases) {
      const events = await a.db.knex('events').where({ case_id: c.id }).orderBy('seq');
      expect(events.map((e: any) => e.type)).toEqual(['case.created', 'xstate.after.PT1S.erinnerung.start']);
      const row = await a.services.queries.loadCase(DEFAULT_TENANT, c.id);
      expect(row).toMatchObject({ state: 'abgelaufen', version: 2 });
    }
  });
});
