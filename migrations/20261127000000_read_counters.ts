import type { Knex } from 'knex';

/**
 * Read models for lists at a million cases (issue 5, docs/performance.md):
 *
 * - `case_counts`: cases per (definition, status, state path), path '' for all
 *   of them. The board and the case list's `total` read it instead of counting
 *   rows. Kept by statement-level triggers on `cases`, so every writer (the
 *   engine, the retention job, bulk SQL) keeps it right.
 * - `task_counts`: open tasks per (roles, definition, field of action), one
 *   count per task (its row for its first role). The inbox's `total` is the
 *   sum over the entries whose roles meet the reader's.
 * - Counters are split into 16 slots by case id, so concurrent commands on
 *   different cases rarely wait for the same counter row; readers add the slots.
 * - Indexes whose order matches the list's default sort per definition, and the
 *   board's overdue count as an index-only scan.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE case_counts (
    tenant_id text NOT NULL,
    definition_key text NOT NULL,
    status text NOT NULL,
    path text NOT NULL,
    slot smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (tenant_id, definition_key, status, path, slot)
  )`);
  await knex.raw(`CREATE TABLE task_counts (
    tenant_id text NOT NULL,
    roles text[] NOT NULL,
    definition_key text NOT NULL,
    field_of_action text NOT NULL,
    slot smallint NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (tenant_id, definition_key, field_of_action, roles, slot)
  )`);

  // Rows of a statement, +1 for new and -1 for old; pairs that cancel out write nothing. ORDER BY locks counter rows in one order.
  const caseDeltas = (source: string) => `
    SELECT c.tenant_id, c.definition_key, c.status, p.path, (hashtext(c.id::text) & 15)::smallint AS slot, %SIGN% AS d
    FROM ${source} c CROSS JOIN LATERAL unnest(ARRAY[''] || c.state_paths) AS p(path)`;
  const taskDeltas = (source: string) => `
    SELECT t.tenant_id, t.roles, t.definition_key, coalesce(t.field_of_action, '') AS field_of_action, (hashtext(t.case_id::text) & 15)::smallint AS slot, %SIGN% AS d
    FROM ${source} t WHERE t.role = t.roles[1]`;
  const apply = (table: string, keys: string, deltas: string) => `
    INSERT INTO ${table} AS x (${keys}, n)
    SELECT ${keys}, sum(d) FROM (${deltas}) AS deltas GROUP BY ${keys} HAVING sum(d) <> 0 ORDER BY ${keys}
    ON CONFLICT (${keys}) DO UPDATE SET n = x.n + excluded.n;`;
  const both = (build: (s: string) => string) => `${build('new_rows').replace('%SIGN%', '1')} UNION ALL ${build('old_rows').replace('%SIGN%', '-1')}`;

  const caseKeys = 'tenant_id, definition_key, status, path, slot';
  const taskKeys = 'tenant_id, roles, definition_key, field_of_action, slot';
  for (const [name, table, keys, deltas] of [
    ['case_counts', 'case_counts', caseKeys, caseDeltas],
    ['task_counts', 'task_counts', taskKeys, taskDeltas],
  ] as const) {
    await knex.raw(`CREATE FUNCTION ${name}_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN ${apply(table, keys, deltas('new_rows').replace('%SIGN%', '1'))}
        ELSIF TG_OP = 'DELETE' THEN ${apply(table, keys, deltas('old_rows').replace('%SIGN%', '-1'))}
        ELSE ${apply(table, keys, both(deltas))}
        END IF;
        RETURN NULL;
      END $$`);
  }
  for (const [source, fn] of [['cases', 'case_counts_apply'], ['tasks', 'task_counts_apply']]) {
    await knex.raw(`CREATE TRIGGER ${source}_counts_insert AFTER INSERT ON ${source} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    await knex.raw(`CREATE TRIGGER ${source}_counts_update AFTER UPDATE ON ${source} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    await knex.raw(`CREATE TRIGGER ${source}_counts_delete AFTER DELETE ON ${source} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }
  // What is there already.
  await knex.raw(apply('case_counts', caseKeys, caseDeltas('cases').replace('%SIGN%', '1')));
  await knex.raw(apply('task_counts', taskKeys, taskDeltas('tasks').replace('%SIGN%', '1')));

  // The case list's default order (updated_at DESC) per definition, whatever the status.
  await knex.raw('CREATE INDEX cases_by_definition_recent ON cases (tenant_id, definition_key, updated_at DESC, id DESC)');
  // The board's overdue counts per definition without visiting the table.
  await knex.raw("CREATE INDEX cases_overdue ON cases (tenant_id, due_at) INCLUDE (definition_key) WHERE status = 'active'");
  await knex.raw('DROP INDEX IF EXISTS cases_due');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("CREATE INDEX cases_due ON cases (tenant_id, due_at) WHERE status = 'active'");
  await knex.raw('DROP INDEX IF EXISTS cases_overdue');
  await knex.raw('DROP INDEX IF EXISTS cases_by_definition_recent');
  for (const source of ['cases', 'tasks']) {
    for (const op of ['insert', 'update', 'delete']) await knex.raw(`DROP TRIGGER IF EXISTS ${source}_counts_${op} ON ${source}`);
  }
  await knex.raw('DROP FUNCTION IF EXISTS case_counts_apply()');
  await knex.raw('DROP FUNCTION IF EXISTS task_counts_apply()');
  await knex.raw('DROP TABLE IF EXISTS case_counts');
  await knex.raw('DROP TABLE IF EXISTS task_counts');
}
