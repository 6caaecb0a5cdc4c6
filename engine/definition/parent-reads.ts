/** The prefix under which guards and delays read the parent case's data. */
const PARENT_DATA = 'case.parent.data.';

/**
 * The paths of the parent's data (`kurs.max_tn`) that a definition's rules
 * read through `{ "var": "case.parent.data.…" }`. The service hands a child
 * only these, so its event log keeps only what its guards needed, not the
 * parent's personal data (issue 9).
 */
export function parentDataPaths(definition: { machine: unknown; delays?: unknown; statistics?: { dimensions?: Record<string, { field: string; parent?: boolean }> } }): string[] {
  const paths = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'var') {
          const name = Array.isArray(child) ? child[0] : child;
          if (typeof name === 'string' && name.startsWith(PARENT_DATA)) paths.add(name.slice(PARENT_DATA.length));
        }
        visit(child);
      }
    }
  };
  visit(definition.machine);
  visit(definition.delays);
  // A dimension taken from the parent (a course's venue) is read from the same context, at every step and in a rebuild.
  for (const dim of Object.values(definition.statistics?.dimensions ?? {})) {
    if (dim.parent) paths.add(dim.field.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.'));
  }
  return [...paths].sort();
}

/** A copy of `data` with only the values at the given dot paths. */
export function pickPaths(data: Record<string, unknown>, paths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const keys = path.split('.');
    let from: unknown = data;
    for (const k of keys) from = from !== null && typeof from === 'object' ? (from as Record<string, unknown>)[k] : undefined;
    if (from === undefined) continue;
    let to = out;
    keys.slice(0, -1).forEach((k) => {
      to[k] = typeof to[k] === 'object' && to[k] !== null ? to[k] : {};
      to = to[k] as Record<string, unknown>;
    });
    to[keys[keys.length - 1]] = from;
  }
  return out;
}
