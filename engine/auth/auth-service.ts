import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import type { Actor } from '../runtime/index.js';

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 8;
/** How long a sign-in lasts. */
export const SESSION_HOURS = 12;
const FAILURE_WINDOW_MS = 5 * 60_000;
/**
 * How long a process trusts a session or token it has checked. Sign-out in
 * this process takes effect at once; in other processes after at most this.
 */
export const SESSION_CACHE_MS = 5_000;
const MAX_FAILURES = 10;

/**
 * The organisations a user works for, with every organisation below a Träger
 * it belongs to (recursively); disabled organisations grant nothing.
 */
const EFFECTIVE_ORGANISATIONS = `ARRAY(WITH RECURSIVE o(key) AS (
    SELECT m.key FROM organisations AS m WHERE m.tenant_id = u.tenant_id AND m.key = ANY(u.organisations) AND NOT m.disabled
    UNION SELECT c.key FROM organisations AS c JOIN o ON c.parent = o.key WHERE c.tenant_id = u.tenant_id AND NOT c.disabled
  ) SELECT key FROM o ORDER BY key) AS organisations`;

/** A user as the API shows it. */
export type PublicUser = {
  id: string;
  username: string;
  roles: string[];
  organisations: string[];
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

/**
 * Accounts, password hashing (argon2id), database sessions and API tokens.
 * Secrets are only ever stored as hashes.
 */
export class AuthService {
  private readonly failures = new Map<string, { count: number; since: number }>();
  /** Actors of recently seen sessions and tokens, so most requests need no query (see SESSION_CACHE_MS). */
  private readonly seen = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {}

  /** Creates an account. `demo` accounts (never in production) may have the short documented demo password. */
  async createUser(tenantId: string, username: string, password: string, roles: string[], options: { demo?: boolean; organisations?: string[] } = {}): Promise<PublicUser> {
    if (password.length < MIN_PASSWORD_LENGTH && !options.demo) throw new AgoraError('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH });
    const existing = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    if (existing) throw new AgoraError('USER_EXISTS', { username });
    const organisations = [...new Set(options.organisations ?? [])];
    await this.checkOrganisations(tenantId, organisations);
    const id = this.newId();
    await this.knex('users').insert({ id, tenant_id: tenantId, username, password_hash: await hash(password), roles: [...new Set(roles)], organisations });
    return { id, username, roles: [...new Set(roles)], organisations };
  }

  /** Changes a user's roles and/or organisations; takes effect at their next request (after {@link SESSION_CACHE_MS} in other processes). */
  async updateUser(tenantId: string, username: string, change: { roles?: string[]; organisations?: string[] }): Promise<PublicUser> {
    if (change.organisations) await this.checkOrganisations(tenantId, change.organisations);
    const [row] = await this.knex('users')
      .where({ tenant_id: tenantId, username })
      .update({
        ...(change.roles ? { roles: [...new Set(change.roles)] } : {}),
        ...(change.organisations ? { organisations: [...new Set(change.organisations)] } : {}),
      })
      .returning(['id', 'username', 'roles', 'organisations']);
    if (!row) throw new AgoraError('USER_NOT_FOUND', { username });
    this.seen.clear();
    return { id: row.id, username: row.username, roles: row.roles, organisations: row.organisations };
  }

  private async checkOrganisations(tenantId: string, keys: string[]): Promise<void> {
    if (!keys.length) return;
    const found = new Set((await this.knex('organisations').where({ tenant_id: tenantId }).whereIn('key', keys).select('key')).map((r: any) => r.key));
    const missing = keys.find((k) => !found.has(k));
    if (missing) throw new AgoraError('ORGANISATION_NOT_FOUND', { key: missing });
  }

  async listUsers(tenantId: string): Promise<PublicUser[]> {
    const rows = await this.knex('users').where({ tenant_id: tenantId }).orderBy('username');
    return rows.map((r: any) => ({ id: r.id, username: r.username, roles: r.roles, organisations: r.organisations ?? [] }));
  }

  async countUsers(): Promise<number> {
    const [{ count }] = await this.knex('users').count({ count: '*' });
    return Number(count);
  }

  /** Checks a password; returns the user or throws AUTH_INVALID_CREDENTIALS (or RATE_LIMITED after many failures). */
  async verifyPassword(tenantId: string, username: string, password: string): Promise<PublicUser & { tenantId: string }> {
    const key = `${tenantId}\u0000${username.toLowerCase()}`;
    const f = this.failures.get(key);
    const nowMs = this.now().getTime();
    if (f && nowMs - f.since < FAILURE_WINDOW_MS && f.count >= MAX_FAILURES) throw new AgoraError('RATE_LIMITED');
    const row = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    dummyHash ??= hash('agora-dummy-password');
    const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
    if (!row || !ok || row.disabled) {
      const fresh = !f || nowMs - f.since >= FAILURE_WINDOW_MS;
      this.failures.set(key, { count: fresh ? 1 : f.count + 1, since: fresh ? nowMs : f.since });
      throw new AgoraError('AUTH_INVALID_CREDENTIALS');
    }
    this.failures.delete(key);
    return { id: row.id, username: row.username, roles: row.roles, organisations: row.organisations ?? [], tenantId: row.tenant_id };
  }

  /** Starts a session; returns the cookie value (only its hash is stored). */
  async createSession(tenantId: string, userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = secret('s_');
    const expiresAt = new Date(this.now().getTime() + SESSION_HOURS * 3600_000);
    await this.knex('sessions').insert({ id: sha256(token), tenant_id: tenantId, user_id: userId, expires_at: expiresAt.toISOString() });
    return { token, expiresAt };
  }

  async deleteSession(token: string): Promise<void> {
    this.seen.delete(`s:${sha256(token)}`);
    await this.knex('sessions').where({ id: sha256(token) }).delete();
  }

  private cached(key: string): Actor | null | undefined {
    const hit = this.seen.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now().getTime()) return hit.actor;
    this.seen.delete(key);
    return undefined;
  }

  private remember(key: string, actor: Actor | null, expiresAt?: Date): Actor | null {
    if (!actor) return null;
    if (this.seen.size > 10_000) this.seen.clear();
    const until = Math.min(this.now().getTime() + SESSION_CACHE_MS, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    this.seen.set(key, { actor, until });
    return actor;
  }

  /** The actor behind a session cookie, or null if it is unknown or expired. */
  async actorFromSession(token: string): Promise<Actor | null> {
    const key = `s:${sha256(token)}`;
    const hit = this.cached(key);
    if (hit !== undefined) return hit;
    const row = await this.knex('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.id', sha256(token))
      .where('s.expires_at', '>', this.now().toISOString())
      .where('u.disabled', false)
      .first('u.id', 'u.username', 'u.roles', 'u.tenant_id', 's.expires_at', this.knex.raw(EFFECTIVE_ORGANISATIONS));
    const actor = row ? { id: row.id, username: row.username, roles: row.roles, tenantId: row.tenant_id, organisations: row.organisations } : null;
    return this.remember(key, actor, row ? new Date(row.expires_at) : undefined);
  }

  /** Creates an API token for a user; the plain token is shown once. */
  async createToken(tenantId: string, username: string, name = 'cli'): Promise<string> {
    const user = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    if (!user) throw new AgoraError('USER_NOT_FOUND', { username });
    const token = secret('agora_');
    await this.knex('api_tokens').insert({ id: this.newId(), tenant_id: tenantId, user_id: user.id, name, token_hash: sha256(token) });
    return token;
  }

  /** The actor behind a bearer token, or null. */
  async actorFromToken(token: string): Promise<Actor | null> {
    const key = `t:${sha256(token)}`;
    const hit = this.cached(key);
    if (hit !== undefined) return hit;
    const row = await this.knex('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', sha256(token))
      .where('u.disabled', false)
      .first('u.id', 'u.username', 'u.roles', 'u.tenant_id', this.knex.raw(EFFECTIVE_ORGANISATIONS));
    return this.remember(key, row ? { id: row.id, username: row.username, roles: row.roles, tenantId: row.tenant_id, organisations: row.organisations } : null);
  }
}
