/**
 * Transition targets of a machine config, resolved to state paths and
 * written back in the form they had (sibling key, `.child`, `#id`), so that
 * renaming or deleting a state changes exactly the references to it.
 */

/** A JSON object. */
export type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

interface NodeRef {
  path: string;
  parent: string;
  id: string;
  explicitId: boolean;
}

function indexNodes(machine: Json): { byId: Map<string, NodeRef>; machineId: string } {
  const machineId = String(machine.id ?? '');
  const byId = new Map<string, NodeRef>([[machineId, { path: '', parent: '', id: machineId, explicitId: true }]]);
  const visit = (node: Json, path: string, parent: string) => {
    if (path) {
      const explicit = typeof node.id === 'string';
      const id = explicit ? String(node.id) : `${machineId}.${path}`;
      byId.set(id, { path, parent, id, explicitId: explicit });
    }
    const states = isObject(node.states) ? node.states : {};
    for (const [k, c] of Object.entries(states)) if (isObject(c)) visit(c, join(path, k), path);
  };
  visit(machine, '', '');
  return { byId, machineId };
}

/** A target resolved: the base node it is written against and the path below it. */
interface Resolved {
  form: 'sibling' | 'child' | 'id';
  base: string;
  idBase?: NodeRef;
  abs: string;
}

function resolve(target: string, source: string, sourceParent: string, byId: Map<string, NodeRef>): Resolved | null {
  if (target.startsWith('#')) {
    const whole = byId.get(target.slice(1));
    if (whole) return { form: 'id', base: whole.path, idBase: whole, abs: whole.path };
    const [id, ...rest] = target.slice(1).split('.');
    const base = byId.get(id);
    if (!base) return null;
    return { form: 'id', base: base.path, idBase: base, abs: rest.reduce(join, base.path) };
  }
  if (target.startsWith('.')) return { form: 'child', base: source, abs: join(source, target.slice(1)) };
  return { form: 'sibling', base: sourceParent, abs: join(sourceParent, target) };
}

const below = (base: string, abs: string): string | null => (base === '' ? abs : abs.startsWith(`${base}.`) ? abs.slice(base.length + 1) : null);

function write(r: Resolved, newAbs: string, map: (p: string) => string | null, machineId: string): string {
  if (r.form === 'id' && r.idBase) {
    if (r.idBase.explicitId) {
      const newBase = map(r.idBase.path) ?? r.idBase.path;
      const rest = newAbs === newBase ? '' : below(newBase, newAbs);
      if (rest !== null) return rest ? `#${r.idBase.id}.${rest}` : `#${r.idBase.id}`;
    }
    return `#${machineId}.${newAbs}`;
  }
  const newBase = map(r.base) ?? r.base;
  const rest = below(newBase, newAbs);
  if (rest !== null && rest !== '') return r.form === 'child' ? `.${rest}` : rest;
  return `#${machineId}.${newAbs}`;
}

/**
 * Rewrites every transition target of the machine: `map` gets the target's
 * state path and returns the new path, or `null` to drop the transition
 * (its target is deleted). The tree must still have the old paths.
 */
export function retarget(machine: Json, map: (abs: string) => string | null): void {
  const { byId, machineId } = indexNodes(machine);
  const fix = (target: string, source: string, parent: string): string | null => {
    const r = resolve(target, source, parent, byId);
    if (!r) return target;
    const to = map(r.abs);
    if (to === null) return null;
    return to === r.abs && (map(r.base) ?? r.base) === r.base ? target : write(r, to, map, machineId);
  };
  /** One transition (string, object or list) rewritten; `undefined` when nothing is left of it. */
  const fixRaw = (raw: unknown, source: string, parent: string): unknown => {
    if (Array.isArray(raw)) {
      const list = raw.map((t) => fixRaw(t, source, parent)).filter((t) => t !== undefined);
      return list.length === 0 ? undefined : list.length === 1 ? list[0] : list;
    }
    if (typeof raw === 'string') return fix(raw, source, parent) ?? undefined;
    if (!isObject(raw) || raw.target === undefined) return raw;
    const targets = Array.isArray(raw.target) ? raw.target.map(String) : [String(raw.target)];
    const fixed = targets.map((t) => fix(t, source, parent));
    if (fixed.some((t) => t === null)) return undefined;
    return { ...raw, target: Array.isArray(raw.target) ? fixed : fixed[0] };
  };
  const visit = (node: Json, path: string, parent: string) => {
    for (const kind of ['on', 'after'] as const) {
      const m = node[kind];
      if (!isObject(m)) continue;
      for (const [k, raw] of Object.entries(m)) {
        const fixed = fixRaw(raw, path, parent);
        if (fixed === undefined) delete m[k];
        else m[k] = fixed;
      }
      if (Object.keys(m).length === 0) delete node[kind];
    }
    for (const kind of ['always', 'onDone'] as const) {
      if (node[kind] === undefined) continue;
      const fixed = fixRaw(node[kind], path, parent);
      if (fixed === undefined) delete node[kind];
      else node[kind] = fixed;
    }
    const states = isObject(node.states) ? node.states : {};
    for (const [k, c] of Object.entries(states)) if (isObject(c)) visit(c, join(path, k), path);
  };
  visit(machine, '', '');
}

/** The state paths a state's transitions lead to (for listing). */
export function targetsOf(machine: Json, source: string, target: string): string | null {
  const { byId } = indexNodes(machine);
  const parent = source.split('.').slice(0, -1).join('.');
  return resolve(target, source, parent, byId)?.abs ?? null;
}
