import { describe, expect, it } from 'vitest';
import { startAgora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { lintDefinition } from '../../../engine/definition/index.js';
import { minimal } from '../../fixtures/definitions.js';

const staff = { id: '00000000-0000-4000-8000-000000000001', username: 'staff', roles: ['staff'], tenantId: DEFAULT_TENANT };

describe('retention', () => {
  it('rejects a retention period that is not a duration', () => {
    const d = minimal();
    d.retention = { afterClose: '12 Monate' };
    const r = lintDefinition(d);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['/retention/afterClose']);
  });

  it('deletes the personal data of cases closed longer than the retention period, and only those', async () => {
    let now = new Date('2026-01-10T09:00:00Z');
    const agora = await startAgora({ memory: true, scheduler: false, jobs: false, definitionsDir: 'tests/fixtures/empty-definitions', rt: { now: () => now } });
    try {
      const d = minimal();
      d.retention = { afterClose: 'P12M' };
      await agora.services.definitions.import(DEFAULT_TENANT, d);
      await agora.services.definitions.publish(DEFAULT_TENANT, 'minimal', 1);
      const { cases, queries } = agora.services;
      const old = await cases.start(staff, { definition: 'minimal' });
      await cases.send(staff, old.id, { type: 'SUBMIT', data: { a: 'Name der Mutter' }, expectedVersion: 1 });
      now = new Date('2026-06-01T09:00:00Z');
      const recent = await cases.start(staff, { definition: 'minimal' });
      await cases.send(staff, recent.id, { type: 'SUBMIT', data: { a: 'Noch gebraucht' }, expectedVersion: 1 });
      const open = await cases.start(staff, { definition: 'minimal' });
      await agora.db.knex('drafts').insert({ tenant_id: DEFAULT_TENANT, case_id: old.id, user_id: (await agora.services.auth.createUser(DEFAULT_TENANT, 'x', 'Sanddorn-und-Heide-7', ['staff'])).id, form: 'f', data: '{"a":"Entwurf"}', updated_at: now.toISOString() });

      now = new Date('2027-01-11T09:00:00Z');
      // The housekeeping queues the day's purge as a job (#11); a job worker runs it.
      await agora.scheduler.tick();
      const [job] = await agora.db.knex('jobs').where({ kind: 'retention-purge' });
      expect(job).toMatchObject({ status: 'queued', dedupe_key: 'retention-purge:2027-01-11' });
      // Queued once a day, however often (and by however many processes) the housekeeping runs.
      expect(await agora.services.retention.queueDailyPurge(DEFAULT_TENANT)).toBe(false);
      expect(await agora.jobWorker.tick()).toBe(1);
      expect((await agora.services.jobs.get({ id: 'admin', tenantId: DEFAULT_TENANT, roles: ['admin'] }, job.id)).status).toBe('done');

      const purged = await queries.loadCase(DEFAULT_TENANT, old.id);
      expect(purged).toMatchObject({ data: {}, state: 'ende', status: 'closed', purgedAt: now.toISOString() });
      expect((await queries.loadEvents(DEFAULT_TENANT, old.id)).map((e) => e.data)).toEqual([null, null]);
      expect(await agora.db.knex('drafts').where({ case_id: old.id })).toEqual([]);
      expect((await queries.loadCase(DEFAULT_TENANT, recent.id))!.data).toEqual({ f: { a: 'Noch gebraucht' } });
      expect((await queries.loadCase(DEFAULT_TENANT, open.id))!.purgedAt).toBeNull();
    } finally {
      await agora.close();
    }
  });
});
