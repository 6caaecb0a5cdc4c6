import type { Knex } from 'knex';

/**
 * Zuständigkeit (issue 9, DESIGN.md "Organisations and access"):
 *
 * - `organisations`: Kitas, schools, B-Punkte, companies, venues, partners,
 *   Träger (a Träger is the `parent` of its institutions).
 * - `users.organisations`: the organisations a person works for.
 * - `cases.organisation`: the case's owner.
 * - `case_access`: a case's grants as `role@organisation` keys (`role@*` for
 *   tenant-wide roles) with the forms each grant sees. Written in the
 *   command's own transaction; every read path joins it.
 * - Task rows carry the grant they are for (`grant_key`) and all grants of
 *   their task (`grants`), so the inbox reads one index range per grant key
 *   the reader holds and counts each task once.
 * - `case_reads`: who read which case's data when (never the content).
 *
 * Existing cases were created under definitions without access rules, where
 * every role is tenant-wide; their grants are backfilled as such.
 */
const SLOT = '(pg_backend_pid() & 63)::smallint';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE organisations (
    tenant_id text NOT NULL REFERENCES tenants(id),
    key text NOT NULL,
    title jsonb NOT NULL,
    kind text NOT NULL,
    parent text,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
  )`);
  await knex.raw('CREATE INDEX organisations_parent ON organisations (tenant_id, parent)');
  await knex.raw("ALTER TABLE users ADD COLUMN organisations text[] NOT NULL DEFAULT '{}'");
  await knex.raw('ALTER TABLE cases ADD COLUMN organisation text');

  await knex.raw(`CREATE TABLE case_access (
    tenant_id text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases(id),
    grant_key text NOT NULL,
    forms text[],
    PRIMARY KEY (case_id, grant_key)
  )`);
  await knex.raw('CREATE INDEX case_access_by_grant ON case_access (tenant_id, grant_key, case_id)');
  await knex.raw(`INSERT INTO case_access (tenant_id, case_id, grant_key, forms)
    SELECT c.tenant_id, c.id, r.role || '@*', NULL FROM cases c
    JOIN definitions d ON d.tenant_id = c.tenant_id AND d.key = c.definition_key AND d.version = c.definition_version
    CROSS JOIN LATERAL json_array_elements_text(d.body::json->'roles') AS r(role)
    ON CONFLICT DO NOTHING`);

  await knex.raw('ALTER TABLE tasks ADD COLUMN grant_key text');
  await knex.raw('ALTER TABLE tasks ADD COLUMN grants text[]');
  await knex.raw(`UPDATE tasks SET grant_key = role || '@*', grants = ARRAY(SELECT r || '@*' FROM unnest(roles) AS r)`);
  await knex.raw('ALTER TABLE tasks ALTER COLUMN grant_key SET NOT NULL, ALTER COLUMN grants SET NOT NULL');
  await knex.raw('DROP INDEX tasks_inbox');
  await knex.raw('CREATE INDEX tasks_inbox ON tasks (tenant_id, grant_key, due_at ASC NULLS LAST, id)');

  // Task counters by the task's grants instead of its roles; a task counts on its first grant's row.
  for (const t of ['tasks_counts_insert', 'tasks_counts_delete', 'tasks_counts_update_old', 'tasks_counts_update_new']) await knex.raw(`DROP TRIGGER IF EXISTS ${t} ON tasks`);
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_row()');
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_row_old()');
  await knex.raw('DROP TABLE task_counts');
  await knex.raw(`CREATE TABLE task_counts (
    tenant_id text NOT NULL,
    grants text[] NOT NULL,
    definition_key text NOT NULL,
    field_of_action text NOT NULL,
    slot smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (tenant_id, definition_key, field_of_action, grants, slot)
  )`);
  await knex.raw(`INSERT INTO task_counts (tenant_id, grants, definition_key, field_of_action, slot, n)
    SELECT tenant_id, grants, definition_key, coalesce(field_of_action, ''), 0, count(*) FROM tasks WHERE grant_key = grants[1] GROUP BY 1, 2, 3, 4`);
  const counterFn = (name: string, row: string, sign: number) => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO task_counts AS x (tenant_id, grants, definition_key, field_of_action, slot, n)
      VALUES (${row}.tenant_id, ${row}.grants, ${row}.definition_key, coalesce(${row}.field_of_action, ''), ${SLOT}, ${sign})
      ON CONFLICT (tenant_id, definition_key, field_of_action, grants, slot) DO UPDATE SET n = x.n + excluded.n;
      RETURN NULL;
    END $$`;
  await knex.raw(counterFn('task_counts_add', 'NEW', 1));
  await knex.raw(counterFn('task_counts_remove', 'OLD', -1));
  await knex.raw('CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks FOR EACH ROW WHEN (NEW.grant_key = NEW.grants[1]) EXECUTE FUNCTION task_counts_add()');
  await knex.raw('CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks FOR EACH ROW WHEN (OLD.grant_key = OLD.grants[1]) EXECUTE FUNCTION task_counts_remove()');
  await knex.raw('CREATE TRIGGER tasks_counts_update_old AFTER UPDATE ON tasks FOR EACH ROW WHEN (OLD.grant_key = OLD.grants[1]) EXECUTE FUNCTION task_counts_remove()');
  await knex.raw('CREATE TRIGGER tasks_counts_update_new AFTER UPDATE ON tasks FOR EACH ROW WHEN (NEW.grant_key = NEW.grants[1]) EXECUTE FUNCTION task_counts_add()');

  await knex.raw(`CREATE TABLE case_reads (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL,
    case_id uuid NOT NULL REFERENCES cases(id),
    user_id uuid,
    username text NOT NULL,
    at timestamptz NOT NULL,
    kind text NOT NULL,
    forms text[]
  )`);
  await knex.raw('CREATE INDEX case_reads_case ON case_reads (case_id, at DESC, id DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE case_reads');
  for (const t of ['tasks_counts_insert', 'tasks_counts_delete', 'tasks_counts_update_old', 'tasks_counts_update_new']) await knex.raw(`DROP TRIGGER IF EXISTS ${t} ON tasks`);
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_add()');
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_remove()');
  await knex.raw('DROP TABLE task_counts');
  await knex.raw(`CREATE TABLE task_counts (
    tenant_id text NOT NULL, roles text[] NOT NULL, definition_key text NOT NULL, field_of_action text NOT NULL, slot smallint NOT NULL, n bigint NOT NULL,
    PRIMARY KEY (tenant_id, definition_key, field_of_action, roles, slot)
  )`);
  await knex.raw(`INSERT INTO task_counts SELECT tenant_id, roles, definition_key, coalesce(field_of_action, ''), 0, count(*) FROM tasks WHERE role = roles[1] GROUP BY 1, 2, 3, 4`);
  await knex.raw(`CREATE FUNCTION task_counts_row() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r tasks; DECLARE d int;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; d := -1; ELSE r := NEW; d := 1; END IF;
      INSERT INTO task_counts AS x (tenant_id, roles, definition_key, field_of_action, slot, n)
      VALUES (r.tenant_id, r.roles, r.definition_key, coalesce(r.field_of_action, ''), ${SLOT}, d)
      ON CONFLICT (tenant_id, roles, definition_key, field_of_action, slot) DO UPDATE SET n = x.n + excluded.n;
      RETURN NULL;
    END $$`);
  await knex.raw('CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks FOR EACH ROW WHEN (NEW.role = NEW.roles[1]) EXECUTE FUNCTION task_counts_row()');
  await knex.raw('CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks FOR EACH ROW WHEN (OLD.role = OLD.roles[1]) EXECUTE FUNCTION task_counts_row()');
  await knex.raw('DROP INDEX tasks_inbox');
  await knex.raw('CREATE INDEX tasks_inbox ON tasks (tenant_id, role, due_at ASC NULLS LAST, id)');
  await knex.raw('ALTER TABLE tasks DROP COLUMN grants, DROP COLUMN grant_key');
  await knex.raw('DROP TABLE case_access');
  await knex.raw('ALTER TABLE cases DROP COLUMN organisation');
  await knex.raw('ALTER TABLE users DROP COLUMN organisations');
  await knex.raw('DROP TABLE organisations');
}
