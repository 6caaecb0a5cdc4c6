import type { Knex } from 'knex';

/**
 * The read counters of `read_counters` cost a third of a transition's SQL
 * time (docs/performance.md): every UPDATE of a case and every change of its
 * task rows ran an aggregate over transition tables, even when nothing that
 * is counted changed (a note, new data, a later due date). Now:
 *
 * - an UPDATE of a case touches the counters only when its tenant,
 *   definition, status or state paths change (a row trigger with a WHEN
 *   condition, checked without calling any function);
 * - task rows count through row triggers on the task's first-role row only,
 *   so the other rows of a task cost nothing.
 *
 * INSERT and DELETE of cases keep their statement triggers: bulk loads and
 * bulk deletes stay one aggregate per statement.
 */
/**
 * A counter slot per database session (64 slots): two transactions wait for
 * each other's counter row only when their sessions share a slot, however
 * many of them change the same state at once. (Slots by case id made
 * concurrent commands wait for each other's commit whenever two of the
 * sixteen slots met.)
 */
const SLOT = '(pg_backend_pid() & 63)::smallint';

export async function up(knex: Knex): Promise<void> {
  // The statement triggers of case inserts and deletes: same aggregate, per-session slot.
  await knex.raw(`CREATE FUNCTION case_counts_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO case_counts AS x (tenant_id, definition_key, status, path, slot, n)
        SELECT c.tenant_id, c.definition_key, c.status, p.path, ${SLOT}, count(*) FROM new_rows c CROSS JOIN LATERAL unnest(ARRAY[''] || c.state_paths) AS p(path)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, definition_key, status, path, slot) DO UPDATE SET n = x.n + excluded.n;
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO case_counts AS x (tenant_id, definition_key, status, path, slot, n)
        SELECT c.tenant_id, c.definition_key, c.status, p.path, ${SLOT}, -count(*) FROM old_rows c CROSS JOIN LATERAL unnest(ARRAY[''] || c.state_paths) AS p(path)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, definition_key, status, path, slot) DO UPDATE SET n = x.n + excluded.n;
      END IF;
      RETURN NULL;
    END $$`);
  for (const op of ['insert', 'delete']) {
    await knex.raw(`DROP TRIGGER IF EXISTS cases_counts_${op} ON cases`);
    await knex.raw(`CREATE TRIGGER cases_counts_${op} AFTER ${op.toUpperCase()} ON cases REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : 'OLD TABLE AS old_rows'}
      FOR EACH STATEMENT EXECUTE FUNCTION case_counts_rows()`);
  }
  await knex.raw('DROP TRIGGER IF EXISTS cases_counts_update ON cases');
  for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS tasks_counts_${op} ON tasks`);

  await knex.raw(`CREATE FUNCTION case_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO case_counts AS x (tenant_id, definition_key, status, path, slot, n)
      SELECT tenant_id, definition_key, status, path, slot, sum(d) FROM (
        SELECT OLD.tenant_id AS tenant_id, OLD.definition_key AS definition_key, OLD.status AS status, p AS path,
               ${SLOT} AS slot, -1 AS d FROM unnest(ARRAY[''] || OLD.state_paths) AS p
        UNION ALL
        SELECT NEW.tenant_id, NEW.definition_key, NEW.status, p, ${SLOT}, 1 FROM unnest(ARRAY[''] || NEW.state_paths) AS p
      ) AS deltas GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (tenant_id, definition_key, status, path, slot) DO UPDATE SET n = x.n + excluded.n;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER cases_counts_update AFTER UPDATE ON cases FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.state_paths IS DISTINCT FROM NEW.state_paths
      OR OLD.definition_key IS DISTINCT FROM NEW.definition_key OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
    EXECUTE FUNCTION case_counts_move()`);

  await knex.raw(`CREATE FUNCTION task_counts_row() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r tasks;
    DECLARE d int;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; d := -1; ELSE r := NEW; d := 1; END IF;
      INSERT INTO task_counts AS x (tenant_id, roles, definition_key, field_of_action, slot, n)
      VALUES (r.tenant_id, r.roles, r.definition_key, coalesce(r.field_of_action, ''), ${SLOT}, d)
      ON CONFLICT (tenant_id, roles, definition_key, field_of_action, slot) DO UPDATE SET n = x.n + excluded.n;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks FOR EACH ROW WHEN (NEW.role = NEW.roles[1]) EXECUTE FUNCTION task_counts_row()`);
  await knex.raw(`CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks FOR EACH ROW WHEN (OLD.role = OLD.roles[1]) EXECUTE FUNCTION task_counts_row()`);
  // The engine never updates task rows; an UPDATE by hand counts as the old row leaving and the new one arriving.
  await knex.raw(`CREATE FUNCTION task_counts_row_old() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO task_counts AS x (tenant_id, roles, definition_key, field_of_action, slot, n)
      VALUES (OLD.tenant_id, OLD.roles, OLD.definition_key, coalesce(OLD.field_of_action, ''), ${SLOT}, -1)
      ON CONFLICT (tenant_id, roles, definition_key, field_of_action, slot) DO UPDATE SET n = x.n + excluded.n;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER tasks_counts_update_old AFTER UPDATE ON tasks FOR EACH ROW WHEN (OLD.role = OLD.roles[1]) EXECUTE FUNCTION task_counts_row_old()`);
  await knex.raw(`CREATE TRIGGER tasks_counts_update_new AFTER UPDATE ON tasks FOR EACH ROW WHEN (NEW.role = NEW.roles[1]) EXECUTE FUNCTION task_counts_row()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['tasks_counts_insert', 'tasks_counts_delete', 'tasks_counts_update_old', 'tasks_counts_update_new']) await knex.raw(`DROP TRIGGER IF EXISTS ${t} ON tasks`);
  await knex.raw('DROP TRIGGER IF EXISTS cases_counts_update ON cases');
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_row()');
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_row_old()');
  await knex.raw('DROP FUNCTION IF EXISTS case_counts_move()');
  for (const op of ['insert', 'delete']) {
    await knex.raw(`DROP TRIGGER IF EXISTS cases_counts_${op} ON cases`);
    await knex.raw(`CREATE TRIGGER cases_counts_${op} AFTER ${op.toUpperCase()} ON cases REFERENCING ${op === 'insert' ? 'NEW TABLE AS new_rows' : 'OLD TABLE AS old_rows'}
      FOR EACH STATEMENT EXECUTE FUNCTION case_counts_apply()`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS case_counts_rows()');
  await knex.raw('CREATE TRIGGER cases_counts_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION case_counts_apply()');
  await knex.raw('CREATE TRIGGER tasks_counts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply()');
  await knex.raw('CREATE TRIGGER tasks_counts_update AFTER UPDATE ON tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply()');
  await knex.raw('CREATE TRIGGER tasks_counts_delete AFTER DELETE ON tasks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION task_counts_apply()');
}
