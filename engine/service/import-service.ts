import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import type { CompiledDefinition } from '../definition/index.js';
import { checkForm, type Actor } from '../runtime/index.js';
import { AgoraError, type ErrorDetail } from '../errors.js';
import type { CaseService, Runtime } from './case-service.js';
import { allowedValues, type CatalogueService } from './catalogue-service.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { ImportRow } from './ports.js';
import { headerPaths, rowToValue } from './csv-rows.js';

/** Rows of a bulk start at most. */
export const MAX_IMPORT_ROWS = 5000;

type Progress = Pick<ImportRow, 'status' | 'total' | 'processed' | 'created' | 'rejected'>;

/**
 * Bulk start: one case per CSV row (e.g. the children of a cohort). Every
 * row is validated first; if any is rejected nothing is created, otherwise
 * the cases are created in chunks of 100, each in its own transaction, so
 * other requests are served in between (the embedded database has one
 * connection). Progress is kept in memory while
 * the job runs and in the `imports` table when it ends.
 */
export class ImportService {
  private readonly running = new Map<string, Progress>();

  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly catalogues: CatalogueService,
    private readonly cases: CaseService,
    private readonly rt: Runtime,
  ) {}

  /** Parses and registers the job; the work continues in the background. Returns the job id. */
  async start(actor: Actor, input: { definition: string; version?: number; form: string; csv: string }): Promise<{ id: string; done: Promise<void> }> {
    const compiled = await this.registry.runnable(this.knex, actor.tenantId, input.definition, input.version);
    // The same rule as starting one case (CaseService.start): a bulk start is many starts.
    if (!actor.system && !actor.roles.includes('admin') && !compiled.definition.roles.some((r) => actor.roles.includes(r))) {
      throw new AgoraError('AUTH_FORBIDDEN', { reason: `starting ${input.definition} needs one of the roles ${compiled.definition.roles.join(', ')}` });
    }
    const form = compiled.definition.forms[input.form];
    if (!form) throw new AgoraError('VALIDATION_FAILED', {}, [{ path: '/form', message: `process ${input.definition} has no form ${input.form}` }]);
    let records: Record<string, string>[];
    try {
      records = parse(input.csv, { columns: true, bom: true, skip_empty_lines: true, delimiter: input.csv.split('\n')[0].includes(';') ? ';' : ',', trim: true });
    } catch (e) {
      throw new AgoraError('BAD_REQUEST', { reason: `the CSV cannot be read: ${(e as Error).message}` });
    }
    if (records.length === 0) throw new AgoraError('BAD_REQUEST', { reason: 'the CSV has no data rows' });
    if (records.length > MAX_IMPORT_ROWS) throw new AgoraError('BAD_REQUEST', { reason: `at most ${MAX_IMPORT_ROWS} rows at once` });
    const id = this.rt.newId();
    const now = this.rt.now().toISOString();
    await this.knex('imports').insert({
      id, tenant_id: actor.tenantId, user_id: actor.id, definition_key: compiled.definition.key, definition_version: compiled.definition.version,
      status: 'running', total: records.length, processed: 0, created: 0, rejected: '[]', created_at: now, updated_at: now,
    });
    const progress: Progress = { status: 'running', total: records.length, processed: 0, created: 0, rejected: [] };
    this.running.set(id, progress);
    const done = this.run(actor, compiled, input.form, records, id, progress).finally(() => this.running.delete(id));
    return { id, done };
  }

  /** The live progress of a job of this process, else what the table says. */
  live(id: string): Progress | undefined {
    return this.running.get(id);
  }

  private async run(actor: Actor, compiled: CompiledDefinition, form: string, records: Record<string, string>[], id: string, progress: Progress): Promise<void> {
    const schema = compiled.definition.forms[form].schema as any;
    const paths = headerPaths(schema, Object.keys(records[0]));
    const keys = [...new Set((compiled.catalogueFields[form] ?? []).map((f) => f.catalogue))];
    const entries = await this.catalogues.entries(this.knex, actor.tenantId, keys);
    const catalogueValues = allowedValues(keys, entries);
    const rows: Array<Record<string, unknown>> = [];
    const today = this.rt.now();
    records.forEach((record, i) => {
      const value = rowToValue(schema, paths, record, entries);
      const problems: ErrorDetail[] = checkForm(compiled, form, value, catalogueValues, today, this.rt.timeZone(actor.tenantId));
      // Row numbers as a spreadsheet shows them: the header is row 1.
      if (problems.length) progress.rejected.push({ row: i + 2, problems });
      rows.push(value);
      progress.processed = i + 1;
    });
    try {
      if (progress.rejected.length === 0) {
        progress.processed = 0;
        await this.cases.startMany(actor, compiled, rows.map((r) => ({ [form]: r })), (n) => {
          progress.processed = n;
          progress.created = n;
        });
        progress.status = 'done';
      } else progress.status = 'rejected';
    } catch (e) {
      progress.status = 'failed';
      if (!(e instanceof AgoraError)) console.error(`bulk start ${id} failed: ${(e as Error).message}`);
      // Row 0 is the import as a whole; people read German. Whole chunks before the failure stay created.
      const message = progress.created ? `Der Import wurde nach ${progress.created} angelegten Vorgängen abgebrochen; diese bleiben bestehen.` : 'Der Import konnte nicht abgeschlossen werden; es wurde nichts angelegt.';
      progress.rejected.push({ row: 0, problems: [{ path: '/', message, code: e instanceof AgoraError ? e.code : 'INTERNAL' }] });
    }
    await this.knex('imports').where({ id }).update({
      status: progress.status, processed: progress.processed, created: progress.created,
      rejected: JSON.stringify(progress.rejected), updated_at: this.rt.now().toISOString(),
    });
  }
}
