import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { prepareForm } from '../runtime/index.js';
import { AgoraError } from '../errors.js';
import { confirmRequestMail, confirmedMail, type Outbox } from '../mail/index.js';
import { systemActor, type CaseService, type Runtime } from './case-service.js';
import type { CatalogueService } from './catalogue-service.js';
import type { DefinitionRegistry } from './definition-registry.js';
import { emailField, type Language, type OfferService } from './offer-service.js';
import { countPublicHit } from './public-throttle.js';
import type { DataKey } from './data-key.js';

/** How long a confirmation link works. */
export const CONFIRM_WINDOW_MS = 48 * 3600_000;

/** What a confirmation or withdrawal answers (the same on every repetition). */
export interface RegistrationResult {
  status: 'confirmed' | 'withdrawn';
  offer: string;
  /** `place`: a seat is taken; `waitingList`: on the waiting list; `other`: any other state of the registration process. */
  seat: 'place' | 'waitingList' | 'other';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const normaliseEmail = (e: string) => e.trim().toLowerCase();

/** What the sealed form data of a request is bound to: it opens for this row only. */
const sealContext = (tenantId: string, requestId: string) => `offer_requests:${tenantId}:${requestId}`;

/**
 * Self-registration with double opt-in (issue 15). A request stores the form
 * data sealed under the data key (the people have not confirmed anything
 * yet, so nothing of them is readable in the table), a keyed hash of the
 * e-mail address for the duplicate check and the per-address limit, and the
 * hash of a single-use token, and queues the confirmation mail;
 * confirming starts the registration process as a child of the offer with
 * the system actor through the normal case service (capacity and waiting
 * list apply as for staff), once, however often the link is followed.
 */
export class RegistrationService {
  constructor(
    private readonly knex: Knex,
    private readonly registry: DefinitionRegistry,
    private readonly catalogues: CatalogueService,
    private readonly cases: CaseService,
    private readonly offers: OfferService,
    private readonly outbox: Outbox,
    private readonly rt: Runtime,
    private readonly publicUrl: () => string,
    /** Seals pending requests; null (PostgreSQL without AGORA_DATA_KEY): requests are refused. */
    private readonly dataKey: DataKey | null = null,
  ) {}

  private key(): DataKey {
    if (!this.dataKey) throw new AgoraError('DATA_KEY_MISSING');
    return this.dataKey;
  }

