import type { Knex } from 'knex';

/**
 * Public offers and e-mail (issue 15):
 * - `offer_requests`: self-registrations waiting for the double opt-in. Only
 *   hashes of the confirmation and withdrawal tokens are stored; the form
 *   data is dropped once the registration case holds it.
 * - `public_throttle`: counters per address and per e-mail for the public
 *   POSTs, shared by every server process (like `sign_in_throttle`).
 * - `outbox`: every e-mail, queued in the transaction that caused it and
 *   delivered by the scheduler with a lease, so several processes never send
 *   one twice and a failed delivery is retried with backoff.
 * - `users.email`, `users.notifications`: where and which staff notices go.
 * - `task_notices`: which open tasks were already announced.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE offer_requests (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants(id),
    offer_id uuid NOT NULL REFERENCES cases(id),
    token_hash text NOT NULL UNIQUE,
    withdraw_hash text UNIQUE,
    email_hash text NOT NULL,
    language text NOT NULL,
    data jsonb,
    status text NOT NULL,
    case_id uuid REFERENCES cases(id),
    result jsonb,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    confirmed_at timestamptz
  )`);
  await knex.raw('CREATE INDEX offer_requests_expiry ON offer_requests (expires_at) WHERE status = \'pending\'');
  await knex.raw('CREATE INDEX offer_requests_duplicate ON offer_requests (tenant_id, offer_id, email_hash)');
  await knex.raw(`CREATE TABLE public_throttle (
    tenant_id text NOT NULL,
    key text NOT NULL,
    hits integer NOT NULL,
    window_start timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
  )`);
  await knex.raw(`CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenants(id),
    kind text NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text,
    status text NOT NULL DEFAULT 'queued',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until timestamptz,
    last_error text,
    created_at timestamptz NOT NULL,
    sent_at timestamptz
  )`);
  await knex.raw('CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = \'queued\'');
  await knex.raw('CREATE INDEX outbox_list ON outbox (tenant_id, created_at DESC, id)');
  await knex.raw('ALTER TABLE users ADD COLUMN email text');
  await knex.raw(`ALTER TABLE users ADD COLUMN notifications jsonb NOT NULL DEFAULT '{"newTask": true, "reminder": true, "overdueDigest": true}'`);
  await knex.raw('ALTER TABLE users ADD COLUMN digest_sent_on date');
  await knex.raw(`CREATE TABLE task_notices (
    tenant_id text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    state_path text NOT NULL,
    grant_key text NOT NULL,
    kind text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (case_id, state_path, grant_key, kind)
  )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE task_notices');
  await knex.raw('ALTER TABLE users DROP COLUMN digest_sent_on, DROP COLUMN notifications, DROP COLUMN email');
  await knex.raw('DROP TABLE outbox');
  await knex.raw('DROP TABLE public_throttle');
  await knex.raw('DROP TABLE offer_requests');
}
