import type { Knex } from 'knex';

/** A person's name for greetings and lists ("Guten Tag, Erika Muster"), beside the user name they sign in with (#12). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.text('display_name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('display_name');
  });
}
