import type { Knex } from 'knex';
import type { CompiledDefinition } from '../definition/index.js';
import { leafPaths, migrateCase, type Actor } from '../runtime/index.js';
import { AgoraError, type ErrorDetail } from '../errors.js';
import { sameGrants } from '../access/index.js';
import { KnexStoreTx } from '../store/index.js';
import { grantsOf, titleOf, type Runtime } from './case-service.js';
import type { DefinitionRegistry } from './definition-registry.js';

/** Cases looked at per round; between rounds other requests get the (embedded) database. */
export const MIGRATION_CHUNK = 50;

/** A migration request (DESIGN.md, "Changing a running process"). */
export interface MigrationInput {
  from: number;
  to: number;
  /** Old innermost state path -> new state path; unnamed states keep their path when the new version has it. */
  states?: Record<string, string>;
  dryRun: boolean;
  /** At most this many cases (from `cursor` on, by id); the answer's `nextCursor` continues. */
  limit?: number;
  cursor?: string;
}

/** Per old state: how many cases, where they go, how many moved (or would) and how many cannot. */
export interface StateCount {
  cases: number;
  migrated: number;
  problems: number;
  target: string | null;
}

/** The summary of a migration or dry run. */
export interface MigrationSummary {
  cases: number;
  migrated: number;
  byState: Record<string, StateCount>;
  problems: Array<{ caseId: string; reference: string; path: string; message: string }>;
  nextCursor: string | null;
}

/**
 * Moves running cases of one definition version to another, one
 * transaction per case, through the same save path as every command (version
 * check, tasks, grants, timers, title). A dry run computes the same outcome
 * and writes nothing. Closed cases stay on the version they ended on.
 */
export class MigrationService {
  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly rt: Runtime,
  ) {}

  /** Checks the request, then migrates (or dry-runs) every active case of `from`, chunk by chunk. */
  async migrate(actor: Actor, key: string, input: MigrationInput, onProgress?: (done: number, total: number) => void): Promise<MigrationSummary> {
    const { from, to } = await this.versions(actor.tenantId, key, input);
    const states = input.states ?? {};
    const store = new KnexStoreTx(this.knex);
    const ids = await store.activeCaseIds(actor.tenantId, key, input.from, input.cursor ?? null, input.limit ?? null);
    const summary: MigrationSummary = { cases: 0, migrated: 0, byState: {}, problems: [], nextCursor: null };
    for (let i = 0; i < ids.length; i += MIGRATION_CHUNK) {
      for (const id of ids.slice(i, i + MIGRATION_CHUNK)) await this.one(actor, from, to, id, states, input.dryRun, summary);
      onProgress?.(Math.min(i + MIGRATION_CHUNK, ids.length), ids.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (input.limit !== undefined && ids.length === input.limit) summary.nextCursor = ids[ids.length - 1] ?? null;
    return summary;
  }

  private async versions(tenantId: string, key: string, input: MigrationInput): Promise<{ from: CompiledDefinition; to: CompiledDefinition }> {
    if (input.from === input.to) throw new AgoraError('MIGRATION_INVALID', { key, from: input.from, to: input.to, reason: 'the versions are the same' });
    const from = await this.registry.compiled(this.knex, tenantId, key, input.from);
    // Cases run only on published versions, so they may only move to one.
    const to = await this.registry.runnable(this.knex, tenantId, key, input.to);
    const wrong: ErrorDetail[] = Object.entries(input.states ?? {})
      .filter(([, target]) => !to.states.has(target))
      .map(([old, target]) => ({ path: `/states/${old}`, message: `Den Zustand „${target}“ gibt es in Version ${input.to} nicht.` }));
    if (wrong.length) throw new AgoraError('MIGRATION_INVALID', { key, from: input.from, to: input.to, reason: 'the mapping names states the new version does not have' }, wrong);
    return { from, to };
  }

  /** One case in its own transaction: locked, mapped, checked, saved with the version check (or only counted in a dry run). */
  private async one(actor: Actor, from: CompiledDefinition, to: CompiledDefinition, id: string, states: Record<string, string>, dryRun: boolean, summary: MigrationSummary): Promise<void> {
    await this.knex.transaction(async (trx) => {
      const tx = new KnexStoreTx(trx);
      const row = await tx.loadCase(actor.tenantId, id, !dryRun);
      // Moved on meanwhile (closed, or migrated by someone else): not this migration's case any more.
      if (!row || row.status !== 'active' || row.definition.version !== from.definition.version) return;
      summary.cases++;
      const leaves = leafPaths(row.statePaths);
      const result = migrateCase(from, to, row, states, { actor, now: this.rt.now(), timeZone: this.rt.timeZone(actor.tenantId) });
      for (const leaf of leaves) {
        const count = (summary.byState[leaf] ??= { cases: 0, migrated: 0, problems: 0, target: null });
        count.cases++;
        count.target = states[leaf] ?? (to.states.has(leaf) ? leaf : null);
        if (result.ok) count.migrated++;
        else count.problems++;
      }
      if (!result.ok) {
        for (const p of result.problems) summary.problems.push({ caseId: row.id, reference: row.reference, ...p });
        return;
      }
      summary.migrated++;
      if (dryRun) return;
      const step = result.value;
      const before = grantsOf(from, row);
      const grants = grantsOf(to, { ...step.case, organisation: row.organisation });
      const saved = await tx.saveStep(step, row.version, {
        fieldOfAction: to.definition.fieldOfAction ?? null,
        grants,
        grantsChanged: !sameGrants(before, grants),
        title: titleOf(to, row.title, step.case.data),
        tasksChanged: true,
        timersChanged: true,
        draftUserId: null,
      });
      // The row is locked, so this cannot happen; if it does, nothing was written.
      if (!saved) throw new AgoraError('VERSION_CONFLICT', { expected: row.version, actual: '?' });
    });
  }
}