  /**
   * Takes a registration request. A filled honeypot is accepted like any
   * request (so bots learn nothing) but stores and sends nothing.
   */
  async request(tenantId: string, offerId: string, input: { data: Record<string, unknown>; website?: string; language?: Language }, address: string): Promise<void> {
    const lang: Language = input.language === 'en' ? 'en' : 'de';
    const offer = await this.offers.get(tenantId, offerId, lang);
    if (input.website) return;
    if (!offer.registration?.open) throw new AgoraError('OFFER_CLOSED', { id: offerId });
    const key = this.key();
    const spec = await this.offers.specOf(this.knex, tenantId, offer);
    const reg = spec.registration!;
    const compiled = await this.registry.runnable(this.knex, tenantId, reg.definition);
    const form = compiled.definition.forms[reg.form];
    const field = emailField(form?.schema);
    if (!form || !field) throw new AgoraError('OFFER_CLOSED', { id: offerId });
    const keys = [...new Set((compiled.catalogueFields[reg.form] ?? []).map((f) => f.catalogue))];
    const { value, problems } = prepareForm(compiled, reg.form, input.data, await this.catalogues.values(this.knex, tenantId, keys), this.rt.now());
    const email = typeof input.data?.[field] === 'string' ? normaliseEmail(input.data[field] as string) : '';
    if (!email) problems.push({ path: `/${field}`, message: lang === 'en' ? 'an e-mail address is needed for the confirmation' : 'Für die Bestätigung wird eine E-Mail-Adresse benötigt', code: 'required' });
    if (problems.length) throw new AgoraError('FORM_INVALID', { form: reg.form, count: problems.length }, problems);
    const now = this.rt.now();
    const emailHash = key.lookupHash(`${tenantId}:${email}`);
    // Counted outside the transaction: a refused request counts too.
    await countPublicHit(this.knex, tenantId, { address, email: emailHash }, now);
    const token = newToken();
    await this.knex.transaction(async (trx) => {
      // One registration per e-mail and offer: a pending one (not expired) or a confirmed one blocks another.
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`offer-request:${offerId}:${emailHash}`]);
      const existing = await trx('offer_requests')
        .where({ tenant_id: tenantId, offer_id: offerId, email_hash: emailHash })
        .where((q) => q.where({ status: 'confirmed' }).orWhere((p) => p.where({ status: 'pending' }).where('expires_at', '>', now.toISOString())))
        .first('id');
      if (existing) throw new AgoraError('REGISTRATION_DUPLICATE');
      const id = this.rt.newId();
      await trx('offer_requests').insert({
        id,
        tenant_id: tenantId,
        offer_id: offerId,
        token_hash: sha256(token),
        email_hash: emailHash,
        language: lang,
        data: null,
        sealed: key.seal(value, sealContext(tenantId, id)),
        status: 'pending',
        expires_at: new Date(now.getTime() + CONFIRM_WINDOW_MS).toISOString(),
        created_at: now.toISOString(),
      });
      await this.outbox.enqueue(trx, tenantId, confirmRequestMail(lang, email, offer.title, `${this.publicUrl()}/angebote/bestaetigen#${token}`));
    });
  }

  /** Confirms a request: starts the registration case once; a repeated confirmation answers the same. */
  async confirm(tenantId: string, token: string): Promise<RegistrationResult> {
    return this.knex.transaction(async (trx) => {
      const row = await trx('offer_requests').where({ tenant_id: tenantId, token_hash: sha256(token) }).forUpdate().first();
      if (!row) throw new AgoraError('REGISTRATION_TOKEN_INVALID');
      if (row.status !== 'pending') return row.result as RegistrationResult;
      if (new Date(row.expires_at).getTime() <= this.rt.now().getTime()) throw new AgoraError('REGISTRATION_TOKEN_EXPIRED');
      const lang: Language = row.language === 'en' ? 'en' : 'de';
      const offer = await this.offers.get(tenantId, row.offer_id, lang, trx);
      const spec = await this.offers.specOf(trx, tenantId, offer);
      const reg = spec.registration!;
      const system = systemActor(tenantId);
      const started = await this.cases.startInTransaction(trx, system, { definition: reg.definition, parentId: row.offer_id });
      // Requests from before sealing (clear `data`) are still confirmed; they expire within 48 hours.
      const data = (row.sealed ? this.key().open(row.sealed, sealContext(tenantId, row.id)) : row.data) as Record<string, unknown>;
      const after = await this.cases.sendInTransaction(trx, system, started.id, { type: reg.event ?? 'SUBMIT', data });
      const paths = after?.statePaths ?? [];
      const seat: RegistrationResult['seat'] = spec.seats?.states.some((s) => paths.includes(s)) ? 'place' : paths.some((p) => /warteliste|waiting/i.test(p)) ? 'waitingList' : 'other';
      const result: RegistrationResult = { status: 'confirmed', offer: row.offer_id, seat };
      const withdraw = newToken();
      const compiled = await this.registry.runnable(trx, tenantId, reg.definition);
      const email = String(data[emailField(compiled.definition.forms[reg.form]?.schema) ?? ''] ?? '');
      await trx('offer_requests').where({ id: row.id }).update({ status: 'confirmed', case_id: started.id, result: JSON.stringify(result), withdraw_hash: sha256(withdraw), data: null, sealed: null, confirmed_at: this.rt.now().toISOString() });
      if (email) await this.outbox.enqueue(trx, tenantId, confirmedMail(lang, email, offer.title, seat === 'waitingList', `${this.publicUrl()}/angebote/widerrufen#${withdraw}`));
      return result;
    });
  }

  /** Withdraws a confirmed registration with the link of the confirmation mail; repeated, it answers the same. */
  async withdraw(tenantId: string, token: string): Promise<RegistrationResult> {
    return this.knex.transaction(async (trx) => {
      const row = await trx('offer_requests').where({ tenant_id: tenantId, withdraw_hash: sha256(token) }).forUpdate().first();
      if (!row) throw new AgoraError('REGISTRATION_TOKEN_INVALID');
      const result: RegistrationResult = { ...(row.result as RegistrationResult), status: 'withdrawn' };
      if (row.status === 'withdrawn') return result;
      const caseRow = await trx('cases').where({ tenant_id: tenantId, id: row.case_id }).first('definition_key', 'definition_version', 'status');
      if (caseRow && caseRow.status === 'active') {
        const def = (await this.registry.compiled(trx, tenantId, caseRow.definition_key, caseRow.definition_version)).definition;
        const parentKey = def.parent?.definition;
        const parentDef = parentKey ? (await this.registry.runnable(trx, tenantId, parentKey)).definition : null;
        const withdraw = parentDef?.offer?.registration?.withdraw;
        if (withdraw) {
          const today = this.rt.now().toISOString().slice(0, 10);
          const data = JSON.parse(JSON.stringify(withdraw.data ?? {}).replace(/"\$today"/g, JSON.stringify(today)));
          const form = Object.keys(data)[0];
          await this.cases.sendInTransaction(trx, systemActor(tenantId), row.case_id, { type: withdraw.event, ...(form ? { data: data[form] } : {}) });
        }
      }
      await trx('offer_requests').where({ id: row.id }).update({ status: 'withdrawn', result: JSON.stringify(result) });
      return result;
    });
  }

  /** Deletes unconfirmed requests whose link has expired (scheduler housekeeping). */
  async purgeExpired(): Promise<number> {
    return Number(await this.knex('offer_requests').where({ status: 'pending' }).where('expires_at', '<=', this.rt.now().toISOString()).delete());
  }
}
