import type { Knex } from 'knex';
import type { Actor } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { toCaseRow } from '../store/index.js';
import type { ReadService } from './read-service.js';

/** Roles that may search and export personal data for a data subject's request. */
export const PRIVACY_ROLES = ['admin', 'datenschutz'] as const;

/** Most cases one search or export covers. */
export const PRIVACY_LIMIT = 200;

function requirePrivacyRole(actor: Actor): void {
  if (!PRIVACY_ROLES.some((r) => actor.roles.includes(r))) {
    throw new AgoraError('AUTH_FORBIDDEN', { reason: 'data subject requests need the role "datenschutz" or "admin"' });
  }
}

/**
 * Data subject access (DSGVO Art. 15): find every case, across processes,
 * whose form data mentions a person, and export those cases with their
 * history as one document. Only the data protection role may do it.
 */
export class PrivacyService {
  constructor(
    private readonly knex: Knex,
    private readonly reads: ReadService,
    private readonly now: () => Date,
  ) {
  }

  /** Cases whose data contains every word of `q` (case-insensitive), newest first. */
  async search(actor: Actor, q: string) {
    requirePrivacyRole(actor);
    const words = q.trim().split(/\s+/).filter((w) => w.length >= 2);
    if (!words.length) throw new AgoraError('VALIDATION_FAILED', {}, [{ path: '/q', message: 'give at least one word of two or more letters' }]);
    const query = this.knex('cases').where({ tenant_id: actor.tenantId }).orderBy('updated_at', 'desc').limit(PRIVACY_LIMIT);
    // A scan over the case data: a rare, deliberate request, never a hot path.
    for (const w of words) query.whereRaw("data::text ILIKE '%' || ? || '%'", [w.replace(/[\\%_]/g, (c) => `\\${c}`)]);
    const rows = (await query).map(toCaseRow);
    // The data protection role reads every process's cases for this purpose only.
    const reader = { ...actor, roles: [...actor.roles, 'coordinator'] };
    return Promise.all(rows.map(async (r) => {
      const view = await this.reads.viewOf(reader, r);
      return { id: view.id, reference: view.reference, definition: view.definition, stateTitle: view.stateTitle, status: view.status, createdAt: view.createdAt, updatedAt: view.updatedAt };
    }));
  }

  /** One document with the chosen cases: their data by form and their history, for the person's copy. */
  async export(actor: Actor, ids: string[]) {
    requirePrivacyRole(actor);
    if (ids.length > PRIVACY_LIMIT) throw new AgoraError('VALIDATION_FAILED', {}, [{ path: '/ids', message: `at most ${PRIVACY_LIMIT} cases at once` }]);
    const reader = { ...actor, roles: [...actor.roles, 'coordinator'] };
    const cases = [];
    // ids are validated as UUIDs by the route; an unknown one answers CASE_NOT_FOUND.
    for (const id of ids) {
      const view = await this.reads.caseView(reader, id);
      const history = await this.reads.history(reader, id);
      cases.push({
        reference: view.reference,
        process: view.definition.title,
        state: view.stateTitle,
        status: view.status,
        createdAt: view.createdAt,
        updatedAt: view.updatedAt,
        // Schemas and catalogues let the readable document name each field and choice as the form did (#12).
        forms: Object.fromEntries(Object.entries(view.data).map(([form, value]) => [form, { title: view.forms[form]?.title ?? { de: form }, value, schema: view.forms[form]?.schema, uiSchema: view.forms[form]?.uiSchema }])),
        catalogues: view.catalogues,
        history: history.map((e) => ({ at: e.at, by: e.actor, what: e.label, form: e.form, to: e.toTitle, data: e.data })),
      });
    }
    return { exportedAt: this.now().toISOString(), exportedBy: actor.username, cases };
  }
}
