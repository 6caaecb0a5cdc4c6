import type { FastifyRequest } from 'fastify';
import { AgoraError } from '../errors.js';
import type { Actor } from '../runtime/index.js';
import type { Services } from '../service/index.js';

/** The cookie that carries a session. */
export const SESSION_COOKIE = 'agora_session';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Benchmark profiling only: when the current phase of the request began. */
    phaseAt: number;
  }
}

/** The signed-in actor, or AUTH_REQUIRED. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AgoraError('AUTH_REQUIRED');
  return request.actor;
}

/** The signed-in actor holding `role`, or AUTH_FORBIDDEN. */
export function requireRole(request: FastifyRequest, role: string): Actor {
  const actor = requireActor(request);
  if (!actor.roles.includes(role)) throw new AgoraError('AUTH_FORBIDDEN', { reason: `this needs the role "${role}"` });
  return actor;
}

/** Decodes the paging cursor (an offset) of list routes. */
export function offsetOf(cursor: string | undefined): number {
  return cursor ? Number(cursor) : 0;
}

/** The cursor of the next page, or null at the end. */
export function nextCursor(offset: number, count: number, total: number): string | null {
  return offset + count < total ? String(offset + count) : null;
}
