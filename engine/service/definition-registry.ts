import type { Knex } from 'knex';
import { compileDefinition, type CompiledDefinition } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import { KnexDefinitionStore } from '../store/index.js';

/**
 * Compiled definitions, cached per (tenant, key, version). Published
 * versions never change, so the cache needs no invalidation; drafts are not
 * runnable and never cached.
 */
export class DefinitionRegistry {
  private readonly cache = new Map<string, CompiledDefinition>();
  /** Per tenant, the keys that some published definition names as its parent, and when that was read. */
  private readonly parents = new Map<string, { keys: Set<string>; at: number }>();

  /** Whether cases of `key` can have child cases: some published definition names it as parent. */
  async canHaveChildren(db: Knex | Knex.Transaction, tenantId: string, key: string): Promise<boolean> {
    let entry = this.parents.get(tenantId);
    // Another server process may publish a sub-process; re-read at most once a minute.
    if (!entry || Date.now() - entry.at > 60_000) {
      const rows = await new KnexDefinitionStore(db).list(tenantId, 'published');
      entry = { keys: new Set(rows.map((r) => r.body.parent?.definition).filter((k): k is string => typeof k === 'string')), at: Date.now() };
      this.parents.set(tenantId, entry);
    }
    return entry.keys.has(key);
  }

  /** Forgets what it knows about parents after a publish in this process; others re-read within a minute. */
  published(tenantId: string): void {
    this.parents.delete(tenantId);
  }

  /** The compiled machine of a stored version (published or, for existing cases, whatever it was). */
  async compiled(db: Knex | Knex.Transaction, tenantId: string, key: string, version: number): Promise<CompiledDefinition> {
    const id = `${tenantId}\u0000${key}\u0000${version}`;
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = await new KnexDefinitionStore(db).get(tenantId, key, version);
    if (!row) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version });
    const compiled = compileDefinition(row.body, { trusted: true });
    if (row.status === 'published') this.cache.set(id, compiled);
    return compiled;
  }

  /** A published version to start cases of: the given one, or the latest. */
  async runnable(db: Knex | Knex.Transaction, tenantId: string, key: string, version?: number): Promise<CompiledDefinition> {
    const store = new KnexDefinitionStore(db);
    const row = await store.get(tenantId, key, version);
    if (!row) {
      // Only drafts exist: say so, rather than pretending the process is unknown.
      const draft = version === undefined ? (await store.list(tenantId, 'draft')).find((d) => d.key === key) : undefined;
      if (draft) throw new AgoraError('DEFINITION_NOT_PUBLISHED', { key, version: draft.version });
      throw new AgoraError('DEFINITION_NOT_FOUND', { key, version: version ?? 'latest' });
    }
    if (row.status !== 'published') throw new AgoraError('DEFINITION_NOT_PUBLISHED', { key, version: row.version });
    return this.compiled(db, tenantId, key, row.version);
  }

  /** Compiles every published version ahead of the first request (a cold compile costs up to a second). */
  async warm(db: Knex | Knex.Transaction, tenantId: string): Promise<number> {
    const rows = await new KnexDefinitionStore(db).list(tenantId, 'published');
    for (const r of rows) await this.compiled(db, tenantId, r.key, r.version);
    return rows.length;
  }

  /** Drops nothing but a draft's compiled copy; published entries are immutable. */
  forget(tenantId: string, key: string, version: number): void {
    this.cache.delete(`${tenantId}\u0000${key}\u0000${version}`);
  }
}
