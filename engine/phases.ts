/**
 * Per-phase timing of requests, for the benchmark's `--profile` run only.
 * Off unless `AGORA_PROFILE_PHASES` names a file: then every phase's time is
 * summed in this process and written there (one JSON line, then reset) on
 * SIGUSR2 and at exit. Phases overlap nothing within one request, so at one
 * connection their means add up to the request's time on the server; under
 * concurrency they include waiting for the event loop and the pool.
 */
import { appendFileSync } from 'node:fs';

const target = process.env.AGORA_PROFILE_PHASES || null;

/** Whether phases are being timed (checked before reading the clock). */
export const timingPhases = target !== null;

const sums = new Map<string, { ms: number; n: number }>();

/** Adds the time since `since` (a `performance.now()`) to `phase`; returns now, the start of the next phase. */
export function phaseDone(phase: string, since: number): number {
  const now = performance.now();
  const s = sums.get(phase);
  if (s) {
    s.ms += now - since;
    s.n++;
  } else sums.set(phase, { ms: now - since, n: 1 });
  return now;
}

/** Writes the sums so far (mean ms and count per phase) and starts over. */
export function flushPhases(label = ''): void {
  if (!target) return;
  const phases = Object.fromEntries([...sums].map(([k, v]) => [k, { meanMs: v.ms / v.n, n: v.n }]));
  appendFileSync(target, `${JSON.stringify({ label, phases })}\n`);
  sums.clear();
}

if (target) process.on('SIGUSR2', () => flushPhases());
