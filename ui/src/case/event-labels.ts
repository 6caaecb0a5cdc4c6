import type { LocalizedText } from '../api/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The labels of the events people send (`meta.events[type].label`) anywhere
 * in a machine, so diagram edges read "Abbrechen" instead of `ABBRECHEN`.
 */
export function eventLabelsOf(machine: unknown): Record<string, LocalizedText> {
  const out: Record<string, LocalizedText> = {};
  const walk = (node: unknown) => {
    if (!isObject(node)) return;
    const meta = node.meta;
    if (isObject(meta) && isObject(meta.events)) {
      for (const [type, spec] of Object.entries(meta.events)) {
        if (isObject(spec) && isObject(spec.label) && typeof spec.label.de === 'string' && !out[type]) out[type] = spec.label as LocalizedText;
      }
    }
    if (isObject(node.states)) Object.values(node.states).forEach(walk);
  };
  walk(machine);
  return out;
}

/** The descriptions of a definition's named delays (`delays[name].description`), for timer edges. */
export function delayLabelsOf(doc: unknown): Record<string, LocalizedText> {
  const out: Record<string, LocalizedText> = {};
  const delays = isObject(doc) ? doc.delays : undefined;
  if (!isObject(delays)) return out;
  for (const [name, spec] of Object.entries(delays)) {
    if (isObject(spec) && isObject(spec.description) && typeof spec.description.de === 'string') out[name] = spec.description as LocalizedText;
  }
  return out;
}

/**
 * The task titles of a machine's states, keyed `SUBMIT@<state path>`: a task
 * state's `SUBMIT` arrow reads "Stammdaten prüfen und ergänzen", not "Absenden".
 */
export function taskLabelsOf(machine: unknown): Record<string, LocalizedText> {
  const out: Record<string, LocalizedText> = {};
  const walk = (node: unknown, path: string) => {
    if (!isObject(node)) return;
    const task = isObject(node.meta) ? node.meta.task : undefined;
    if (path && isObject(task) && isObject(task.title) && typeof task.title.de === 'string') out[`SUBMIT@${path}`] = task.title as LocalizedText;
    if (isObject(node.states)) for (const [k, child] of Object.entries(node.states)) walk(child, path ? `${path}.${k}` : k);
  };
  walk(machine, '');
  return out;
}

/** A system event's type in words ("KURS_ABGESAGT" -> "Kurs abgesagt"), for arrows no person sends. */
export function humanizeEvent(type: string): string {
  const words = type.toLowerCase().split(/[_\s.-]+/).filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
