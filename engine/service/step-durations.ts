import type { StateValue } from 'xstate';
import { statePathsOf } from '../runtime/index.js';

/** How long cases stayed in one step. */
export interface StepDuration {
  path: string;
  /** Completed stays measured. */
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

const quantile = (sorted: number[], q: number): number | null =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;

/**
 * Completed stays per state path from event logs (ordered by case, then
 * sequence): a path is entered when an event's target state includes it and
 * left at the first later event whose target does not. Stays still open are
 * not counted, so a step nobody has left yet shows no duration.
 */
export function stepDurations(events: Array<{ caseId: string; at: string; toState: StateValue }>): StepDuration[] {
  const stays = new Map<string, number[]>();
  let currentCase = '';
  let active = new Map<string, number>();
  for (const e of events) {
    if (e.caseId !== currentCase) {
      currentCase = e.caseId;
      active = new Map();
    }
    const at = new Date(e.at).getTime();
    const now = new Set(statePathsOf(e.toState));
    for (const [path, since] of active) {
      if (now.has(path)) continue;
      if (!stays.has(path)) stays.set(path, []);
      stays.get(path)!.push(at - since);
      active.delete(path);
    }
    for (const path of now) if (!active.has(path)) active.set(path, at);
  }
  return [...stays.entries()].map(([path, list]) => {
    const sorted = list.sort((a, b) => a - b);
    return { path, count: sorted.length, medianMs: quantile(sorted, 0.5), p90Ms: quantile(sorted, 0.9) };
  });
}
