import type { Knex } from 'knex';

/**
 * Hardening of accounts (#11): failed sign-ins counted in the database so that
 * every server process sees them; API tokens with expiry, scope and
 * revocation; an index to end a user's sessions at once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_throttle', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    // "address:<ip>", "account:<username>" or "pair:<username>@<ip>"
    t.text('key').notNullable();
    t.integer('failures').notNullable();
    t.timestamp('window_start', { useTz: true }).notNullable();
    t.timestamp('blocked_until', { useTz: true });
    t.primary(['tenant_id', 'key']);
    t.index(['window_start']);
  });
  await knex.schema.alterTable('api_tokens', (t) => {
    t.timestamp('expires_at', { useTz: true });
    t.text('scope').notNullable().defaultTo('full'); // full | read
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('password_changed_at', { useTz: true });
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropIndex(['user_id']);
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('password_changed_at');
  });
  await knex.schema.alterTable('api_tokens', (t) => {
    t.dropColumn('revoked_at');
    t.dropColumn('scope');
    t.dropColumn('expires_at');
  });
  await knex.schema.dropTable('sign_in_throttle');
}
