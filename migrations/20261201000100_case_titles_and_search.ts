import type { Knex } from 'knex';

/**
 * Names instead of numbers (issue 12):
 *
 * - `cases.ref_number`: references are numbered per process (`KG-1` is the
 *   first Kita case, `E-1` the first course), kept by a row trigger over a
 *   counter per (tenant, process), so every writer (the engine, bulk loads)
 *   gets the next number; a start waits only for starts of the same process.
 * - `cases.title`: the definition's `caseTitle` filled from the case data,
 *   written by the command that changes it.
 * - `case_search`: the folded words of a case's reference and title, for
 *   search by prefix as people type (`jon` finds Jonas, `kg-4` finds KG-42).
 *   A title word carries the forms the title is made of, so it matches only
 *   for readers who see those forms.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE case_numbers (
    tenant_id text NOT NULL, definition_key text NOT NULL, last integer NOT NULL, PRIMARY KEY (tenant_id, definition_key)
  )`);
  await knex.raw('ALTER TABLE cases ADD COLUMN ref_number integer');
  await knex.raw('ALTER TABLE cases ADD COLUMN title text');
  await knex.raw(`UPDATE cases SET ref_number = n.rn FROM (
    SELECT id, row_number() OVER (PARTITION BY tenant_id, definition_key ORDER BY number) AS rn FROM cases) AS n WHERE n.id = cases.id`);
  await knex.raw(`INSERT INTO case_numbers (tenant_id, definition_key, last) SELECT tenant_id, definition_key, max(ref_number) FROM cases GROUP BY 1, 2`);
  await knex.raw(`CREATE FUNCTION case_ref_number() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.ref_number IS NULL THEN
        INSERT INTO case_numbers AS x (tenant_id, definition_key, last) VALUES (NEW.tenant_id, NEW.definition_key, 1)
        ON CONFLICT (tenant_id, definition_key) DO UPDATE SET last = x.last + 1
        RETURNING last INTO NEW.ref_number;
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw('CREATE TRIGGER cases_ref_number BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION case_ref_number()');
  await knex.raw('ALTER TABLE cases ALTER COLUMN ref_number SET NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX cases_reference ON cases (tenant_id, definition_key, ref_number)');

  await knex.raw(`CREATE TABLE case_search (
    tenant_id text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases(id),
    word text NOT NULL,
    forms text[]
  )`);
  await knex.raw('CREATE INDEX case_search_word ON case_search (tenant_id, word text_pattern_ops)');
  await knex.raw('CREATE INDEX case_search_case ON case_search (case_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE case_search');
  await knex.raw('DROP TRIGGER cases_ref_number ON cases');
  await knex.raw('DROP FUNCTION case_ref_number()');
  await knex.raw('DROP INDEX cases_reference');
  await knex.raw('ALTER TABLE cases DROP COLUMN title, DROP COLUMN ref_number');
  await knex.raw('DROP TABLE case_numbers');
}
