import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import type { Actor } from '../runtime/index.js';
import { affected } from './affected.js';
import { EFFECTIVE_ORGANISATIONS } from './effective-organisations.js';
import { checkPassword } from './password-rules.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { TokenStore, type TokenScope } from './token-store.js';

/** How long a sign-in lasts. */
export const SESSION_HOURS = 12;
/**
 * How long a process trusts a session or token it has checked. Sign-out in
 * this process takes effect at once; in other processes after at most this.
 */
export const SESSION_CACHE_MS = 5_000;

/** A user as the API shows it. */
export type PublicUser = {
  id: string;
  username: string;
  roles: string[];
  organisations: string[];
  /** Where staff notifications go; null when none is set. */
  email?: string | null;
  disabled?: boolean;
  createdAt?: string;
};

/** Who is behind a request and how far the credential reaches (`read`: API token without writes). */
export interface Credential {
  actor: Actor;
  scope: TokenScope;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? undefined : String(v));
const publicUser = (r: any): PublicUser => ({ id: r.id, username: r.username, roles: r.roles, organisations: r.organisations ?? [], email: r.email ?? null, disabled: Boolean(r.disabled), createdAt: iso(r.created_at) });

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

/**
 * Accounts, password hashing (argon2id), database sessions, API tokens and
 * sign-in throttling. Secrets are only ever stored as hashes.
 */
