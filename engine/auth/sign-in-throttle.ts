import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';
import { affected } from './affected.js';

/** How long failures are remembered after the first of a series (or after the last block began). */
export const THROTTLE_WINDOW_MS = 60 * 60_000;
/** The longest a single address waits. */
export const MAX_BLOCK_MS = 15 * 60_000;

/** Failures allowed before an attempt is delayed, per kind of key. */
export const FREE_FAILURES = {
  /** One account from one address: the guesser. */
  pair: 5,
  /** One address against any account: a sprayer. */
  address: 30,
} as const;

/** Failures on one account (from anywhere) after which every attempt on it is slowed down, never refused. */
export const ACCOUNT_SLOWDOWN_AFTER = 50;
const MAX_ACCOUNT_DELAY_MS = 2_000;

/** A 429 that says when to come back (`Retry-After`). */
export class RateLimitedError extends AgoraError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', { seconds: retryAfterSeconds });
  }
}

/**
 * How long a key is blocked after its `failures`-th failure: nothing up to the
 * free failures, then 1 s, 2 s, 4 s, ... up to {@link MAX_BLOCK_MS}.
 */
export function blockMs(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(1000 * 2 ** Math.min(failures - free, 20), MAX_BLOCK_MS);
}

/** The extra wait for every attempt on an account under a distributed attack: 100 ms per failure past the threshold, at most 2 s. */
export function accountDelayMs(failures: number): number {
  return failures <= ACCOUNT_SLOWDOWN_AFTER ? 0 : Math.min((failures - ACCOUNT_SLOWDOWN_AFTER) * 100, MAX_ACCOUNT_DELAY_MS);
}

const keysOf = (username: string, address: string) => ({
  pair: `pair:${username.toLowerCase()}@${address}`,
  address: `address:${address}`,
  account: `account:${username.toLowerCase()}`,
});

/**
 * Sign-in throttling shared by every server process (a table, not memory).
 * An attacker's address is slowed down, exponentially, per account and
 * overall; the account itself is never locked: its owner signs in from
 * another address at once, and a distributed attack only makes each attempt
 * on that account a little slower.
 */
export class SignInThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Throws {@link RateLimitedError} while this address is blocked for this account; waits while the account is under attack. */
  async check(tenantId: string, username: string, address: string): Promise<void> {
    const keys = keysOf(username, address);
    const now = this.now();
    const rows: Array<{ key: string; failures: number; blocked_until: string | Date | null }> = await this.knex('sign_in_throttle')
      .where({ tenant_id: tenantId })
      .whereIn('key', [keys.pair, keys.address, keys.account])
      .where('window_start', '>', new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString())
      .select('key', 'failures', 'blocked_until');
    const until = Math.max(0, ...rows.filter((r) => r.key !== keys.account && r.blocked_until).map((r) => new Date(r.blocked_until!).getTime()));
    if (until > now.getTime()) throw new RateLimitedError(Math.ceil((until - now.getTime()) / 1000));
    const delay = accountDelayMs(rows.find((r) => r.key === keys.account)?.failures ?? 0);
    if (delay) await this.sleep(delay);
  }

  /** Counts a failed sign-in for the pair, the address and the account. */
  async failed(tenantId: string, username: string, address: string): Promise<void> {
    const keys = keysOf(username, address);
    const now = this.now();
    const stale = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();
    for (const [kind, key] of Object.entries(keys) as Array<[keyof typeof keys, string]>) {
      // One statement per key: concurrent failures in several processes all count.
      const { rows } = await this.knex.raw(
        `INSERT INTO sign_in_throttle (tenant_id, key, failures, window_start) VALUES (?, ?, 1, ?)
         ON CONFLICT (tenant_id, key) DO UPDATE SET
           failures = CASE WHEN sign_in_throttle.window_start <= ? THEN 1 ELSE sign_in_throttle.failures + 1 END,
           window_start = CASE WHEN sign_in_throttle.window_start <= ? THEN EXCLUDED.window_start ELSE sign_in_throttle.window_start END,
           blocked_until = CASE WHEN sign_in_throttle.window_start <= ? THEN NULL ELSE sign_in_throttle.blocked_until END
         RETURNING failures`,
        [tenantId, key, now.toISOString(), stale, stale, stale],
      );
      if (kind === 'account') continue;
      const ms = blockMs(Number(rows[0].failures), FREE_FAILURES[kind]);
      if (ms) {
        await this.knex('sign_in_throttle').where({ tenant_id: tenantId, key })
          .update({ blocked_until: new Date(now.getTime() + ms).toISOString(), window_start: now.toISOString() });
      }
    }
  }

  /** A correct password from this address forgets this address's failures on this account. */
  async succeeded(tenantId: string, username: string, address: string): Promise<void> {
    await this.knex('sign_in_throttle').where({ tenant_id: tenantId, key: keysOf(username, address).pair }).delete();
  }

  /** Deletes rows whose window has passed (housekeeping). */
  async purge(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - Math.max(THROTTLE_WINDOW_MS, MAX_BLOCK_MS)).toISOString();
    return affected(await this.knex('sign_in_throttle').where('window_start', '<', cutoff).where((q) => q.whereNull('blocked_until').orWhere('blocked_until', '<', this.now().toISOString())).delete());
  }
}
