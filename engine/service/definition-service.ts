import type { Knex } from 'knex';
import {
  compileDefinition, definitionGraph, diffDefinitions, lintDefinition, lintStatisticsAcross, stateRenames, type Definition, type DefinitionChange, type DefinitionGraph,
} from '../definition/index.js';
import { AgoraError, type ErrorDetail } from '../errors.js';
import { KnexDefinitionStore } from '../store/index.js';
import { simulate, walkPaths, type Move, type WalkPath } from '../simulation/index.js';
import type { CatalogueService } from './catalogue-service.js';
import type { DefinitionRow } from './ports.js';
import type { DefinitionRegistry } from './definition-registry.js';

/** Importing, publishing and reading process definitions. */
export class DefinitionService {
  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly now: () => Date,
    private readonly catalogues?: CatalogueService,
  ) {}

  /** Lints without storing: every problem by JSON pointer, and the diagram when clean. */
  lint(doc: unknown): { ok: boolean; problems: ErrorDetail[]; warnings: ErrorDetail[]; graph?: DefinitionGraph } {
    const result = lintDefinition(doc);
    const warnings = result.warnings;
    if (!result.ok) return { ok: false, problems: result.problems, warnings };
    try {
      compileDefinition(doc);
    } catch (e) {
      // XState may still refuse a config lint found fine; report it at the machine.
      return { ok: false, problems: [{ path: '/machine', message: (e as Error).message }], warnings };
    }
    return { ok: true, problems: [], warnings, graph: definitionGraph(result.definition) };
  }

  /**
   * The changes from one document to another in words, and the states
   * renamed (old path -> new path, to suggest a migration's mapping). Both
   * must pass lint; problems are listed under `/before` and `/after`.
   */
  diff(before: unknown, after: unknown): { changes: DefinitionChange[]; renames: Record<string, string> } {
    const a = lintDefinition(before);
    const b = lintDefinition(after);
    const problems = [
      ...(a.ok ? [] : a.problems.map((p) => ({ ...p, path: `/before${p.path}` }))),
      ...(b.ok ? [] : b.problems.map((p) => ({ ...p, path: `/after${p.path}` }))),
    ];
    if (!a.ok || !b.ok) throw new AgoraError('DEFINITION_INVALID', { count: problems.length }, problems);
    return { changes: diffDefinitions(a.definition, b.definition), renames: stateRenames(a.definition, b.definition) };
  }

  /**
   * Simulates a document before it is published: lint first (problems by
   * JSON pointer, nothing simulated while there are any), then paths that
   * take every reachable transition with generated form data, or the given
   * paths (moves with data people typed) walked step by step. The parent
   * process, if any, runs in its latest published version.
   */
  async simulate(tenantId: string, doc: unknown, paths?: Move[][]): Promise<{
    ok: boolean; problems: ErrorDetail[]; warnings: ErrorDetail[]; paths: WalkPath[]; covered: number; total: number;
    uncovered: Array<{ definition: string; pointer: string; from: string; trigger: string }>;
  }> {
    const lint = this.lint(doc);
    const empty = { paths: [], covered: 0, total: 0, uncovered: [] };
    if (!lint.ok) return { ok: false, problems: lint.problems, warnings: lint.warnings, ...empty };
    const compiled = compileDefinition(doc);
    const definitions = new Map([[compiled.definition.key, compiled]]);
    const parentKey = compiled.definition.parent?.definition;
    if (parentKey) {
      const parent = await new KnexDefinitionStore(this.knex).get(tenantId, parentKey);
      if (parent?.status === 'published') definitions.set(parentKey, await this.registry.compiled(this.knex, tenantId, parentKey, parent.version));
    }
    const keys = new Set([...definitions.values()].flatMap((c) => Object.values(c.catalogueFields).flatMap((f) => f.map((x) => x.catalogue))));
    const world = { definitions, catalogues: keys.size && this.catalogues ? await this.catalogues.values(this.knex, tenantId, [...keys]) : {}, tenantId };
    const start = this.now();
    if (paths) return { ok: true, problems: [], warnings: lint.warnings, paths: walkPaths(world, start, paths), covered: 0, total: 0, uncovered: [] };
    return { ok: true, problems: [], warnings: lint.warnings, ...simulate(world, start) };
  }

  /** Stores a definition as a draft (replacing a draft of the same version). */
  async import(tenantId: string, doc: unknown): Promise<DefinitionRow> {
    const lint = this.lint(doc);
    if (!lint.ok) throw new AgoraError('DEFINITION_INVALID', { count: lint.problems.length }, lint.problems);
    const compiled = compileDefinition(doc);
    const def = compiled.definition;
    return this.knex.transaction(async (trx) => {
      const store = new KnexDefinitionStore(trx);
      const existing = await store.getForUpdate(tenantId, def.key, def.version);
      if (existing?.status === 'published') throw new AgoraError('DEFINITION_EXISTS', { key: def.key, version: def.version });
      this.registry.forget(tenantId, def.key, def.version);
      return store.saveDraft(tenantId, def, compiled.checksum, this.now().toISOString());
    });
  }

  /** Publishes a draft; publishing a published version again is a no-op. */
  async publish(tenantId: string, key: string, version: number): Promise<DefinitionRow> {
    return this.knex.transaction(async (trx) => {
      const store = new KnexDefinitionStore(trx);
      const row = await store.getForUpdate(tenantId, key, version);
      if (!row) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version });
      if (row.status === 'published') return row;
      if (row.body.parent) {
        const parent = await store.get(tenantId, row.body.parent.definition);
        if (!parent) {
          throw new AgoraError('DEFINITION_INVALID', { count: 1 }, [{ path: '/parent/definition', message: `publish ${row.body.parent.definition} first` }]);
        }
      }
      await this.checkStatisticsAcross(trx, tenantId, row.body);
      const published = await store.publish(tenantId, key, version, this.now().toISOString());
      this.registry.published(tenantId);
      return published;
    });
  }

  /**
   * Shares naming another process's indicator are checked when a version is
   * published, against the latest published versions: its own shares, and
   * the other processes' shares that name one of its indicators (a new
   * version must not drop an indicator another process reads).
   */
  private async checkStatisticsAcross(trx: Knex.Transaction, tenantId: string, def: Definition): Promise<void> {
    const others: Definition[] = [];
    for (const r of await new KnexDefinitionStore(trx).latestPublished(tenantId)) {
      if (r.key !== def.key) others.push((await this.registry.compiled(trx, tenantId, r.key, r.version)).definition);
    }
    const problems = lintStatisticsAcross([...others, def]).filter((p) => p.definition === def.key || p.target === def.key);
    if (problems.length) throw new AgoraError('DEFINITION_INVALID', { count: problems.length }, problems.map((p) => p.detail));
  }

  async list(tenantId: string, status?: 'draft' | 'published'): Promise<DefinitionRow[]> {
    return new KnexDefinitionStore(this.knex).list(tenantId, status);
  }

  async get(tenantId: string, key: string, version: number): Promise<DefinitionRow> {
    const row = await new KnexDefinitionStore(this.knex).get(tenantId, key, version);
    if (!row) throw new AgoraError('DEFINITION_NOT_FOUND', { key, version });
    return row;
  }

  async graph(tenantId: string, key: string, version: number): Promise<DefinitionGraph> {
    return definitionGraph((await this.get(tenantId, key, version)).body);
  }
}
