import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agora } from '../../../engine/boot.js';
import { DEFAULT_TENANT } from '../../../engine/boot-constants.js';
import { JobWorker } from '../../../engine/scheduler/index.js';
import { JOB_LEASE_MS, LeaseLost } from '../../../engine/service/index.js';
import { KnexJobStore } from '../../../engine/store/index.js';
import { client, signIn, testAgora } from '../../helpers/agora.js';
import { databaseKinds } from '../../helpers/databases.js';
import { minimal } from '../../fixtures/definitions.js';

const PASSWORD = 'Kirschbaum-im-Garten-3';
const csvOf = (n: number, prefix: string) => `a\n${Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join('\n')}\n`;

describe.each(databaseKinds())('durable background jobs on %s (#11)', (kind) => {
  let agora: Agora;
  let now = new Date('2027-05-03T08:00:00Z');
  const as = async (user: string, password = PASSWORD) => client(agora.app, await signIn(agora.app, user, password));
  const casesNamed = async (prefix: string) => (await agora.db.knex('cases').where({ definition_key: 'minimal' })).filter((r: any) => r.data.f.a.startsWith(`${prefix} `));

  beforeAll(async () => {
    // No background worker: each test drives its workers itself, on an injected clock.
    agora = await testAgora(kind, { definitionsDir: 'tests/fixtures/empty-definitions', jobs: false, rt: { now: () => now } });
    await agora.services.definitions.import(DEFAULT_TENANT, minimal());
    await agora.services.definitions.publish(DEFAULT_TENANT, 'minimal', 1);
    await agora.services.auth.createUser(DEFAULT_TENANT, 'kita', PASSWORD, ['staff']);
    await agora.services.auth.createUser(DEFAULT_TENANT, 'kita2', PASSWORD, ['staff']);
  }, 120_000);
  afterAll(async () => agora?.close());

  it('resumes a bulk start whose worker died after the lease ran out, starting no row twice, with progress visible meanwhile', { timeout: 180_000 }, async () => {
    const kita = await as('kita');
    const res = await kita.post('/api/imports', { definition: 'minimal', form: 'f', csv: csvOf(250, 'Crash') });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ id, kind: 'bulk-start', status: 'queued', progress: { done: 0, total: 250 } });

    // Worker A commits the first chunk of 100, then its process dies inside the second.
    const cases = agora.services.cases;
    const original = cases.startChunkIn.bind(cases);
    let calls = 0;
    cases.startChunkIn = async (...args) => {
      if (++calls === 2) throw new LeaseLost(id); // stands for the process vanishing: nothing after this line runs
      return original(...args);
    };
    const dying = new JobWorker(agora.services.jobs, { owner: 'worker-a' });
    try {
      expect(await dying.tick()).toBe(1);
    } finally {
      cases.startChunkIn = original;
    }
    const meanwhile = (await kita.get(`/api/jobs/${id}`)).json();
    expect(meanwhile).toMatchObject({ status: 'running', progress: { done: 100, total: 250 }, attempts: 1 });
    expect((await kita.get(`/api/imports/${id}`)).json()).toMatchObject({ status: 'running', created: 100, processed: 100 });
    expect(await casesNamed('Crash')).toHaveLength(100);

    // Another worker leaves the job alone while A's lease lasts...
    const rescuer = new JobWorker(agora.services.jobs, { owner: 'worker-b' });
    expect(await rescuer.tick()).toBe(0);
    // ...and takes it over once the lease has run out, going on from row 101.
    now = new Date(now.getTime() + JOB_LEASE_MS + 1000);
    expect(await rescuer.tick()).toBe(1);

    const again = await as('kita');
    expect((await again.get(`/api/jobs/${id}`)).json()).toMatchObject({ status: 'done', progress: { done: 250, total: 250 }, attempts: 2, error: null, result: { status: 'done', created: 250 } });
    expect((await again.get(`/api/imports/${id}`)).json()).toMatchObject({ status: 'done', total: 250, created: 250 });
    const names = (await casesNamed('Crash')).map((r: any) => r.data.f.a);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
  });

  it('never gives one job to two workers, and refuses a late write of a worker whose lease passed on', async () => {
    const job = await agora.services.jobs.enqueue({ tenantId: DEFAULT_TENANT, id: agora.services.rt.newId(), kind: 'test-noop', payload: {}, total: 1, createdBy: null });
    const store = new KnexJobStore(agora.db.knex);
    const claims = await Promise.all([store.claim('a', now, JOB_LEASE_MS), store.claim('b', now, JOB_LEASE_MS), store.claim('c', now, JOB_LEASE_MS)]);
    const winners = claims.filter((c) => c !== null);
    expect(winners.map((c) => c!.id)).toEqual([job!.id]);
    const first = winners[0]!.leaseOwner!;

    const later = new Date(now.getTime() + JOB_LEASE_MS + 1);
    const second = await store.claim('d', later, JOB_LEASE_MS);
    expect(second).toMatchObject({ id: job!.id, leaseOwner: 'd', attempts: 2 });
    expect(await store.progress(job!.id, first, 1, later, JOB_LEASE_MS)).toBe(false);
    expect(await store.finish(job!.id, first, { status: 'done', result: null }, later)).toBe(false);
    expect(await store.finish(job!.id, 'd', { status: 'done', result: null }, later)).toBe(true);
  });

  it('gives up a job whose worker died five times, with the reason', async () => {
    const job = await agora.services.jobs.enqueue({ tenantId: DEFAULT_TENANT, id: agora.services.rt.newId(), kind: 'test-noop', payload: {}, total: 1, createdBy: 'nobody' });
    const store = new KnexJobStore(agora.db.knex);
    let at = now;
    for (let i = 0; i < 5; i++) {
      expect(await store.claim(`dead-${i}`, at, JOB_LEASE_MS)).toMatchObject({ id: job!.id, attempts: i + 1 });
      at = new Date(at.getTime() + JOB_LEASE_MS + 1);
    }
    now = at;
    expect(await new JobWorker(agora.services.jobs, { owner: 'survivor' }).tick()).toBe(1);
    const done = await store.get(DEFAULT_TENANT, job!.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 6, leaseOwner: null, error: { code: 'JOB_ABANDONED' } });
    expect(done!.error!.message).toContain('5 times');
  });

  it('records a failed bulk start with its reason, keeping the chunks before', { timeout: 120_000 }, async () => {
    const kita = await as('kita');
    const id = (await kita.post('/api/imports', { definition: 'minimal', form: 'f', csv: csvOf(150, 'Fail') })).json().id;
    const cases = agora.services.cases;
    const original = cases.startChunkIn.bind(cases);
    let calls = 0;
    cases.startChunkIn = async (...args) => {
      if (++calls === 2) throw new Error('the disk is full');
      return original(...args);
    };
    try {
      expect(await new JobWorker(agora.services.jobs).tick()).toBe(1);
    } finally {
      cases.startChunkIn = original;
    }
    expect((await kita.get(`/api/jobs/${id}`)).json()).toMatchObject({ status: 'failed', progress: { done: 100 }, error: { code: 'INTERNAL', message: 'the disk is full' } });
    const report = (await kita.get(`/api/imports/${id}`)).json();
    expect(report).toMatchObject({ status: 'failed', created: 100 });
    expect(report.rejected[0].problems[0].message).toContain('nach 100 angelegten Vorgängen');
    expect(await casesNamed('Fail')).toHaveLength(100);
  });

  it('shows a job to its creator and administrators only; anyone else gets 404 as for no job', async () => {
    const kita = await as('kita');
    const id = (await kita.post('/api/imports', { definition: 'minimal', form: 'f', csv: csvOf(1, 'Seen') })).json().id;
    expect((await kita.get(`/api/jobs/${id}`)).statusCode).toBe(200);
    expect((await (await as('admin', 'demo')).get(`/api/jobs/${id}`)).statusCode).toBe(200);
    const other = await (await as('kita2')).get(`/api/jobs/${id}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('JOB_NOT_FOUND');
    const none = await kita.get(`/api/jobs/${agora.services.rt.newId()}`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('JOB_NOT_FOUND');
    expect((await kita.get('/api/jobs/not-a-uuid')).statusCode).toBe(400);
  });
});
