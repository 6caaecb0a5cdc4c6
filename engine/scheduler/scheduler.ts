import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import type { CaseService } from '../service/index.js';
import { systemActor } from '../service/index.js';
import { KnexQueries } from '../store/index.js';

/** Options of the timer loop. */
export interface SchedulerOptions {
  intervalMs?: number;
  batchSize?: number;
  now: () => Date;
  onError?: (error: unknown) => void;
  /** Periodic work besides timers (retention purge); run at most every `housekeepingMs`. */
  housekeeping?: () => Promise<unknown>;
  housekeepingMs?: number;
  /** Work run on every tick after the timers (the e-mail outbox, task notices, expired registration requests). */
  everyTick?: () => Promise<unknown>;
}

/**
 * Fires due timers through the same command path as people's events. Each
 * timer is claimed with `FOR UPDATE SKIP LOCKED` and fired in the same
 * transaction that deletes it, so it fires once even with several server
 * processes on one database.
 */
export class Scheduler {
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly queries: KnexQueries;
  private lastHousekeeping = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly knex: Knex,
    private readonly cases: CaseService,
    private readonly options: SchedulerOptions,
  ) {
    this.queries = new KnexQueries(knex);
  }

  start(): void {
    if (this.handle) return;
    const loop = () => {
      this.running = this.tick().catch((e) => {
        this.options.onError?.(e);
        return 0;
      });
      void this.running.finally(() => {
        if (this.handle) this.handle = setTimeout(loop, this.options.intervalMs ?? 1000);
      });
    };
    this.handle = setTimeout(loop, this.options.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    await this.running;
  }

  /** Fires every timer due now; returns how many were fired. */
  async tick(): Promise<number> {
    let fired = 0;
    const nowMs = this.options.now().getTime();
    if (this.options.housekeeping && nowMs - this.lastHousekeeping >= (this.options.housekeepingMs ?? 3600_000)) {
      this.lastHousekeeping = nowMs;
      await this.options.housekeeping();
    }
    for (;;) {
      const n = await this.knex.transaction(async (trx) => {
        const due = await this.queries.claimDueTimers(trx, this.options.now(), this.options.batchSize ?? 20);
        for (const timer of due) {
          await trx.raw('SAVEPOINT fire_timer');
          try {
            await this.cases.sendInTransaction(trx, systemActor(timer.tenantId), timer.caseId, { type: timer.eventType });
            await trx.raw('RELEASE SAVEPOINT fire_timer');
          } catch (e) {
            // A timer whose transition no longer applies (guard false, case moved on) is dropped, not retried forever.
            await trx.raw('ROLLBACK TO SAVEPOINT fire_timer');
            await trx('timers').where({ id: timer.id }).delete();
            if (!(e instanceof AgoraError) || e.status >= 500) this.options.onError?.(e);
          }
        }
        return due.length;
      });
      fired += n;
      if (n < (this.options.batchSize ?? 20)) break;
    }
    if (this.options.everyTick) {
      try {
        await this.options.everyTick();
      } catch (e) {
        this.options.onError?.(e);
      }
    }
    return fired;
  }
}
