import type { Knex } from 'knex';

/** Closed cases whose retention period has passed keep their course (states, dates) but lose their personal data. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.timestamp('purged_at', { useTz: true });
  });
  await knex.raw("CREATE INDEX cases_retention ON cases (tenant_id, definition_key, closed_at) WHERE status = 'closed' AND purged_at IS NULL");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS cases_retention');
  await knex.schema.alterTable('cases', (t) => {
    t.dropColumn('purged_at');
  });
}
