import type { Knex } from 'knex';

/**
 * Pending self-registrations hold personal data of people who have not
 * confirmed anything yet: their form data is now sealed (AES-256-GCM under
 * the installation's data key) in `sealed`, and `data` stays empty. The
 * e-mail lookup hash becomes keyed (HMAC) in the same change, in code.
 * Requests made before this migration keep their clear `data` until they are
 * confirmed or expire (48 hours); no key is known here to seal them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE offer_requests ADD COLUMN sealed text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE offer_requests DROP COLUMN sealed');
}
