import type { Knex } from 'knex';

/** A pointer `/form/field` as a PostgreSQL path literal `{form,field}`. */
function pgPath(pointer: string): string {
  const parts = pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `{${parts.map((p) => `"${p.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** What the public read path selects of one process version: nothing but these pointers. */
export interface PublicProjection {
  key: string;
  version: number;
  states: string[];
  /** Name of the column -> pointer into the case data. */
  fields: Record<string, string>;
  seats?: { total: string; childDefinition: string; states: string[] };
  /**
   * Entries of a list that are public entries of their own (`offer.items`):
   * the list's pointer, whether it is a collection form (entries
   * `{ value, by, at }`, read by their value), and name -> pointer relative
   * to an entry.
   */
  items?: { list: string; collection: boolean; fields: Record<string, string> };
}

/** One entry of a list: its position (1-based, stable: lists only grow) and the projected fields. */
export interface PublicOfferItemRow {
  n: number;
  fields: Record<string, unknown>;
}

/** One case as the public sees it: its id, state and the projected fields only. */
export interface PublicOfferRow {
  id: string;
  definition: string;
  version: number;
  state: string[];
  createdAt: string;
  fields: Record<string, unknown>;
  seatsTotal: number | null;
  seatsTaken: number;
  /** The projected entries of `items`; empty when the projection has none. */
  items: PublicOfferItemRow[];
}

/**
 * The public read path of case data (issue 15). It selects only the record's
 * pointers (`data #> path`) of cases that are in one of the offer's states
 * and active: the rest of a case, and every case outside those states, never
 * leaves the database. No actor: what it returns is public by declaration.
 */
export class PublicOfferStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async list(tenantId: string, projections: PublicProjection[], onlyId?: string): Promise<PublicOfferRow[]> {
    const out: PublicOfferRow[] = [];
    for (const p of projections) {
      const names = Object.keys(p.fields);
      const bindings: Knex.RawBinding[] = [];
      const cols = names.map((n, i) => {
        bindings.push(pgPath(p.fields[n]));
        return `c.data #> ?::text[] AS f${i}`;
      });
      let seats = 'NULL AS seats_total, 0 AS seats_taken';
      if (p.seats) {
        bindings.push(pgPath(p.seats.total), p.seats.childDefinition, p.seats.states);
        seats = `c.data #>> ?::text[] AS seats_total,
          (SELECT count(*) FROM cases AS ch WHERE ch.tenant_id = c.tenant_id AND ch.parent_id = c.id AND ch.definition_key = ? AND ch.state_paths && ?::text[]) AS seats_taken`;
      }
      let items = `'[]'::jsonb AS items`;
      if (p.items) {
        // Only the entry's projected fields leave the database, never the entry itself (nor `by` of a collection entry).
        const entry = p.items.collection ? `(i.e -> 'value')` : 'i.e';
        const pairs = Object.entries(p.items.fields).map(([name, pointer]) => {
          bindings.push(name, pgPath(pointer));
          return `?::text, ${entry} #> ?::text[]`;
        });
        bindings.push(pgPath(p.items.list), pgPath(p.items.list));
        items = `(SELECT coalesce(jsonb_agg(jsonb_build_array(i.n, jsonb_build_object(${pairs.join(', ')})) ORDER BY i.n), '[]'::jsonb)
            FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.data #> ?::text[]) = 'array' THEN c.data #> ?::text[] ELSE '[]'::jsonb END) WITH ORDINALITY AS i(e, n)) AS items`;
      }
      bindings.push(tenantId, p.key, p.version, p.states);
      if (onlyId) bindings.push(onlyId);
      const { rows } = await this.db.raw(
        `SELECT c.id, c.state_paths, c.created_at, ${[...cols, seats, items].join(', ')}
           FROM cases AS c
          WHERE c.tenant_id = ? AND c.definition_key = ? AND c.definition_version = ? AND c.status = 'active'
            AND c.state_paths && ?::text[] ${onlyId ? 'AND c.id = ?' : ''}
          ORDER BY c.created_at, c.id`,
        bindings,
      );
      for (const r of rows as any[]) {
        const total = r.seats_total === null || r.seats_total === undefined ? null : Number(r.seats_total);
        out.push({
          id: r.id,
          definition: p.key,
          version: p.version,
          state: r.state_paths,
          createdAt: new Date(r.created_at).toISOString(),
          fields: Object.fromEntries(names.map((n, i) => [n, r[`f${i}`] ?? null])),
          seatsTotal: Number.isFinite(total) ? total : null,
          seatsTaken: Number(r.seats_taken ?? 0),
          items: (typeof r.items === 'string' ? JSON.parse(r.items) : (r.items ?? [])).map(([n, fields]: [number | string, Record<string, unknown>]) => ({ n: Number(n), fields })),
        });
      }
    }
    return out;
  }
}
