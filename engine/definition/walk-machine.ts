/**
 * Walks the plain XState machine config of a definition without XState, so
 * lint can report problems by JSON path before XState would throw on them.
 */

/** A state node as lint and compile see it. */
export interface StateNodeInfo {
  /** Dot path from the root, '' for the root (`erfassung`, `kurs.laufend`). */
  path: string;
  /** JSON pointer of the node in the definition (`/machine/states/erfassung`). */
  pointer: string;
  /** XState id: an explicit `id`, or `<machineId>.<path>`. */
  id: string;
  key: string;
  parentPath: string | null;
  config: Record<string, unknown>;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  childKeys: string[];
}

/** One transition in a node's `on`, `after` or `always`. */
export interface TransitionInfo {
  from: string;
  /** `on` event type, `after` delay key, `done.state.<id>` for `onDone`, or '' for `always`. */
  trigger: string;
  kind: 'on' | 'after' | 'always' | 'onDone';
  pointer: string;
  targets: string[];
  guard?: unknown;
  actions: unknown[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Escapes a key for a JSON pointer (RFC 6901). */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Lists every state node, root first. */
export function walkStates(machine: Json): StateNodeInfo[] {
  const out: StateNodeInfo[] = [];
  const machineId = String(machine.id ?? '(machine)');
  const visit = (config: Json, path: string, pointer: string, key: string, parentPath: string | null) => {
    const states = isObject(config.states) ? config.states : {};
    const childKeys = Object.keys(states);
    const declared = config.type;
    const type: StateNodeInfo['type'] =
      declared === 'final' || declared === 'parallel' || declared === 'history'
        ? declared
        : childKeys.length > 0
          ? 'compound'
          : 'atomic';
    const id = typeof config.id === 'string' && path !== '' ? config.id : path === '' ? machineId : `${machineId}.${path}`;
    out.push({ path, pointer, id, key, parentPath, config, type, childKeys });
    for (const child of childKeys) {
      const c = states[child];
      if (!isObject(c)) continue;
      visit(c, path ? `${path}.${child}` : child, `${pointer}/states/${escapePointer(child)}`, child, path);
    }
  };
  visit(machine, '', '/machine', machineId, null);
  return out;
}

function normalizeOne(raw: unknown): { targets: string[]; guard?: unknown; actions: unknown[] } | null {
  if (raw === undefined || raw === null) return { targets: [], actions: [] };
  if (typeof raw === 'string') return { targets: [raw], actions: [] };
  if (!isObject(raw)) return null;
  const t = raw.target;
  const targets = t === undefined ? [] : Array.isArray(t) ? t.map(String) : [String(t)];
  const a = raw.actions;
  const actions = a === undefined ? [] : Array.isArray(a) ? a : [a];
  return { targets, guard: raw.guard, actions };
}

/** Lists the transitions of one node; malformed ones are reported through `bad`. */
export function transitionsOf(node: StateNodeInfo, bad: (pointer: string, message: string) => void): TransitionInfo[] {
  const out: TransitionInfo[] = [];
  const add = (kind: TransitionInfo['kind'], trigger: string, raw: unknown, pointer: string) => {
    const list = Array.isArray(raw) ? raw : [raw];
    list.forEach((item, i) => {
      const p = Array.isArray(raw) ? `${pointer}/${i}` : pointer;
      const n = normalizeOne(item);
      if (!n) bad(p, 'a transition is a target name or an object { target, guard, actions }');
      else out.push({ from: node.path, trigger, kind, pointer: p, ...n });
    });
  };
  for (const kind of ['on', 'after'] as const) {
    const map = node.config[kind];
    if (map === undefined) continue;
    if (!isObject(map)) {
      bad(`${node.pointer}/${kind}`, `"${kind}" must be an object`);
      continue;
    }
    for (const [trigger, raw] of Object.entries(map)) add(kind, trigger, raw, `${node.pointer}/${kind}/${escapePointer(trigger)}`);
  }
  if (node.config.always !== undefined) add('always', '', node.config.always, `${node.pointer}/always`);
  // XState raises `done.state.<id>` when a compound state reaches a final child, or every region of a parallel state does.
  if (node.config.onDone !== undefined) add('onDone', `done.state.${node.id}`, node.config.onDone, `${node.pointer}/onDone`);
  return out;
}

/**
 * Resolves a transition target the way XState does: `#id`, `.child`, or a
 * sibling key (a child of the source's parent). Returns the target's path.
 */
export function resolveTarget(
  from: StateNodeInfo,
  target: string,
  byPath: Map<string, StateNodeInfo>,
  byId: Map<string, StateNodeInfo>,
): StateNodeInfo | undefined {
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.');
    let node = byId.get(target.slice(1)) ?? byId.get(id);
    if (node && !byId.get(target.slice(1))) {
      for (const part of rest) node = node && byPath.get(node.path ? `${node.path}.${part}` : part);
    }
    return node;
  }
  if (target.startsWith('.')) return byPath.get(from.path ? `${from.path}${target}` : target.slice(1));
  const parent = from.parentPath;
  const [first, ...rest] = target.split('.');
  const base = parent === null ? '' : parent;
  const path = [base, first, ...rest].filter((s) => s !== '').join('.');
  return byPath.get(path);
}
