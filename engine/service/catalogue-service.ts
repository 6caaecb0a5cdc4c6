import type { Knex } from 'knex';
import type { LocalizedText } from '../definition/index.js';
import type { CatalogueValues } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { iso } from '../store/index.js';
import type { CatalogueRow } from './ports.js';

/** The allowed values per catalogue key, from loaded entries (a missing catalogue allows nothing). */
export function allowedValues(keys: string[], entries: Record<string, CatalogueRow['entries']>): CatalogueValues {
  return Object.fromEntries(keys.map((k) => [k, new Set((entries[k] ?? []).map((e) => e.value))]));
}

const toRow = (r: any): CatalogueRow => ({ key: r.key, title: r.title, entries: r.entries, updatedAt: iso(r.updated_at) });

/** Admin-maintained reference lists (Kitas, schools, districts, ...) that form fields name with `x-catalogue`. */
export class CatalogueService {
  constructor(private readonly knex: Knex) {}

  async list(tenantId: string): Promise<Array<{ key: string; title: LocalizedText; count: number }>> {
    const rows = await this.knex('catalogues').where({ tenant_id: tenantId }).orderBy('key');
    return rows.map((r: any) => ({ key: r.key, title: r.title, count: (r.entries as unknown[]).length }));
  }

  async get(tenantId: string, key: string): Promise<CatalogueRow> {
    const row = await this.knex('catalogues').where({ tenant_id: tenantId, key }).first();
    if (!row) throw new AgoraError('CATALOGUE_NOT_FOUND', { key });
    return toRow(row);
  }

  /** Entries of several catalogues at once, for the case view. */
  async entries(db: Knex | Knex.Transaction, tenantId: string, keys: string[]): Promise<Record<string, CatalogueRow['entries']>> {
    if (!keys.length) return {};
    const rows = await db('catalogues').where({ tenant_id: tenantId }).whereIn('key', keys);
    return Object.fromEntries(rows.map((r: any) => [r.key, r.entries]));
  }

  /** The allowed values per catalogue, for server-side validation. */
  async values(db: Knex | Knex.Transaction, tenantId: string, keys: string[]): Promise<CatalogueValues> {
    const entries = await this.entries(db, tenantId, keys);
    return allowedValues(keys, entries);
  }

  async put(tenantId: string, key: string, title: LocalizedText, entries: CatalogueRow['entries'], now: Date, db: Knex | Knex.Transaction = this.knex): Promise<CatalogueRow> {
    const values = new Set<string>();
    entries.forEach((e, i) => {
      if (values.has(e.value)) throw new AgoraError('VALIDATION_FAILED', {}, [{ path: `/entries/${i}/value`, message: `duplicate value "${e.value}"` }]);
      values.add(e.value);
    });
    const [row] = await db('catalogues')
      .insert({ tenant_id: tenantId, key, title: JSON.stringify(title), entries: JSON.stringify(entries), updated_at: now.toISOString() })
      .onConflict(['tenant_id', 'key'])
      .merge()
      .returning('*');
    return toRow(row);
  }
}
