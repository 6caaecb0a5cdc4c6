import type { Knex } from 'knex';
import { expect } from 'vitest';

/** The counters equal what counting the rows gives (they are kept by triggers). */
export async function expectCountersExact(knex: Knex): Promise<void> {
  const counted = await knex.raw(`SELECT tenant_id, definition_key, status, path, count(*)::int AS n FROM cases, unnest(ARRAY[''] || state_paths) AS path
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  const kept = await knex.raw(`SELECT tenant_id, definition_key, status, path, sum(n)::int AS n FROM case_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`);
  expect(kept.rows).toEqual(counted.rows);
  const tasks = await knex.raw(`SELECT tenant_id, grants, definition_key, coalesce(field_of_action, '') AS f, count(*)::int AS n FROM tasks WHERE grant_key = grants[1]
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  const keptTasks = await knex.raw(`SELECT tenant_id, grants, definition_key, field_of_action AS f, sum(n)::int AS n FROM task_counts GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4`);
  expect(keptTasks.rows).toEqual(tasks.rows);
}

