import type { Knex } from 'knex';
import { CATALOGUE_KEYWORD, type Definition, type LocalizedText, type OfferSpec } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import { KnexDefinitionStore, PublicOfferStore, type PublicOfferRow, type PublicProjection } from '../store/index.js';
import type { CatalogueService } from './catalogue-service.js';
import { itemFieldSchema, itemOfferId, itemsProjection, parseOfferId, prefillFor } from './offer-items.js';
import type { CatalogueRow } from './ports.js';

/** The language of a public page. */
export type Language = 'de' | 'en';

/** Filters of `GET /api/public/offers`. */
export interface OfferFilters {
  fieldOfAction?: string;
  district?: string;
  audience?: string;
  from?: string;
  to?: string;
  freeSeats?: boolean;
  limit?: number;
  offset?: number;
}

/** An offer as the public sees it (DESIGN.md, "Public offers"). */
export interface PublicOffer {
  id: string;
  definition: string;
  fieldOfAction: string | null;
  title: string;
  description: string | null;
  dates: string[];
  /** `sessions`: each date is a meeting; `period`: the first and last date bound one period. */
  schedule: 'sessions' | 'period';
  place: string | null;
  audience: string | null;
  district: string | null;
  /** Who gives it (a partner institution), when the record names one. */
  provider: string | null;
  /** For an entry of a list (`offer.items`, e.g. a lecture): the offer it is part of and registers with. */
  partOf: { id: string; title: string } | null;
  seats: { total: number; free: number } | null;
  registration: {
    open: boolean;
    form: { title: string; schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
    catalogues: Record<string, CatalogueRow['entries']>;
    /** The data the form starts with on an entry's page: the entry chosen. */
    prefill?: Record<string, unknown>;
  } | null;
}

type RecordName = 'title' | 'description' | 'place' | 'audience' | 'district' | 'provider';

/** A published version with an offer, and what the public record reads of it. */
interface OfferSource {
  def: Definition & { offer: OfferSpec };
  projection: PublicProjection;
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, lang: Language): string | null =>
  v === null || v === undefined || v === '' ? null : isObject(v) && typeof v.de === 'string' ? ((lang === 'en' && v.en) || v.de) : typeof v === 'string' || typeof v === 'number' ? String(v) : null;

/** The schema node of `/form/field` (for its `x-catalogue`). */
function fieldSchema(def: Definition, pointer: string): Record<string, any> | undefined {
  const [form, ...path] = pointer.slice(1).split('/');
  let node: any = def.forms[form]?.schema;
  for (const key of path) node = node?.type === 'array' ? node.items?.properties?.[key] : node?.properties?.[key];
  return isObject(node) ? node : undefined;
}

/** Dates of a record, sorted: ISO dates or date-times, from one value or a list. */
function datesOf(fields: Record<string, unknown>): string[] {
  const raw = Object.entries(fields).filter(([k]) => k === 'dates' || k.startsWith('dates.')).flatMap(([, v]) => (Array.isArray(v) ? v : [v]));
  return raw.filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}/.test(d)).sort();
}

/**
 * The public catalogue of offers: which definitions declare `offer`, their
 * cases in offer states read through {@link PublicOfferStore}, filtered,
 * localised and paged. Anonymous: it never needs an actor, because nothing
 * it reads is personal by construction (lint keeps personal fields out).
 */
export class OfferService {
  constructor(
    private readonly knex: Knex,
    private readonly catalogues: CatalogueService,
  ) {}

  /** Every published version that declares an offer, with its projection. */
  private async sources(db: Knex | Knex.Transaction, tenantId: string): Promise<OfferSource[]> {
    const rows = await new KnexDefinitionStore(db).list(tenantId, 'published');
    const out: OfferSource[] = [];
    for (const row of rows) {
      const def = row.body as Definition;
      if (!def.offer) continue;
      const fields: Record<string, string> = {};
      for (const [name, value] of Object.entries(def.offer.record)) {
        if (typeof value === 'string') fields[name] = value;
        else if (Array.isArray(value)) value.forEach((p, i) => (fields[`${name}.${i}`] = p));
      }
      const seats = def.offer.seats && def.offer.registration ? { total: def.offer.seats.total, childDefinition: def.offer.registration.definition, states: def.offer.seats.states } : undefined;
      const items = def.offer.items ? itemsProjection(def, def.offer.items) : undefined;
      out.push({ def: def as OfferSource['def'], projection: { key: row.key, version: row.version, states: def.offer.states, fields, seats, items } });
    }
    return out;
  }

