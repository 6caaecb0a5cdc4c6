import type { ErrorDetail } from '../errors.js';
import type { StateNodeInfo } from './walk-machine.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}

/**
 * Warns where two regions of a parallel state both have tasks: every task
 * submits with the event `SUBMIT`, and XState hands one event to every
 * region that handles it, so one person's submission would finish both
 * tasks at once. Each region's task needs its own event (`meta.events`).
 */
export function lintParallelSubmit(nodes: StateNodeInfo[], byPath: Map<string, StateNodeInfo>): ErrorDetail[] {
  const warnings: ErrorDetail[] = [];
  const handlesSubmit = (n: StateNodeInfo) =>
    (isObject(n.config.meta) && isObject((n.config.meta as Record<string, unknown>).task)) || (isObject(n.config.on) && 'SUBMIT' in n.config.on);
  for (const parallel of nodes) {
    if (parallel.type !== 'parallel') continue;
    const regions = parallel.childKeys
      .map((k) => (parallel.path ? `${parallel.path}.${k}` : k))
      .filter((region) => nodes.some((n) => isWithin(n.path, region) && handlesSubmit(n)));
    if (regions.length < 2 || !byPath.has(regions[0])) continue;
    warnings.push({
      path: parallel.pointer,
      message: `regions ${regions.map((r) => `"${r}"`).join(', ')} all take SUBMIT: one submission finishes every one of their tasks at once. Give each region's step its own event in meta.events (Jede Region braucht ein eigenes Ereignis, sonst schließt eine Abgabe alle Aufgaben zugleich).`,
      code: 'parallel-submit',
    });
  }
  return warnings;
}
