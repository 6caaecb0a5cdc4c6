import type { Knex } from 'knex';

/** Names of the demo accounts, so the demo greets people, not accounts ("Guten Tag, Erika Muster"). */
export const DEMO_DISPLAY_NAMES: Record<string, string> = {
  admin: 'Ada Admin',
  kita: 'Erika Muster',
  schule: 'Stefan Schulz',
  koordination: 'Katrin Koordina',
  beratung: 'Berit Rat',
  kursleitung: 'Kurt Leitner',
  datenschutz: 'Dana Schutz',
};

/** The display name of a user, or `null` when none is set (the UI then shows the user name). */
export async function displayNameOf(knex: Knex, userId: string): Promise<string | null> {
  const row = await knex('users').where({ id: userId }).first('display_name');
  return (row?.display_name as string | null | undefined) ?? null;
}

/** Sets the display names of the demo accounts that exist and have none yet. */
export async function nameDemoUsers(knex: Knex, tenantId: string): Promise<void> {
  for (const [username, name] of Object.entries(DEMO_DISPLAY_NAMES)) {
    await knex('users').where({ tenant_id: tenantId, username }).whereNull('display_name').update({ display_name: name });
  }
}
