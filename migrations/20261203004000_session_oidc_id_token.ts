import type { Knex } from 'knex';

/**
 * Sign-out at the identity provider (RP-initiated logout, #15): a session
 * started through the provider keeps the provider's ID token, which the
 * sign-out sends back as `id_token_hint`. Only the ID token (no access or
 * refresh token), only where the provider announces `end_session_endpoint`,
 * and it leaves with the session row (sign-out, expiry purge).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE sessions ADD COLUMN oidc_id_token text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE sessions DROP COLUMN oidc_id_token');
}
