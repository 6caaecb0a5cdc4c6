import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import { affected } from './affected.js';
import { EFFECTIVE_ORGANISATIONS } from './effective-organisations.js';
import type { Actor } from '../runtime/index.js';

/** What a token may do: `read` only safe requests (GET), `full` everything its user may. */
export type TokenScope = 'read' | 'full';

/** A token as its owner sees it; the secret itself is shown only when it is issued. */
export interface TokenInfo {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `last_used_at` is written at most this often per token, so reads do not turn into writes. */
const LAST_USE_RESOLUTION_MS = 60_000;
/** Expired or revoked tokens are kept this long (the owner sees them in the list), then deleted. */
const KEEP_DEAD_MS = 30 * 86_400_000;

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v));
const info = (r: any): TokenInfo => ({ id: r.id, name: r.name, scope: r.scope, createdAt: iso(r.created_at)!, expiresAt: iso(r.expires_at), lastUsedAt: iso(r.last_used_at), revokedAt: iso(r.revoked_at) });

/** API tokens: issue, look up (recording the last use), list, revoke, purge. */
export class TokenStore {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  /** Issues a token; only its SHA-256 is stored. */
  async issue(tenantId: string, userId: string, options: { name: string; scope: TokenScope; expiresAt: Date | null }): Promise<TokenInfo & { token: string }> {
    const token = `agora_${randomBytes(32).toString('base64url')}`;
    const [row] = await this.knex('api_tokens').insert({
      id: this.newId(), tenant_id: tenantId, user_id: userId, name: options.name, scope: options.scope,
      token_hash: createHash('sha256').update(token).digest('hex'), expires_at: options.expiresAt?.toISOString() ?? null, created_at: this.now().toISOString(),
    }).returning('*');
    return { ...info(row), token };
  }

  /** The live token with this hash: its actor, scope and expiry; records the use. */
  async lookup(tokenHash: string): Promise<{ actor: Actor; scope: TokenScope; expiresAt: string | null } | null> {
    const now = this.now();
    const row = await this.knex('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', tokenHash)
      .where('u.disabled', false)
      .whereNull('t.revoked_at')
      .where((q) => q.whereNull('t.expires_at').orWhere('t.expires_at', '>', now.toISOString()))
      .first('t.id as token_id', 't.scope', 't.expires_at', 't.last_used_at', 'u.id', 'u.username', 'u.roles', 'u.tenant_id', this.knex.raw(EFFECTIVE_ORGANISATIONS));
    if (!row) return null;
    if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= LAST_USE_RESOLUTION_MS) {
      await this.knex('api_tokens').where({ id: row.token_id }).update({ last_used_at: now.toISOString() });
    }
    return { actor: { id: row.id, username: row.username, roles: row.roles, tenantId: row.tenant_id, organisations: row.organisations }, scope: row.scope, expiresAt: iso(row.expires_at) };
  }

  /** The tokens of a user, newest first. */
  async list(tenantId: string, userId: string): Promise<TokenInfo[]> {
    const rows = await this.knex('api_tokens').where({ tenant_id: tenantId, user_id: userId }).orderBy('created_at', 'desc');
    return rows.map(info);
  }

  /** Revokes a token of the actor (an admin: any token of the tenant); NOT_FOUND otherwise. */
  async revoke(actor: Actor, id: string): Promise<void> {
    const n = affected(await this.knex('api_tokens')
      .where({ tenant_id: actor.tenantId, id })
      .modify((q) => (actor.roles.includes('admin') ? q : q.where('user_id', actor.id)))
      .update({ revoked_at: this.knex.raw('coalesce(revoked_at, ?)', [this.now().toISOString()]) }));
    if (!n) throw new AgoraError('NOT_FOUND', { path: `/api/tokens/${id}` });
  }

  /** Deletes tokens that expired or were revoked more than 30 days ago. */
  async purge(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - KEEP_DEAD_MS).toISOString();
    return affected(await this.knex('api_tokens').where((q) => q.where('expires_at', '<', cutoff).orWhere('revoked_at', '<', cutoff)).delete());
  }
}