  /** The offers matching the filters, oldest first, with the total before paging. */
  async list(tenantId: string, filters: OfferFilters, lang: Language): Promise<{ items: PublicOffer[]; total: number }> {
    const sources = (await this.sources(this.knex, tenantId)).filter((s) => !filters.fieldOfAction || s.def.fieldOfAction === filters.fieldOfAction);
    const rows = await new PublicOfferStore(this.knex).list(tenantId, sources.map((s) => s.projection));
    const items = await this.present(tenantId, sources, rows, lang, false);
    const matching = items.filter((o) => matches(o, filters));
    matching.sort((a, b) => (a.dates[0] ?? '9999').localeCompare(b.dates[0] ?? '9999'));
    const offset = filters.offset ?? 0;
    return { items: matching.slice(offset, offset + (filters.limit ?? 50)), total: matching.length };
  }

  /**
   * One offer with its registration form; 404 when the case is not (or no
   * longer) an offer, or has no such entry. `id` is a case id, or
   * `<case id>.<n>` for an entry of its list (`offer.items`).
   */
  async get(tenantId: string, id: string, lang: Language, db: Knex | Knex.Transaction = this.knex): Promise<PublicOffer> {
    const sources = await this.sources(db, tenantId);
    const rows = await new PublicOfferStore(db).list(tenantId, sources.map((s) => s.projection), parseOfferId(id).caseId);
    const offer = (await this.present(tenantId, sources, rows, lang, true, db)).find((o) => o.id === id.toLowerCase());
    if (!offer) throw new AgoraError('OFFER_NOT_FOUND', { id });
    return offer;
  }

  /** The case a registration on offer `id` is for: an entry of a list registers with its offer. */
  async registrationTarget(tenantId: string, id: string): Promise<string> {
    const offer = await this.get(tenantId, id, 'de');
    return offer.partOf?.id ?? offer.id;
  }

  /** The offer's declaration (for registration), by the case's definition version. */
  async specOf(db: Knex | Knex.Transaction, tenantId: string, offer: PublicOffer): Promise<OfferSpec> {
    const source = (await this.sources(db, tenantId)).find((s) => s.def.key === offer.definition);
    if (!source) throw new AgoraError('OFFER_NOT_FOUND', { id: offer.id });
    return source.def.offer;
  }

