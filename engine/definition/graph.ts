import type { Definition, LocalizedText } from './definition-schema.js';
import { resolveTarget, transitionsOf, walkStates } from './walk-machine.js';

/** Nodes and edges of a definition's statechart, for diagrams. */
export interface DefinitionGraph {
  nodes: Array<{ id: string; parent: string | null; title: LocalizedText; type: string; hasTask: boolean; initial: boolean }>;
  edges: Array<{ id: string; source: string; target: string; label: string; kind: 'on' | 'after' | 'always' }>;
}

/** Builds the diagram graph of a (linted) definition; node ids are state paths. */
export function definitionGraph(def: Definition): DefinitionGraph {
  const nodes = walkStates(def.machine as Record<string, unknown>);
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graph: DefinitionGraph = { nodes: [], edges: [] };
  for (const n of nodes) {
    if (n.path === '') continue;
    const meta = (n.config.meta ?? {}) as { title?: LocalizedText; task?: unknown };
    const parent = n.parentPath === null ? null : byPath.get(n.parentPath);
    graph.nodes.push({
      id: n.path,
      parent: n.parentPath || null,
      title: meta.title ?? { de: n.key, en: n.key },
      type: n.type,
      hasTask: meta.task !== undefined,
      initial: parent?.config.initial === n.key,
    });
  }
  for (const n of nodes) {
    for (const t of transitionsOf(n, () => undefined)) {
      for (const target of t.targets) {
        const to = resolveTarget(n, target, byPath, byId);
        if (!to || n.path === '') continue;
        const label = t.kind === 'after' ? `⏱ ${t.trigger}` : t.kind === 'always' ? '' : t.kind === 'onDone' ? '✓' : t.trigger;
        // A join (`onDone`) is drawn like an eventless transition: it follows from the states, not from a person.
        graph.edges.push({ id: `${n.path}->${to.path}:${t.pointer}`, source: n.path, target: to.path, label, kind: t.kind === 'onDone' ? 'always' : t.kind });
      }
    }
  }
  return graph;
}
