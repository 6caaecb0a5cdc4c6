import type { Knex } from 'knex';
import { iso, isoOrNull } from './case-store.js';

/** A background job as stored (table `jobs`). */
export interface JobRecord {
  tenantId: string;
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  payload: Record<string, unknown>;
  progress: { done: number; total: number };
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** What a new job needs. */
export interface NewJob {
  tenantId: string;
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  total: number;
  createdBy: string | null;
  /** A job with the same key in the tenant is not queued twice (daily purge). */
  dedupeKey?: string;
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

function toJob(r: any): JobRecord {
  return {
    tenantId: r.tenant_id,
    id: r.id,
    kind: r.kind,
    status: r.status,
    payload: json(r.payload),
    progress: json(r.progress),
    result: json(r.result) ?? null,
    error: json(r.error) ?? null,
    attempts: Number(r.attempts),
    leaseOwner: r.lease_owner ?? null,
    leaseUntil: isoOrNull(r.lease_until),
    createdBy: r.created_by ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    finishedAt: isoOrNull(r.finished_at),
  };
}

/**
 * The job table with leases. A worker claims the oldest job that is queued
 * or whose lease ran out, with `FOR UPDATE SKIP LOCKED`, so several server
 * processes never take the same job; progress is written with a check that
 * the lease is still the writer's, in the caller's transaction, so work and
 * progress commit together or not at all.
 */
export class KnexJobStore {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  /** Queues a job; `null` when one with the same `dedupeKey` exists already. */
  async enqueue(job: NewJob, now: Date): Promise<JobRecord | null> {
    const at = now.toISOString();
    const rows = await this.knex('jobs')
      .insert({
        tenant_id: job.tenantId, id: job.id, kind: job.kind, status: 'queued', payload: JSON.stringify(job.payload),
        progress: JSON.stringify({ done: 0, total: job.total }), attempts: 0, dedupe_key: job.dedupeKey ?? null,
        created_by: job.createdBy, created_at: at, updated_at: at,
      })
      .onConflict(['tenant_id', 'dedupe_key'])
      .ignore()
      .returning('*');
    return rows.length ? toJob(rows[0]) : null;
  }

  /**
   * Takes the oldest job that is queued, or running with an expired lease
   * (its worker died), for `owner` until `now + leaseMs`. Counts the attempt.
   */
  async claim(owner: string, now: Date, leaseMs: number): Promise<JobRecord | null> {
    const at = now.toISOString();
    const { rows } = (await this.knex.raw(
      `UPDATE jobs SET status = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = (
         SELECT id FROM jobs
         WHERE status = 'queued' OR (status = 'running' AND lease_until < ?)
         ORDER BY created_at, id
         LIMIT 1
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [owner, new Date(now.getTime() + leaseMs).toISOString(), at, at],
    )) as { rows: unknown[] };
    return rows.length ? toJob(rows[0]) : null;
  }

  /**
   * Records progress (and extends the lease) if `owner` still holds the
   * lease; false when another worker took the job over. Call it inside the
   * transaction that did the work, so both commit together.
   */
  async progress(id: string, owner: string, done: number, now: Date, leaseMs: number): Promise<boolean> {
    const n = await this.knex('jobs')
      .where({ id, lease_owner: owner, status: 'running' })
      .update({
        progress: this.knex.raw(`jsonb_set(progress, '{done}', to_jsonb(?::int))`, [done]),
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        updated_at: now.toISOString(),
      });
    return Number(n) === 1;
  }

  /** Ends a job as done (with its result) or failed (with the reason), if `owner` still holds it. */
  async finish(id: string, owner: string, outcome: { status: 'done'; result: unknown } | { status: 'failed'; error: { code: string; message: string } }, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const n = await this.knex('jobs')
      .where({ id, lease_owner: owner, status: 'running' })
      .update({
        status: outcome.status,
        result: outcome.status === 'done' ? JSON.stringify(outcome.result ?? null) : null,
        error: outcome.status === 'failed' ? JSON.stringify(outcome.error) : null,
        lease_owner: null,
        lease_until: null,
        updated_at: at,
        finished_at: at,
      });
    return Number(n) === 1;
  }

  async get(tenantId: string, id: string): Promise<JobRecord | null> {
    const r = await this.knex('jobs').where({ tenant_id: tenantId, id }).first();
    return r ? toJob(r) : null;
  }

  /** Deletes finished jobs of a tenant last changed before `before` (their payload may hold personal data). */
  async purgeFinished(tenantId: string, before: Date): Promise<number> {
    return Number(await this.knex('jobs').where({ tenant_id: tenantId }).whereIn('status', ['done', 'failed']).where('updated_at', '<', before.toISOString()).delete());
  }
}
