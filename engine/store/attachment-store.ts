import type { Knex } from 'knex';

/** A stored attachment with its bytes. */
export interface AttachmentRow {
  id: string;
  caseId: string;
  form: string;
  path: string;
  name: string;
  contentType: string;
  size: number;
  content: Buffer;
  createdAt: string;
}

/** What the service stores for a new attachment. */
export interface AttachmentInput {
  id: string;
  form: string;
  path: string;
  name: string;
  contentType: string;
  size: number;
  content: Uint8Array;
}

/** Attachments of cases: insert in a command's transaction, read one for a download. */
export class KnexAttachmentStore {
  constructor(private readonly knex: Knex | Knex.Transaction) {}

  async insert(tenantId: string, caseId: string, createdBy: string, at: string, list: readonly AttachmentInput[]): Promise<void> {
    if (!list.length) return;
    await this.knex('attachments').insert(
      list.map((a) => ({
        tenant_id: tenantId, id: a.id, case_id: caseId, form: a.form, path: a.path, name: a.name,
        content_type: a.contentType, size: a.size, content: Buffer.from(a.content), created_by: createdBy, created_at: at,
      })),
    );
  }

  /** One attachment of one case, or null (another case's id finds nothing). */
  async get(tenantId: string, caseId: string, id: string): Promise<AttachmentRow | null> {
    const r = await this.knex('attachments').where({ tenant_id: tenantId, case_id: caseId, id }).first();
    if (!r) return null;
    return {
      id: r.id, caseId: r.case_id, form: r.form, path: r.path, name: r.name, contentType: r.content_type, size: r.size,
      content: Buffer.from(r.content), createdAt: new Date(r.created_at).toISOString(),
    };
  }

  /** Deletes the attachments of purged cases. */
  async deleteForCases(caseIds: readonly string[]): Promise<void> {
    if (caseIds.length) await this.knex('attachments').whereIn('case_id', caseIds).delete();
  }
}
