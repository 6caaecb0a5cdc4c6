import type { LocalizedText } from '../../api/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One state of a machine: its path, title and whether it has children. */
export interface StateEntry {
  path: string;
  title: LocalizedText;
  leaf: boolean;
  /** A final state: closed cases stay on their version, so it needs no mapping. */
  final: boolean;
}

/** Every state of a machine config, depth first, with its `meta.title` (the path where it has none). */
export function stateList(machine: unknown): StateEntry[] {
  const out: StateEntry[] = [];
  const walk = (node: unknown, prefix: string) => {
    if (!isObject(node) || !isObject(node.states)) return;
    for (const [key, child] of Object.entries(node.states)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const meta = isObject(child) && isObject(child.meta) ? child.meta : {};
      const title = isObject(meta.title) && typeof meta.title.de === 'string' ? (meta.title as LocalizedText) : { de: path };
      const leaf = !(isObject(child) && isObject(child.states) && Object.keys(child.states).length > 0);
      out.push({ path, title, leaf, final: isObject(child) && child.type === 'final' });
      walk(child, path);
    }
  };
  walk(machine, '');
  return out;
}

/**
 * The suggested mapping of a migration: a state renamed (as the diff found)
 * goes to its new name, a state whose path the new version has keeps it; the
 * rest stays unmapped ('').
 */
export function suggestMapping(from: StateEntry[], to: StateEntry[], renames: Record<string, string>): Record<string, string> {
  const paths = new Set(to.map((s) => s.path));
  return Object.fromEntries(from.filter((s) => s.leaf && !s.final).map((s) => [s.path, renames[s.path] ?? (paths.has(s.path) ? s.path : '')]));
}
