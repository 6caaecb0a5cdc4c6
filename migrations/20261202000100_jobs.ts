import type { Knex } from 'knex';

/**
 * Durable background jobs (#11): bulk starts and the retention purge are rows
 * that a worker claims with a lease. A job whose lease runs out (its process
 * crashed) is claimed again and resumes from its recorded progress.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jobs', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.text('status').notNullable();
    t.jsonb('payload').notNullable();
    t.jsonb('progress').notNullable();
    t.jsonb('result');
    t.jsonb('error');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('lease_owner');
    t.timestamp('lease_until', { useTz: true });
    /** Same key, same job: a daily purge is queued once however many processes ask. */
    t.text('dedupe_key');
    t.text('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.unique(['tenant_id', 'dedupe_key']);
  });
  await knex.raw(`CREATE INDEX jobs_claimable ON jobs (created_at) WHERE status IN ('queued', 'running')`);
  await knex.raw(`ALTER TABLE jobs ADD CONSTRAINT jobs_status CHECK (status IN ('queued', 'running', 'done', 'failed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('jobs');
}
