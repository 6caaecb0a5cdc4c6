import type { Knex } from 'knex';

/** The whole first schema: tenants, accounts, definitions, cases with their events, tasks, timers, drafts, catalogues, imports. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tenants', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.text('username').notNullable();
    t.text('password_hash').notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'username']);
  });
  await knex.schema.createTable('sessions', (t) => {
    t.text('id').primary(); // SHA-256 of the cookie value; the value itself is never stored
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['expires_at']);
  });
  await knex.schema.createTable('api_tokens', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_used_at', { useTz: true });
  });
  await knex.schema.createTable('definitions', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    t.text('key').notNullable();
    t.integer('version').notNullable();
    t.text('status').notNullable(); // draft | published
    t.text('field_of_action');
    t.jsonb('title').notNullable();
    // json, not jsonb: jsonb reorders keys, and the order of a form's fields is what people see.
    t.json('body').notNullable();
    t.text('checksum').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true });
    t.primary(['tenant_id', 'key', 'version']);
  });
  await knex.raw('CREATE SEQUENCE case_number_seq');
  await knex.schema.createTable('cases', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.bigInteger('number').notNullable().defaultTo(knex.raw("nextval('case_number_seq')"));
    t.text('definition_key').notNullable();
    t.integer('definition_version').notNullable();
    t.jsonb('state').notNullable();
    t.specificType('state_paths', 'text[]').notNullable();
    t.text('status').notNullable();
    t.jsonb('data').notNullable();
    t.jsonb('envelope').notNullable();
    t.integer('version').notNullable();
    t.uuid('parent_id').references('cases.id');
    t.timestamp('due_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.foreign(['tenant_id', 'definition_key', 'definition_version']).references(['tenant_id', 'key', 'version']).inTable('definitions');
  });
  await knex.raw('CREATE INDEX cases_list ON cases (tenant_id, updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX cases_by_definition ON cases (tenant_id, definition_key, status, updated_at DESC, id DESC)');
  await knex.raw('CREATE INDEX cases_state_paths ON cases USING gin (state_paths)');
  await knex.raw('CREATE INDEX cases_parent ON cases (parent_id, definition_key, status) WHERE parent_id IS NOT NULL');
  await knex.raw('CREATE INDEX cases_due ON cases (tenant_id, due_at) WHERE status = \'active\'');
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.integer('seq').notNullable();
    t.text('type').notNullable();
    t.text('form');
    t.jsonb('data');
    t.text('actor_id').notNullable();
    t.text('actor_name').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.jsonb('from_state');
    t.jsonb('to_state').notNullable();
    t.jsonb('context').notNullable();
    t.unique(['case_id', 'seq']);
  });
  // One row per task and role, so the inbox reads one index range per role in due order.
  await knex.schema.createTable('tasks', (t) => {
    t.bigIncrements('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('role').notNullable();
    t.text('state_path').notNullable();
    t.text('kind').notNullable();
    t.jsonb('title').notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.text('form');
    t.timestamp('due_at', { useTz: true });
    t.text('definition_key').notNullable();
    t.text('field_of_action');
  });
  await knex.raw('CREATE INDEX tasks_inbox ON tasks (tenant_id, role, due_at ASC NULLS LAST, id)');
  await knex.raw('CREATE INDEX tasks_case ON tasks (case_id)');
  await knex.schema.createTable('timers', (t) => {
    t.bigIncrements('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('timer_id').notNullable();
    t.text('event_type').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.unique(['case_id', 'timer_id']);
  });
  await knex.raw('CREATE INDEX timers_due ON timers (due_at)');
  await knex.schema.createTable('drafts', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('case_id').notNullable().references('cases.id');
    t.uuid('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('form').notNullable();
    t.jsonb('data').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['case_id', 'user_id']);
  });
  await knex.schema.createTable('catalogues', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    t.text('key').notNullable();
    t.jsonb('title').notNullable();
    t.jsonb('entries').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'key']);
  });
  await knex.schema.createTable('imports', (t) => {
    t.uuid('id').primary();
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('user_id').notNullable();
    t.text('definition_key').notNullable();
    t.integer('definition_version').notNullable();
    t.text('status').notNullable();
    t.integer('total').notNullable();
    t.integer('processed').notNullable().defaultTo(0);
    t.integer('created').notNullable().defaultTo(0);
    t.jsonb('rejected').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['imports', 'catalogues', 'drafts', 'timers', 'tasks', 'events', 'cases', 'definitions', 'api_tokens', 'sessions', 'users', 'tenants']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP SEQUENCE IF EXISTS case_number_seq');
}
