import { guardMessage, transitionsOf, type CompiledDefinition } from '../definition/index.js';
import type { ErrorDetail } from '../errors.js';

/**
 * Why a person's event was refused: the `message` of each closed guard on
 * the event's transitions in the active states (and their ancestors up to
 * the root), once each, German in `message` and both languages in `text`
 * for the HTTP layer. Empty when no guard says why.
 */
export function guardRejections(compiled: CompiledDefinition, statePaths: readonly string[], type: string): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const path of [...statePaths, '']) {
    const node = compiled.states.get(path);
    if (!node) continue;
    for (const t of transitionsOf(node, () => undefined)) {
      if (t.kind !== 'on' || t.trigger !== type) continue;
      const text = guardMessage(t.guard as never);
      if (!text || seen.has(text.de)) continue;
      seen.add(text.de);
      out.push({ path: '/', message: text.de, code: 'guard', text });
    }
  }
  return out;
}
