import type { Knex } from 'knex';

/**
 * The language of one's staff e-mails (#15): new task, reminder and overdue
 * digest go out in German (default) or English, as each person chose on
 * "Mein Konto". The check keeps the column to the languages the mail
 * templates have.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'de' CONSTRAINT users_language_check CHECK (language IN ('de', 'en'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE users DROP COLUMN language');
}