  private async present(tenantId: string, sources: OfferSource[], rows: PublicOfferRow[], lang: Language, withForm: boolean, db: Knex | Knex.Transaction = this.knex): Promise<PublicOffer[]> {
    const catalogueKeys = new Set<string>();
    for (const s of sources) {
      for (const p of Object.values(s.projection.fields)) { const c = fieldSchema(s.def, p)?.[CATALOGUE_KEYWORD]; if (typeof c === 'string') catalogueKeys.add(c); }
      const items = s.def.offer.items;
      for (const p of Object.values(s.projection.items?.fields ?? {})) { const c = items && itemFieldSchema(s.def, items, p)?.[CATALOGUE_KEYWORD]; if (typeof c === 'string') catalogueKeys.add(c); }
    }
    const entries = await this.catalogues.entries(db, tenantId, [...catalogueKeys]);
    const registrationForms = new Map<string, Definition | null>();
    const out: PublicOffer[] = [];
    for (const row of rows) {
      const source = sources.find((s) => s.projection.key === row.definition && s.projection.version === row.version)!;
      const { def } = source;
      // A pointer's value (a catalogue field by its entry's label), or a fixed text.
      const resolve = (spec: unknown, raw: unknown, schema: Record<string, any> | undefined): string | null => {
        if (spec === undefined) return null;
        if (typeof spec !== 'string') return text(spec as LocalizedText, lang);
        const catalogue = schema?.[CATALOGUE_KEYWORD];
        if (typeof catalogue === 'string' && typeof raw === 'string') {
          const entry = (entries[catalogue] ?? []).find((e) => e.value === raw);
          return entry ? text(entry.label, lang) : raw;
        }
        return text(raw, lang);
      };
      const value = (name: RecordName): string | null => {
        const spec = def.offer.record[name];
        return resolve(spec, row.fields[name], typeof spec === 'string' ? fieldSchema(def, spec) : undefined);
      };
      const total = row.seatsTotal;
      const seats = def.offer.seats && total !== null ? { total, free: Math.max(0, total - row.seatsTaken) } : null;
      let registration: PublicOffer['registration'] = null;
      let registrationSchema: unknown;
      const reg = def.offer.registration;
      if (reg) {
        if (!registrationForms.has(reg.definition)) registrationForms.set(reg.definition, ((await new KnexDefinitionStore(db).get(tenantId, reg.definition))?.body as Definition | undefined) ?? null);
        const child = registrationForms.get(reg.definition);
        const form = child?.forms[reg.form];
        if (child && form) {
          registrationSchema = form.schema;
          const openStates = reg.open ?? def.offer.states;
          const open = row.state.some((s) => openStates.includes(s));
          const catalogues = withForm ? await this.catalogues.entries(db, tenantId, formCatalogues(form.schema)) : {};
          registration = { open, form: { title: text(form.title, lang) ?? reg.form, schema: withForm ? publicSchema(form.schema) : {}, uiSchema: withForm ? ((form.uiSchema as Record<string, unknown>) ?? {}) : {} }, catalogues };
        }
      }
      const offer: PublicOffer = {
        id: row.id,
        definition: def.key,
        fieldOfAction: def.fieldOfAction ?? null,
        title: value('title') ?? text(def.title, lang) ?? def.key,
        description: value('description'),
        dates: datesOf(row.fields),
        schedule: Array.isArray(def.offer.record.dates) ? 'period' : 'sessions',
        place: value('place'),
        audience: value('audience'),
        district: value('district'),
        provider: value('provider'),
        partOf: null,
        seats,
        registration,
      };
      out.push(offer);
      const items = def.offer.items;
      if (!items) continue;
      for (const item of row.items) {
        // What the entry's record does not name comes from the offer's record.
        const own = (name: RecordName): string | null => {
          const spec = items.record[name];
          if (spec === undefined) return offer[name];
          return resolve(spec, item.fields[name], typeof spec === 'string' ? itemFieldSchema(def, items, spec) : undefined);
        };
        const title = own('title') ?? `${offer.title} (${item.n})`;
        const hasDates = items.record.dates !== undefined;
        const prefill = withForm && registration ? prefillFor(items, registrationSchema, title) : undefined;
        out.push({
          ...offer,
          id: itemOfferId(row.id, item.n),
          title,
          description: own('description'),
          dates: hasDates ? datesOf(item.fields) : offer.dates,
          schedule: hasDates ? (Array.isArray(items.record.dates) ? 'period' : 'sessions') : offer.schedule,
          place: own('place'),
          audience: own('audience'),
          district: own('district'),
          provider: own('provider'),
          partOf: { id: offer.id, title: offer.title },
          registration: registration && (prefill ? { ...registration, prefill } : registration),
        });
      }
    }
    return out;
  }
}

/** The registration form as the public fills it: the e-mail field is required (double opt-in). */
export function publicSchema(schema: unknown): Record<string, unknown> {
  const s = structuredClone(schema) as Record<string, any>;
  const email = emailField(s);
  if (email && !(s.required ?? []).includes(email)) s.required = [...(s.required ?? []), email];
  return s;
}

/** The top-level field with `format: "email"` of a form schema, or null. */
export function emailField(schema: unknown): string | null {
  if (!isObject(schema) || !isObject(schema.properties)) return null;
  return Object.entries(schema.properties).find(([, v]) => isObject(v) && v.format === 'email')?.[0] ?? null;
}

function formCatalogues(schema: unknown): string[] {
  const keys = new Set<string>();
  const walk = (n: unknown) => {
    if (!isObject(n)) return;
    if (typeof n[CATALOGUE_KEYWORD] === 'string') keys.add(n[CATALOGUE_KEYWORD]);
    Object.values(n.properties ?? {}).forEach(walk);
    walk(n.items);
  };
  walk(schema);
  return [...keys];
}

function matches(o: PublicOffer, f: OfferFilters): boolean {
  if (f.district && o.district !== f.district && !(o.district ?? '').toLowerCase().includes(f.district.toLowerCase())) return false;
  if (f.audience && !(o.audience ?? '').toLowerCase().includes(f.audience.toLowerCase())) return false;
  if (f.freeSeats && !(o.seats === null || o.seats.free > 0)) return false;
  const first = o.dates[0]?.slice(0, 10);
  const last = o.dates[o.dates.length - 1]?.slice(0, 10);
  if (f.from && (!last || last < f.from)) return false;
  if (f.to && (!first || first > f.to)) return false;
  return true;
}
