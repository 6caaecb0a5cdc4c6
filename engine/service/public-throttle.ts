import type { Knex } from 'knex';
import { AgoraError } from '../errors.js';

/** The window of the public counters. */
export const PUBLIC_WINDOW_MS = 60 * 60_000;
/** Registrations allowed per window: from one address, and for one e-mail address. */
export const PUBLIC_LIMITS = { address: 20, email: 5 } as const;

/** A 429 with `Retry-After`. */
export class PublicRateLimitedError extends AgoraError {
  constructor(readonly retryAfterSeconds: number) {
    super('PUBLIC_RATE_LIMITED', { seconds: retryAfterSeconds });
  }
}

/**
 * Counts public registrations per address and per e-mail (its hash) in the
 * database, so every server process shares the counters (the pattern of
 * `sign_in_throttle`). Each call counts one hit and throws once a key is
 * over its limit within the window.
 */
export async function countPublicHit(db: Knex | Knex.Transaction, tenantId: string, keys: { address: string; email: string }, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - PUBLIC_WINDOW_MS).toISOString();
  for (const kind of ['address', 'email'] as const) {
    const { rows } = await db.raw(
      `INSERT INTO public_throttle (tenant_id, key, hits, window_start) VALUES (?, ?, 1, ?)
       ON CONFLICT (tenant_id, key) DO UPDATE SET
         hits = CASE WHEN public_throttle.window_start <= ? THEN 1 ELSE public_throttle.hits + 1 END,
         window_start = CASE WHEN public_throttle.window_start <= ? THEN EXCLUDED.window_start ELSE public_throttle.window_start END
       RETURNING hits, window_start`,
      [tenantId, `${kind}:${keys[kind]}`, now.toISOString(), stale, stale],
    );
    if (Number(rows[0].hits) > PUBLIC_LIMITS[kind]) {
      const until = new Date(rows[0].window_start).getTime() + PUBLIC_WINDOW_MS;
      throw new PublicRateLimitedError(Math.max(1, Math.ceil((until - now.getTime()) / 1000)));
    }
  }
}

/** Deletes counters whose window has passed (housekeeping). */
export async function purgePublicThrottle(db: Knex, now: Date): Promise<void> {
  await db('public_throttle').where('window_start', '<', new Date(now.getTime() - PUBLIC_WINDOW_MS).toISOString()).delete();
}
