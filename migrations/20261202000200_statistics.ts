import type { Knex } from 'knex';

/**
 * Anonymous statistics for the monitoring (#14). `statistics_counts` holds
 * counts per indicator, day and groups, without any reference to a case, so
 * the retention purge leaves it; `statistics_marks` keeps the start of a
 * running duration under a random per-case pseudonym (`cases.stat_subject`),
 * which the purge cuts. Population reference, bands and raised warnings
 * beside them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE cases ADD COLUMN stat_subject uuid DEFAULT gen_random_uuid()');
  await knex.raw(`CREATE TABLE statistics_counts (
    tenant_id text NOT NULL,
    definition_key text NOT NULL,
    indicator text NOT NULL,
    day date NOT NULL,
    dims jsonb NOT NULL,
    n bigint NOT NULL,
    total numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, indicator, day, dims)
  )`);
  await knex.raw(`CREATE TABLE statistics_marks (
    tenant_id text NOT NULL,
    subject uuid NOT NULL,
    indicator text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (subject, indicator)
  )`);
  await knex.raw(`CREATE TABLE statistics_population (
    tenant_id text NOT NULL,
    stadtteil text NOT NULL,
    altersgruppe text NOT NULL,
    jahr integer NOT NULL,
    einwohner integer NOT NULL,
    PRIMARY KEY (tenant_id, stadtteil, altersgruppe, jahr)
  )`);
  await knex.raw(`CREATE TABLE statistics_bands (
    tenant_id text NOT NULL,
    indicator text NOT NULL,
    min double precision,
    max double precision,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, indicator)
  )`);
  await knex.raw(`CREATE TABLE statistics_warnings (
    tenant_id text NOT NULL,
    indicator text NOT NULL,
    grp text NOT NULL,
    period text NOT NULL,
    value double precision,
    case_id uuid,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, indicator, grp, period)
  )`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['statistics_warnings', 'statistics_bands', 'statistics_population', 'statistics_marks', 'statistics_counts']) await knex.schema.dropTableIfExists(t);
  await knex.raw('ALTER TABLE cases DROP COLUMN stat_subject');
}
