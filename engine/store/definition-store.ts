import type { Knex } from 'knex';
import type { Definition } from '../definition/index.js';
import type { DefinitionRow } from '../service/index.js';
import { iso, isoOrNull } from './case-store.js';

function toRow(r: any): DefinitionRow {
  return {
    tenantId: r.tenant_id,
    key: r.key,
    version: r.version,
    status: r.status,
    fieldOfAction: r.field_of_action,
    title: r.title,
    body: r.body,
    checksum: r.checksum,
    createdAt: iso(r.created_at),
    publishedAt: isoOrNull(r.published_at),
  };
}

/** Definition versions of a tenant. */
export class KnexDefinitionStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async list(tenantId: string, status?: 'draft' | 'published'): Promise<DefinitionRow[]> {
    const q = this.db('definitions').where({ tenant_id: tenantId }).orderBy([{ column: 'key' }, { column: 'version', order: 'desc' }]);
    if (status) q.where({ status });
    return (await q).map(toRow);
  }

  /** Every published (key, version), without the bodies (the registry caches them; published bodies never change). */
  async publishedVersions(tenantId: string): Promise<Array<{ key: string; version: number }>> {
    const rows = await this.db('definitions').where({ tenant_id: tenantId, status: 'published' }).select('key', 'version');
    return rows.map((r: any) => ({ key: r.key, version: Number(r.version) }));
  }

  /** The latest published version of each key, without the bodies (cheap; the registry caches the bodies). */
  async latestPublished(tenantId: string): Promise<Array<{ key: string; version: number }>> {
    const rows = await this.db('definitions').where({ tenant_id: tenantId, status: 'published' }).groupBy('key').select('key').max({ version: 'version' });
    return rows.map((r: any) => ({ key: r.key, version: Number(r.version) }));
  }

  async get(tenantId: string, key: string, version?: number): Promise<DefinitionRow | null> {
    const q = this.db('definitions').where({ tenant_id: tenantId, key });
    if (version !== undefined) q.where({ version });
    else q.where({ status: 'published' }).orderBy('version', 'desc');
    const row = await q.first();
    return row ? toRow(row) : null;
  }

  async getForUpdate(tenantId: string, key: string, version: number): Promise<DefinitionRow | null> {
    const row = await this.db('definitions').where({ tenant_id: tenantId, key, version }).forUpdate().first();
    return row ? toRow(row) : null;
  }

  async saveDraft(tenantId: string, def: Definition, checksum: string, now: string): Promise<DefinitionRow> {
    const values = {
      tenant_id: tenantId,
      key: def.key,
      version: def.version,
      status: 'draft',
      field_of_action: def.fieldOfAction ?? null,
      title: JSON.stringify(def.title),
      body: JSON.stringify(def),
      checksum,
      created_at: now,
    };
    const [row] = await this.db('definitions')
      .insert(values)
      .onConflict(['tenant_id', 'key', 'version'])
      .merge(['body', 'title', 'field_of_action', 'checksum', 'created_at'])
      .returning('*');
    return toRow(row);
  }

  async publish(tenantId: string, key: string, version: number, now: string): Promise<DefinitionRow> {
    const [row] = await this.db('definitions')
      .where({ tenant_id: tenantId, key, version })
      .update({ status: 'published', published_at: now })
      .returning('*');
    return toRow(row);
  }
}