export class AuthService {
  /** Recently checked sessions and tokens, so most requests need no query (see SESSION_CACHE_MS). */
  private readonly seen = new Map<string, { credential: Credential; until: number }>();
  readonly throttle: SignInThrottle;
  readonly tokens: TokenStore;

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly newId: () => string,
  ) {
    this.throttle = new SignInThrottle(knex, now);
    this.tokens = new TokenStore(knex, now, newId);
  }

  /** Creates an account. `demo` accounts (never in production) may have the short documented demo password. */
  async createUser(tenantId: string, username: string, password: string, roles: string[], options: { demo?: boolean; organisations?: string[]; email?: string | null } = {}): Promise<PublicUser> {
    if (!options.demo) checkPassword(password, username);
    const existing = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    if (existing) throw new AgoraError('USER_EXISTS', { username });
    const organisations = [...new Set(options.organisations ?? [])];
    await this.checkOrganisations(tenantId, organisations);
    const id = this.newId();
    const [row] = await this.knex('users').insert({ id, tenant_id: tenantId, username, password_hash: await hash(password), roles: [...new Set(roles)], organisations, email: options.email || null }).returning('*');
    return publicUser(row);
  }

  private async checkOrganisations(tenantId: string, keys: string[]): Promise<void> {
    if (!keys.length) return;
    const found = new Set((await this.knex('organisations').where({ tenant_id: tenantId }).whereIn('key', keys).select('key')).map((r: any) => r.key));
    const missing = keys.find((k) => !found.has(k));
    if (missing) throw new AgoraError('ORGANISATION_NOT_FOUND', { key: missing });
  }

  async listUsers(tenantId: string): Promise<PublicUser[]> {
    const rows = await this.knex('users').where({ tenant_id: tenantId }).orderBy('username');
    return rows.map(publicUser);
  }

  async countUsers(): Promise<number> {
    const [{ count }] = await this.knex('users').count({ count: '*' });
    return Number(count);
  }

  private async userRow(tenantId: string, username: string): Promise<any> {
    const row = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    if (!row) throw new AgoraError('USER_NOT_FOUND', { username });
    return row;
  }

  /**
   * Changes a user's roles, organisations or whether the account is disabled.
   * Disabling ends the user's sessions at once; other changes take effect at
   * the user's next request (after {@link SESSION_CACHE_MS} in other processes).
   */
  async updateUser(tenantId: string, username: string, change: { roles?: string[]; organisations?: string[]; disabled?: boolean; email?: string | null }, by?: Actor): Promise<PublicUser> {
    const user = await this.userRow(tenantId, username);
    if (change.disabled && user.id === by?.id) throw new AgoraError('AUTH_FORBIDDEN', { reason: 'you cannot disable your own account' });
    if (change.organisations) await this.checkOrganisations(tenantId, change.organisations);
    const patch: Record<string, unknown> = {};
    if (change.roles) patch.roles = [...new Set(change.roles)];
    if (change.organisations) patch.organisations = [...new Set(change.organisations)];
    if (change.disabled !== undefined) patch.disabled = change.disabled;
    if (change.email !== undefined) patch.email = change.email || null;
    const [row] = Object.keys(patch).length ? await this.knex('users').where({ id: user.id }).update(patch).returning('*') : [user];
    if (change.disabled) await this.endSessions(user.id);
    this.seen.clear();
    return publicUser(row);
  }

  /** Sets a new password chosen by an administrator; the user's sessions end. */
  async resetPassword(tenantId: string, username: string, password: string): Promise<void> {
    const row = await this.userRow(tenantId, username);
    checkPassword(password, row.username);
    await this.knex('users').where({ id: row.id }).update({ password_hash: await hash(password), password_changed_at: this.now().toISOString() });
    await this.endSessions(row.id);
  }

  /** Changes one's own password after checking the current one; other sessions of the user end, this one stays. */
  async changePassword(actor: Actor, current: string, next: string, keepSession?: string): Promise<void> {
    const row = await this.userRow(actor.tenantId, actor.username);
    if (!(await verify(row.password_hash, current).catch(() => false))) throw new AgoraError('PASSWORD_CURRENT_WRONG');
    checkPassword(next, row.username);
    if (next === current) throw new AgoraError('PASSWORD_TOO_WEAK', { reason: 'it is the current password' });
    await this.knex('users').where({ id: actor.id }).update({ password_hash: await hash(next), password_changed_at: this.now().toISOString() });
    await this.endSessions(actor.id, keepSession ? sha256(keepSession) : undefined);
  }

  private async endSessions(userId: string, except?: string): Promise<void> {
    await this.knex('sessions').where({ user_id: userId }).modify((q) => (except ? q.whereNot('id', except) : q)).delete();
    for (const [key, hit] of this.seen) if (hit.credential.actor.id === userId) this.seen.delete(key);
  }

  /** Checks a password; returns the user or throws AUTH_INVALID_CREDENTIALS, or RATE_LIMITED while `address` is throttled. */
  async verifyPassword(tenantId: string, username: string, password: string, address = 'local'): Promise<PublicUser & { tenantId: string }> {
    await this.throttle.check(tenantId, username, address);
    const row = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    dummyHash ??= hash('agora-dummy-password');
    const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
    if (!row || !ok || row.disabled) {
      await this.throttle.failed(tenantId, username, address);
      throw new AgoraError('AUTH_INVALID_CREDENTIALS');
    }
    await this.throttle.succeeded(tenantId, username, address);
    return { ...publicUser(row), tenantId: row.tenant_id };
  }

  /**
   * The account of a person the identity provider vouched for (#15),
   * created at the first sign-in and brought in step at every later one:
   * roles and organisations are the provider's claims, organisations this
   * office does not know are left out (and returned, so the caller can log
   * them). The account has no usable password (a random one nobody knows).
   * A disabled account stays disabled.
   */
  async upsertOidcUser(tenantId: string, claims: { subject: string; username: string; roles: string[]; organisations: string[]; displayName?: string | null }): Promise<{ user: PublicUser; ignoredOrganisations: string[] }> {
    const wanted = [...new Set(claims.organisations)];
    const known = new Set(wanted.length ? (await this.knex('organisations').where({ tenant_id: tenantId }).whereIn('key', wanted).select('key')).map((r: any) => r.key as string) : []);
    const organisations = wanted.filter((k) => known.has(k));
    const patch = { roles: [...new Set(claims.roles)], organisations, ...(claims.displayName ? { display_name: claims.displayName } : {}) };
    const linked = await this.knex('users').where({ tenant_id: tenantId, oidc_subject: claims.subject }).first();
    let row;
    if (linked) {
      [row] = await this.knex('users').where({ id: linked.id }).update(patch).returning('*');
    } else {
      if (await this.knex('users').where({ tenant_id: tenantId, username: claims.username }).first()) throw new AgoraError('USER_EXISTS', { username: claims.username });
      [row] = await this.knex('users').insert({ id: this.newId(), tenant_id: tenantId, username: claims.username, password_hash: await hash(secret('unusable_')), oidc_subject: claims.subject, ...patch }).returning('*');
    }
    this.seen.clear();
    if (row.disabled) throw new AgoraError('AUTH_INVALID_CREDENTIALS');
    return { user: publicUser(row), ignoredOrganisations: wanted.filter((k) => !known.has(k)) };
  }

  /**
   * Starts a session; returns the cookie value (only its hash is stored).
   * `oidcIdToken`: the identity provider's ID token, kept only to end the
   * session there too at sign-out (RP-initiated logout); it goes with the
   * session row (sign-out, expiry purge).
   */
  async createSession(tenantId: string, userId: string, options: { oidcIdToken?: string | null } = {}): Promise<{ token: string; expiresAt: Date }> {
    const token = secret('s_');
    const expiresAt = new Date(this.now().getTime() + SESSION_HOURS * 3600_000);
    await this.knex('sessions').insert({ id: sha256(token), tenant_id: tenantId, user_id: userId, expires_at: expiresAt.toISOString(), oidc_id_token: options.oidcIdToken ?? null });
    return { token, expiresAt };
  }

  /** Ends a session; returns the ID token it was started with through the identity provider, if one was kept. */
  async deleteSession(token: string): Promise<{ oidcIdToken: string | null }> {
    this.seen.delete(`s:${sha256(token)}`);
    const [row] = await this.knex('sessions').where({ id: sha256(token) }).delete().returning('oidc_id_token');
    return { oidcIdToken: row?.oidc_id_token ?? null };
  }

  /** Deletes expired sessions, long-expired tokens and old throttle rows (housekeeping). */
  async purgeExpired(): Promise<{ sessions: number; tokens: number; throttle: number }> {
    const sessions = affected(await this.knex('sessions').where('expires_at', '<=', this.now().toISOString()).delete());
    return { sessions, tokens: await this.tokens.purge(), throttle: await this.throttle.purge() };
  }

  private cached(key: string): Credential | undefined {
    const hit = this.seen.get(key);
    if (!hit) return undefined;
    if (hit.until > this.now().getTime()) return hit.credential;
    this.seen.delete(key);
    return undefined;
  }

  private remember(key: string, credential: Credential | null, expiresAt?: Date | null): Credential | null {
    if (!credential) return null;
    if (this.seen.size > 10_000) this.seen.clear();
    const until = Math.min(this.now().getTime() + SESSION_CACHE_MS, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
    this.seen.set(key, { credential, until });
    return credential;
  }

  /** The actor behind a session cookie, or null if it is unknown or expired. */
  async actorFromSession(token: string): Promise<Actor | null> {
    const key = `s:${sha256(token)}`;
    const hit = this.cached(key);
    if (hit !== undefined) return hit.actor;
    const row = await this.knex('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.id', sha256(token))
      .where('s.expires_at', '>', this.now().toISOString())
      .where('u.disabled', false)
      .first('u.id', 'u.username', 'u.roles', 'u.tenant_id', 's.expires_at', this.knex.raw(EFFECTIVE_ORGANISATIONS));
    const credential = row ? { actor: { id: row.id, username: row.username, roles: row.roles, tenantId: row.tenant_id, organisations: row.organisations }, scope: 'full' as const } : null;
    return this.remember(key, credential, row ? new Date(row.expires_at) : undefined)?.actor ?? null;
  }

  /** Creates an API token for a user and returns the plain token (shown once); see {@link TokenStore.issue} for options. */
  async createToken(tenantId: string, username: string, name = 'cli', options: { scope?: TokenScope; expiresAt?: Date | null } = {}): Promise<string> {
    const user = await this.knex('users').where({ tenant_id: tenantId, username }).first();
    if (!user) throw new AgoraError('USER_NOT_FOUND', { username });
    return (await this.tokens.issue(tenantId, user.id, { name, scope: options.scope ?? 'full', expiresAt: options.expiresAt ?? null })).token;
  }

  /** The actor and scope behind a bearer token, or null when it is unknown, expired, revoked or its user disabled. */
  async credentialFromToken(token: string): Promise<Credential | null> {
    const key = `t:${sha256(token)}`;
    const hit = this.cached(key);
    if (hit !== undefined) return hit;
    const found = await this.tokens.lookup(sha256(token));
    return this.remember(key, found && { actor: found.actor, scope: found.scope }, found?.expiresAt ? new Date(found.expiresAt) : null);
  }

  /** The actor behind a bearer token, or null. */
  async actorFromToken(token: string): Promise<Actor | null> {
    return (await this.credentialFromToken(token))?.actor ?? null;
  }

  /** Revokes a token of `actor` (admins: of anyone in the tenant); it stops working at once in this process. */
  async revokeToken(actor: Actor, id: string): Promise<void> {
    await this.tokens.revoke(actor, id);
    this.seen.forEach((_hit, key) => key.startsWith('t:') && this.seen.delete(key));
  }
}
