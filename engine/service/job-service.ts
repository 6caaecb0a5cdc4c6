import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import { KnexJobStore, type JobRecord, type NewJob } from '../store/index.js';
import type { Runtime } from './case-service.js';

/** How long a claimed job stays its worker's without a sign of life (each committed step renews it). */
export const JOB_LEASE_MS = 60_000;
/** A job taken up this often without finishing (its worker died each time) is given up. */
export const JOB_MAX_ATTEMPTS = 5;

/** Thrown inside a step when another worker took the job over: the step rolls back, the job is left to it. */
export class LeaseLost extends Error {
  constructor(id: string) {
    super(`job ${id}: the lease passed to another worker`);
  }
}

/** What a handler gets besides its job. */
export interface JobContext {
  owner: string;
  now: () => Date;
  /**
   * Runs `work` in one transaction that also records `done` as the job's
   * progress, if this worker still holds the lease (else {@link LeaseLost}
   * and nothing of `work` stays). So a resumed job never repeats a committed step.
   */
  step(done: number, work: (trx: Knex.Transaction) => Promise<void>): Promise<void>;
}

/** Carries out one kind of job; resumes from `job.progress.done`; returns the job's result. */
export type JobHandler = (job: JobRecord, ctx: JobContext) => Promise<unknown>;

/** A job as the API shows it. */
export interface JobView {
  id: string;
  kind: string;
  status: JobRecord['status'];
  progress: { done: number; total: number };
  result: unknown;
  error: { code: string; message: string } | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** The API's view of a job (no payload: it may hold the imported rows). */
export function jobView(job: JobRecord): JobView {
  return {
    id: job.id, kind: job.kind, status: job.status, progress: job.progress, result: job.result, error: job.error,
    attempts: job.attempts, createdAt: job.createdAt, updatedAt: job.updatedAt, finishedAt: job.finishedAt,
  };
}

/**
 * Durable background work (#11): jobs are rows, claimed by a worker with a
 * lease; a crashed worker's job is claimed again when its lease ends and
 * resumes from the progress its last committed step recorded.
 */
export class JobService {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly knex: Knex,
    private readonly rt: Runtime,
    private readonly leaseMs = JOB_LEASE_MS,
  ) {}

  /** Registers the handler of a kind of job. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Called whenever a job is queued (the local worker starts at once instead of at its next tick). */
  onQueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Queues a job (in `db`, e.g. the transaction that registers it elsewhere too); `null` for a duplicate `dedupeKey`. */
  async enqueue(job: NewJob, db: Knex | Knex.Transaction = this.knex): Promise<JobRecord | null> {
    const queued = await new KnexJobStore(db).enqueue(job, this.rt.now());
    if (queued) for (const l of this.listeners) l();
    return queued;
  }

  /** The job, for its creator or an administrator; `JOB_NOT_FOUND` for anyone else, as for a job that does not exist. */
  async get(actor: { id: string; tenantId: string; roles: string[] }, id: string): Promise<JobView> {
    const job = await new KnexJobStore(this.knex).get(actor.tenantId, id);
    if (!job || (job.createdBy !== actor.id && !actor.roles.includes('admin'))) throw new AgoraError('JOB_NOT_FOUND', { id });
    return jobView(job);
  }

  /**
   * Claims one job and runs it to its end; false when there was none to claim.
   * A handler's error fails the job with its code and message; a lost lease
   * leaves the job to the worker that has it now.
   */
  async runOne(owner: string): Promise<boolean> {
    const store = new KnexJobStore(this.knex);
    const job = await store.claim(owner, this.rt.now(), this.leaseMs);
    if (!job) return false;
    if (job.attempts > JOB_MAX_ATTEMPTS) {
      await store.finish(job.id, owner, { status: 'failed', error: { code: 'JOB_ABANDONED', message: new AgoraError('JOB_ABANDONED', { attempts: job.attempts - 1 }).message } }, this.rt.now());
      return true;
    }
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for jobs of kind ${job.kind}`);
      const result = await handler(job, this.context(job, owner));
      await store.finish(job.id, owner, { status: 'done', result }, this.rt.now());
    } catch (e) {
      if (e instanceof LeaseLost) return true;
      const error = e instanceof AgoraError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: (e as Error).message };
      await store.finish(job.id, owner, { status: 'failed', error }, this.rt.now());
    }
    return true;
  }

  private context(job: JobRecord, owner: string): JobContext {
    return {
      owner,
      now: this.rt.now,
      step: async (done, work) => {
        await this.knex.transaction(async (trx) => {
          await work(trx);
          if (!(await new KnexJobStore(trx).progress(job.id, owner, done, this.rt.now(), this.leaseMs))) throw new LeaseLost(job.id);
        });
        job.progress = { ...job.progress, done };
      },
    };
  }
}
