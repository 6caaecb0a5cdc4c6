import type { Knex } from 'knex';

/**
 * Files uploaded with forms (#10): stored beside the case, never in its
 * JSON. The case data keeps a reference (`…;agora-attachment=<id>;base64,`);
 * the bytes live here until the case is purged by its retention period.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.text('tenant_id').notNullable().references('tenants.id');
    t.uuid('id').notNullable();
    t.uuid('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('form').notNullable();
    t.text('path').notNullable();
    t.text('name').notNullable();
    t.text('content_type').notNullable();
    t.integer('size').notNullable();
    t.binary('content').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['tenant_id', 'id']);
    t.index(['tenant_id', 'case_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('attachments');
}
