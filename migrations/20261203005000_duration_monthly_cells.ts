import type { Knex } from 'knex';

/**
 * Monthly cells of durations (#14). A duration's days are a key of its day
 * cells (`dims._days`), so a duration read summed every day cell of the
 * indicator: about one row per ended duration, since each case has its own
 * day and combination of groups. At 300,000 ended durations of one process
 * (five dimensions, three years) that read took 3.4 s. `statistics_monthly_days`
 * holds the same counts per month, one dimension at a time (dim '' = all,
 * value '' = not recorded) and number of days: a read by one dimension over
 * whole months sums months × values × distinct days, however many cases
 * there are.
 *
 * A row trigger on `statistics_counts` keeps it: every writer of day cells
 * (the command path, `agora statistics rebuild`, bulk loads) adds to it
 * without knowing of it; the WHEN condition passes the cells of counts
 * (no `_days`) without calling the function. Day cells are only ever added
 * to (a rebuild clears both tables), so there is no DELETE trigger.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE TABLE statistics_monthly_days (
    tenant_id text NOT NULL,
    indicator text NOT NULL,
    dim text NOT NULL,
    month date NOT NULL,
    value text NOT NULL,
    days integer NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (tenant_id, indicator, dim, month, value, days)
  )`);
  await knex.raw(`CREATE FUNCTION statistics_days_monthly() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      delta bigint := NEW.n - CASE WHEN TG_OP = 'UPDATE' THEN OLD.n ELSE 0 END;
    BEGIN
      IF delta <> 0 THEN
        INSERT INTO statistics_monthly_days AS x (tenant_id, indicator, dim, month, value, days, n)
        SELECT NEW.tenant_id, NEW.indicator, d.key, date_trunc('month', NEW.day)::date, d.value, (NEW.dims->>'_days')::int, delta
        FROM (SELECT e.key, coalesce(e.value, '') AS value FROM jsonb_each_text(NEW.dims) e WHERE e.key <> '_days' UNION ALL SELECT '', '') d
        ORDER BY 3, 5
        ON CONFLICT (tenant_id, indicator, dim, month, value, days) DO UPDATE SET n = x.n + excluded.n;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER statistics_counts_days AFTER INSERT OR UPDATE ON statistics_counts
    FOR EACH ROW WHEN (jsonb_exists(NEW.dims, '_days')) EXECUTE FUNCTION statistics_days_monthly()`);
  // The durations counted before this migration.
  await knex.raw(`INSERT INTO statistics_monthly_days (tenant_id, indicator, dim, month, value, days, n)
    SELECT c.tenant_id, c.indicator, d.key, date_trunc('month', c.day)::date, d.value, (c.dims->>'_days')::int, sum(c.n)
    FROM statistics_counts c, LATERAL (SELECT e.key, coalesce(e.value, '') AS value FROM jsonb_each_text(c.dims) e WHERE e.key <> '_days' UNION ALL SELECT '', '') d
    WHERE jsonb_exists(c.dims, '_days')
    GROUP BY 1, 2, 3, 4, 5, 6`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS statistics_counts_days ON statistics_counts');
  await knex.raw('DROP FUNCTION IF EXISTS statistics_days_monthly()');
  await knex.schema.dropTableIfExists('statistics_monthly_days');
}
