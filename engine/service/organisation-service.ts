import type { Knex } from 'knex';
import type { LocalizedText } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import { iso } from '../store/index.js';
import type { CatalogueService } from './catalogue-service.js';

/** An organisation as the API shows it. */
export interface Organisation {
  key: string;
  title: LocalizedText;
  kind: string;
  parent: string | null;
  disabled: boolean;
  updatedAt: string;
}

/**
 * The catalogue each kind of institution is listed in, so that forms which
 * pick a Kita, school, company, venue or partner offer the organisations
 * (DESIGN.md: the shipped institution catalogues are organisations with the same keys).
 */
export const CATALOGUE_OF_KIND: Readonly<Record<string, { key: string; title: LocalizedText }>> = {
  kita: { key: 'kitas', title: { de: 'Kindertageseinrichtungen', en: 'Day-care centres' } },
  grundschule: { key: 'grundschulen', title: { de: 'Grundschulen', en: 'Primary schools' } },
  hort: { key: 'horte', title: { de: 'Horte', en: 'After-school care' } },
  schule: { key: 'schulen', title: { de: 'Weiterführende Schulen', en: 'Secondary schools' } },
  betrieb: { key: 'betriebe', title: { de: 'Betriebe und Praktikumsstellen', en: 'Companies and placements' } },
  kursort: { key: 'kursorte', title: { de: 'Kurs- und Veranstaltungsorte', en: 'Course venues' } },
  partner: { key: 'partner', title: { de: 'Partner der Seniorenuniversität', en: 'Senior university partners' } },
  bpunkt: { key: 'bpunkte', title: { de: 'B-Punkte', en: 'Advice points' } },
};

const toOrganisation = (r: any): Organisation => ({ key: r.key, title: r.title, kind: r.kind, parent: r.parent ?? null, disabled: r.disabled, updatedAt: iso(r.updated_at) });

/** Kitas, schools, B-Punkte, companies, venues, partners and Träger: whom cases belong to and people work for. */
export class OrganisationService {
  constructor(
    private readonly knex: Knex,
    private readonly catalogues: CatalogueService,
    private readonly now: () => Date,
  ) {}

  /** Every organisation of the tenant, by kind and title; disabled ones only when asked for. */
  async list(tenantId: string, f: { kind?: string; includeDisabled?: boolean } = {}): Promise<Organisation[]> {
    const q = this.knex('organisations').where({ tenant_id: tenantId }).orderBy([{ column: 'kind' }, { column: 'key' }]);
    if (f.kind) q.where({ kind: f.kind });
    if (!f.includeDisabled) q.where({ disabled: false });
    return (await q).map(toOrganisation);
  }

  async get(tenantId: string, key: string): Promise<Organisation> {
    const row = await this.knex('organisations').where({ tenant_id: tenantId, key }).first();
    if (!row) throw new AgoraError('ORGANISATION_NOT_FOUND', { key });
    return toOrganisation(row);
  }

  /** Creates an organisation and lists it in its kind's catalogue. */
  async create(tenantId: string, o: { key: string; title: LocalizedText; kind: string; parent?: string | null }): Promise<Organisation> {
    return this.knex.transaction(async (trx) => {
      if (await trx('organisations').where({ tenant_id: tenantId, key: o.key }).first('key')) throw new AgoraError('ORGANISATION_EXISTS', { key: o.key });
      await this.checkParent(trx, tenantId, o.key, o.parent ?? null);
      const at = this.now().toISOString();
      const [row] = await trx('organisations')
        .insert({ tenant_id: tenantId, key: o.key, title: JSON.stringify(o.title), kind: o.kind, parent: o.parent ?? null, disabled: false, created_at: at, updated_at: at })
        .returning('*');
      await this.listInCatalogue(trx, tenantId, o.key, o.title, o.kind);
      return toOrganisation(row);
    });
  }

  /** Changes title, kind, parent or the disabled flag; a disabled organisation grants its members nothing. */
  async update(tenantId: string, key: string, change: { title?: LocalizedText; kind?: string; parent?: string | null; disabled?: boolean }): Promise<Organisation> {
    return this.knex.transaction(async (trx) => {
      const current = await trx('organisations').where({ tenant_id: tenantId, key }).forUpdate().first();
      if (!current) throw new AgoraError('ORGANISATION_NOT_FOUND', { key });
      if (change.parent !== undefined) await this.checkParent(trx, tenantId, key, change.parent);
      const [row] = await trx('organisations')
        .where({ tenant_id: tenantId, key })
        .update({
          ...(change.title ? { title: JSON.stringify(change.title) } : {}),
          ...(change.kind ? { kind: change.kind } : {}),
          ...(change.parent !== undefined ? { parent: change.parent } : {}),
          ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
          updated_at: this.now().toISOString(),
        })
        .returning('*');
      const o = toOrganisation(row);
      await this.listInCatalogue(trx, tenantId, o.key, o.title, o.kind);
      return o;
    });
  }

  /** Organisation keys that do not exist (for assigning users). */
  async unknown(db: Knex | Knex.Transaction, tenantId: string, keys: string[]): Promise<string[]> {
    if (!keys.length) return [];
    const found = new Set((await db('organisations').where({ tenant_id: tenantId }).whereIn('key', keys).select('key')).map((r: any) => r.key));
    return keys.filter((k) => !found.has(k));
  }

  /** A parent must exist, and a Träger may not end up below itself. */
  private async checkParent(trx: Knex.Transaction, tenantId: string, key: string, parent: string | null): Promise<void> {
    for (let p = parent, depth = 0; p !== null; depth++) {
      if (p === key || depth > 20) throw new AgoraError('VALIDATION_FAILED', {}, [{ path: '/parent', message: 'an organisation cannot be its own Träger, directly or through others' }]);
      const row = await trx('organisations').where({ tenant_id: tenantId, key: p }).first('parent');
      if (!row) throw new AgoraError('ORGANISATION_NOT_FOUND', { key: p });
      p = row.parent ?? null;
    }
  }

  /** Adds or renames the organisation's entry in its kind's catalogue (kinds without one have none). */
  private async listInCatalogue(trx: Knex.Transaction, tenantId: string, key: string, title: LocalizedText, kind: string): Promise<void> {
    const cat = CATALOGUE_OF_KIND[kind];
    if (!cat) return;
    const [existing] = Object.values(await this.catalogues.entries(trx, tenantId, [cat.key]));
    const entries = [...(existing ?? []).filter((e) => e.value !== key), { value: key, label: title }];
    const had = (existing ?? []).find((e) => e.value === key);
    if (had && had.label.de === title.de && had.label.en === title.en) return;
    const ordered = had ? (existing ?? []).map((e) => (e.value === key ? { value: key, label: title } : e)) : entries;
    const catTitle = (await trx('catalogues').where({ tenant_id: tenantId, key: cat.key }).first('title'))?.title ?? cat.title;
    await this.catalogues.put(tenantId, cat.key, catTitle, ordered, this.now(), trx);
  }
}
