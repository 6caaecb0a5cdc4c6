import type { Knex } from 'knex';

/**
 * Accounts signed in through the city's identity provider (#15): the
 * provider's `iss` and `sub` identify the person, whatever their user name
 * becomes; one account per subject and tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('oidc_subject');
    t.unique(['tenant_id', 'oidc_subject']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['tenant_id', 'oidc_subject']);
    t.dropColumn('oidc_subject');
  });
}
