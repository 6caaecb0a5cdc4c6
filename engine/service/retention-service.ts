import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { addDuration, DEFAULT_TIME_ZONE, localDay } from '../definition/index.js';
import { KnexAttachmentStore, KnexDefinitionStore, KnexJobStore } from '../store/index.js';
import type { JobService } from './job-service.js';

/** The job kind of the daily retention purge. */
export const RETENTION_PURGE = 'retention-purge';

/** How long a finished bulk start's report (with the values of rejected rows) is kept. */
export const IMPORT_REPORT_DAYS = 7;

/** What one purge did, per process. */
export interface PurgeReport {
  definition: string;
  version: number;
  purged: number;
}

/**
 * Enforces each process's `retention.afterClose` (DSGVO Art. 5(1)(e)): once
 * a closed case is older than that, its form data, the data in its events,
 * any drafts and its attachments (uploaded files) are deleted. What remains — states, dates, who acted — carries
 * no answers from the forms and still feeds counts and durations. The
 * anonymous statistics (`statistics_counts`) are left alone; the case's
 * statistics pseudonym is cut.
 */
export class RetentionService {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly timeZone: (tenantId: string) => string = () => DEFAULT_TIME_ZONE,
    private readonly jobs?: JobService,
    private readonly newId: () => string = randomUUID,
  ) {
    jobs?.handle(RETENTION_PURGE, async (job) => ({ purged: await this.purgeExpired(job.tenantId) }));
  }

  /**
   * Queues today's purge of a tenant as a job for the worker; once a day
   * (the office's day), however many server processes ask. Returns whether
   * this call queued it.
   */
  async queueDailyPurge(tenantId: string): Promise<boolean> {
    if (!this.jobs) throw new Error('RetentionService: no job service to queue the purge with');
    const day = localDay(this.now(), this.timeZone(tenantId));
    const job = await this.jobs.enqueue({ tenantId, id: this.newId(), kind: RETENTION_PURGE, payload: { day }, total: 1, createdBy: null, dedupeKey: `${RETENTION_PURGE}:${day}` });
    return job !== null;
  }

  async purgeExpired(tenantId: string): Promise<PurgeReport[]> {
    const now = this.now();
    const reports: PurgeReport[] = [];
    const definitions = await new KnexDefinitionStore(this.knex).list(tenantId, 'published');
    for (const d of definitions) {
      const period = d.body.retention?.afterClose;
      if (!period) continue;
      const cutoff = addDuration(now, `-${period}`, this.timeZone(tenantId)).toISOString();
      const purged = await this.knex.transaction(async (trx) => {
        const ids: string[] = await trx('cases')
          .where({ tenant_id: tenantId, definition_key: d.key, definition_version: d.version, status: 'closed' })
          .whereNull('purged_at')
          .where('closed_at', '<', cutoff)
          .update({ data: '{}', purged_at: now.toISOString() })
          .returning('id')
          .then((rows: Array<{ id: string }>) => rows.map((r) => r.id));
        if (ids.length) {
          // The statistics stay (#14); the pseudonym that tied a running duration to the case is cut.
          await trx.raw('DELETE FROM statistics_marks WHERE subject IN (SELECT stat_subject FROM cases WHERE id = ANY(?::uuid[]))', [ids]);
          await trx.raw('UPDATE cases SET stat_subject = NULL WHERE id = ANY(?::uuid[])', [ids]);
          await trx('events').whereIn('case_id', ids).update({ data: null, context: '{}' });
          // Children's events keep what their rules read of the parent; it goes with the parent's data.
          await trx.raw(
            `UPDATE events SET context = context #- '{parent,data}' WHERE case_id IN (SELECT id FROM cases WHERE parent_id = ANY(?::uuid[]))`,
            [ids],
          );
          await trx('drafts').whereIn('case_id', ids).delete();
          await new KnexAttachmentStore(trx).deleteForCases(ids);
        }
        return ids.length;
      });
      if (purged) reports.push({ definition: d.key, version: d.version, purged });
    }
    await this.purgeImports(tenantId, now);
    return reports;
  }

  /**
   * A finished bulk start's report names the rows it rejected with their
   * values: it is kept for {@link IMPORT_REPORT_DAYS} days, then deleted.
   */
  private async purgeImports(tenantId: string, now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - IMPORT_REPORT_DAYS * 86_400_000).toISOString();
    await this.knex('imports').where({ tenant_id: tenantId }).whereNot({ status: 'running' }).where('updated_at', '<', cutoff).delete();
    // A finished job's payload holds the same rows.
    await new KnexJobStore(this.knex).purgeFinished(tenantId, new Date(cutoff));
  }
}
