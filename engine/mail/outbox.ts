import type { Knex } from 'knex';
import { iso, isoOrNull } from '../store/index.js';

/** One e-mail to queue. */
export interface Mail {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A row of the outbox as admins see it. */
export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** Sends one mail; throws when the server refuses it. */
export interface MailTransport {
  send(mail: Mail): Promise<void>;
}

/** Attempts before a mail is given up (`failed`). */
export const MAX_ATTEMPTS = 8;
/** How long one process may hold a mail while sending it. */
export const LEASE_MS = 2 * 60_000;

/** Wait before attempt `n + 1` after `n` failed: 1 min, 2 min, 4 min, ... at most 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

const toRow = (r: any): OutboxRow => ({
  id: r.id,
  kind: r.kind,
  to: r.recipient,
  subject: r.subject,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: iso(r.next_attempt_at),
  lastError: r.last_error ?? null,
  createdAt: iso(r.created_at),
  sentAt: isoOrNull(r.sent_at),
});

/**
 * The durable outbox: a mail is a row written in the transaction that
 * caused it (nothing is sent from inside a request that might roll back),
 * delivered later by {@link Outbox.deliver}. Without a transport (no
 * `SMTP_URL`) mails stay queued, readable by admins.
 */
export class Outbox {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  /** Queues a mail in the caller's transaction. */
  async enqueue(db: Knex | Knex.Transaction, tenantId: string, mail: Mail): Promise<string> {
    const id = this.newId();
    const at = this.now().toISOString();
    await db('outbox').insert({ id, tenant_id: tenantId, kind: mail.kind, recipient: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html ?? null, status: 'queued', attempts: 0, next_attempt_at: at, created_at: at });
    return id;
  }

  /** Newest first, paged. */
  async list(tenantId: string, options: { limit: number; offset: number; status?: string }): Promise<{ items: OutboxRow[]; total: number }> {
    const q = this.knex('outbox').where({ tenant_id: tenantId });
    if (options.status) q.where({ status: options.status });
    const [{ count }] = await q.clone().count<Array<{ count: string }>>('* as count');
    const rows = await q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(options.limit).offset(options.offset);
    return { items: rows.map(toRow), total: Number(count) };
  }

  /**
   * Sends the due mails: each is claimed with a lease (`FOR UPDATE SKIP
   * LOCKED`, then `lease_until`), so several server processes never send
   * one twice; a failure is retried with {@link backoffMs}, up to
   * {@link MAX_ATTEMPTS}. Returns how many were sent.
   */
  async deliver(transport: MailTransport, batch = 20): Promise<number> {
    const now = this.now();
    const claimed: any[] = await this.knex.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `UPDATE outbox SET lease_until = ?, attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                       ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [new Date(now.getTime() + LEASE_MS).toISOString(), now.toISOString(), now.toISOString(), batch],
      );
      return rows;
    });
    let sent = 0;
    for (const r of claimed) {
      try {
        await transport.send({ kind: r.kind, to: r.recipient, subject: r.subject, text: r.text_body, html: r.html_body ?? undefined });
        await this.knex('outbox').where({ id: r.id }).update({ status: 'sent', sent_at: this.now().toISOString(), lease_until: null, last_error: null });
        sent++;
      } catch (e) {
        const failed = r.attempts >= MAX_ATTEMPTS;
        await this.knex('outbox').where({ id: r.id }).update({
          status: failed ? 'failed' : 'queued',
          lease_until: null,
          // The server's reply, shortened; the message body is never part of it.
          last_error: String((e as Error)?.message ?? e).slice(0, 500),
          next_attempt_at: new Date(this.now().getTime() + backoffMs(r.attempts)).toISOString(),
        });
      }
    }
    return sent;
  }
}
