import { parse } from 'csv-parse/sync';
import type { Knex } from 'knex';
import type { CompiledDefinition } from '../definition/index.js';
import { checkForm, type Actor } from '../runtime/index.js';
import { AgoraError, type ErrorDetail } from '../errors.js';
import { START_MANY_CHUNK, type CaseService, type Runtime } from './case-service.js';
import { allowedValues, type CatalogueService } from './catalogue-service.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { ImportRow } from './ports.js';
import { headerPaths, rowToValue } from './csv-rows.js';
import { jobView, LeaseLost, type JobContext, type JobService, type JobView } from './job-service.js';
import type { JobRecord } from '../store/index.js';

/** Rows of a bulk start at most. */
export const MAX_IMPORT_ROWS = 5000;
/** The job kind of a bulk start. */
export const BULK_START = 'bulk-start';

type Rejected = ImportRow['rejected'];

/** What a bulk start's job carries: who started it, what, and the CSV's rows. */
interface BulkStartPayload {
  actor: Actor;
  definition: string;
  version: number;
  form: string;
  records: Record<string, string>[];
}

/**
 * Bulk start: one case per CSV row (e.g. the children of a cohort), as a
 * durable job (#11). The request parses the CSV and queues the job; a worker
 * checks every row (if any is rejected nothing is created) and creates the
 * cases in chunks of 100, each chunk in one transaction with the job's
 * progress and the `imports` report, so other requests are served in between
 * and a job resumed after a crash starts no row twice.
 */
export class ImportService {
  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly catalogues: CatalogueService,
    private readonly cases: CaseService,
    private readonly rt: Runtime,
    private readonly jobs: JobService,
  ) {
    jobs.handle(BULK_START, (job, ctx) => this.run(job, ctx));
  }

  /** Parses the CSV and queues the job (its id is the import's id); the work is done by the job worker. */
  async start(actor: Actor, input: { definition: string; version?: number; form: string; csv: string }): Promise<JobView> {
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
    const payload: BulkStartPayload = { actor, definition: compiled.definition.key, version: compiled.definition.version, form: input.form, records };
    const job = await this.knex.transaction(async (trx) => {
      await trx('imports').insert({
        id, tenant_id: actor.tenantId, user_id: actor.id, definition_key: compiled.definition.key, definition_version: compiled.definition.version,
        status: 'running', total: records.length, processed: 0, created: 0, rejected: '[]', created_at: now, updated_at: now,
      });
      return this.jobs.enqueue({ tenantId: actor.tenantId, id, kind: BULK_START, payload: payload as unknown as Record<string, unknown>, total: records.length, createdBy: actor.id }, trx);
    });
    return jobView(job!);
  }

  /** The job's work: check every row, then create the cases chunk by chunk from the recorded progress on. */
  private async run(job: JobRecord, ctx: JobContext): Promise<unknown> {
    const p = job.payload as unknown as BulkStartPayload;
    const { actor, form, records } = p;
    const report = (trx: Knex | Knex.Transaction, fields: Record<string, unknown>) =>
      trx('imports').where({ id: job.id }).update({ ...fields, updated_at: ctx.now().toISOString() });
    try {
      const compiled = await this.registry.compiled(this.knex, actor.tenantId, p.definition, p.version);
      const { rows, rejected } = await this.check(compiled, actor, form, records);
      // A resumed job checked its rows before its first chunk; a catalogue changed since does not undo committed chunks.
      if (rejected.length && job.progress.done === 0) {
        await report(this.knex, { status: 'rejected', processed: records.length, rejected: JSON.stringify(rejected) });
        return { status: 'rejected', rejected: rejected.length };
      }
      const owner = await this.cases.bulkOwner(actor, compiled);
      for (let from = job.progress.done; from < rows.length; from += START_MANY_CHUNK) {
        const to = Math.min(from + START_MANY_CHUNK, rows.length);
        await ctx.step(to, async (trx) => {
          await this.cases.startChunkIn(trx, actor, compiled, rows.slice(from, to).map((r) => ({ [form]: r })), owner);
          await report(trx, { processed: to, created: to });
        });
        // A turn of the event loop: the embedded database's one connection serves waiting requests between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await report(this.knex, { status: 'done' });
      return { status: 'done', created: rows.length };
    } catch (e) {
      // Another worker has the job now: it reports; this one only stops.
      if (e instanceof LeaseLost) throw e;
      const created = job.progress.done;
      // Row 0 is the import as a whole; people read German. Whole chunks before the failure stay created.
      const message = created ? `Der Import wurde nach ${created} angelegten Vorgängen abgebrochen; diese bleiben bestehen.` : 'Der Import konnte nicht abgeschlossen werden; es wurde nichts angelegt.';
      const rejected: Rejected = [{ row: 0, problems: [{ path: '/', message, code: e instanceof AgoraError ? e.code : 'INTERNAL' }] }];
      await report(this.knex, { status: 'failed', processed: created, created, rejected: JSON.stringify(rejected) });
      throw e;
    }
  }

  /** Converts and checks every row against the form; rows numbered as a spreadsheet shows them (the header is row 1). */
  private async check(compiled: CompiledDefinition, actor: Actor, form: string, records: Record<string, string>[]) {
    const schema = compiled.definition.forms[form].schema as any;
    const paths = headerPaths(schema, Object.keys(records[0]));
    const keys = [...new Set((compiled.catalogueFields[form] ?? []).map((f) => f.catalogue))];
    const entries = await this.catalogues.entries(this.knex, actor.tenantId, keys);
    const catalogueValues = allowedValues(keys, entries);
    const rows: Array<Record<string, unknown>> = [];
    const rejected: Rejected = [];
    const today = this.rt.now();
    records.forEach((record, i) => {
      const value = rowToValue(schema, paths, record, entries);
      const problems: ErrorDetail[] = checkForm(compiled, form, value, catalogueValues, today, this.rt.timeZone(actor.tenantId));
      if (problems.length) rejected.push({ row: i + 2, problems });
      rows.push(value);
    });
    return { rows, rejected };
  }
}
