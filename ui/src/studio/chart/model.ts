/**
 * The statechart editor's model: pure functions from a definition document to
 * a changed copy. Nothing here touches React or the network, so every edit the
 * studio offers is tested against the engine's own lint (see
 * tests/ui/studio-chart-model.test.ts).
 *
 * States are named by their dot path from the root (`erfassung`,
 * `pruefung.schule`), as the engine and the diagram graph name them.
 */
import type { DefinitionDocument, LocalizedText } from '../../api/types.js';
import { retarget, type Json } from './targets.js';

export type { Json } from './targets.js';

/** A refused edit; `code` names the reason for the UI's message catalogue. */
export class ChartEditError extends Error {
  constructor(
    readonly code: 'initial' | 'exists' | 'noTask' | 'badKey' | 'notFound' | 'badDuration',
    message: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy to edit; documents are plain JSON. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const segments = (path: string): string[] => (path ? path.split('.') : []);

/** The config of the state at `path` ('' is the machine root) inside `machine`, or undefined. */
export function stateAt(machine: Json, path: string): Json | undefined {
  let node: Json | undefined = machine;
  for (const key of segments(path)) {
    const states: unknown = node?.states;
    node = isObject(states) && isObject(states[key]) ? (states[key] as Json) : undefined;
  }
  return node;
}

function mustState(machine: Json, path: string): Json {
  const node = stateAt(machine, path);
  if (!node) throw new ChartEditError('notFound', `state "${path}" does not exist`);
  return node;
}

const parentOf = (path: string): string => segments(path).slice(0, -1).join('.');
const lastKey = (path: string): string => segments(path).at(-1) ?? '';
const join = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

const escape = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON pointer of a state path (`a.b` -> `/machine/states/a/states/b`), as lint names problems. */
export function statePointer(path: string): string {
  return `/machine${segments(path)
    .map((k) => `/states/${escape(k)}`)
    .join('')}`;
}

/** One state as the editor lists it. */
export interface ChartState {
  path: string;
  key: string;
  parent: string;
  depth: number;
  title: LocalizedText;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial: boolean;
  task?: Task;
  childKeys: string[];
}

/** `meta.task` of a state. */
export interface Task {
  roles: string[];
  form?: string;
  due?: string;
  title?: LocalizedText;
}

/** Lists every state, depth first, in document order. */
export function listStates(doc: DefinitionDocument): ChartState[] {
  const out: ChartState[] = [];
  const visit = (node: Json, path: string, depth: number) => {
    const states = isObject(node.states) ? node.states : {};
    for (const [key, child] of Object.entries(states)) {
      if (!isObject(child)) continue;
      const p = join(path, key);
      const kids = isObject(child.states) ? Object.keys(child.states) : [];
      const declared = child.type;
      const meta = isObject(child.meta) ? child.meta : {};
      out.push({
        path: p,
        key,
        parent: path,
        depth,
        title: (meta.title as LocalizedText | undefined) ?? { de: key, en: key },
        type: declared === 'final' || declared === 'parallel' || declared === 'history' ? declared : kids.length ? 'compound' : 'atomic',
        initial: node.initial === key,
        task: meta.task as Task | undefined,
        childKeys: kids,
      });
      visit(child, p, depth + 1);
    }
  };
  visit(doc.machine, '', 0);
  return out;
}

/**
 * A state key from a German title: lower case, umlauts spelled out, other
 * characters dropped ("Erstgespräch" -> "erstgespraech").
 */
export function keyFromTitle(title: string): string {
  const ascii = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  const key = ascii.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(key) ? key : `zustand_${key}`.replace(/_$/, '');
}

/** An event type from a German label ("Abbrechen" -> "ABBRECHEN"). */
export function eventFromLabel(label: string): string {
  return keyFromTitle(label).toUpperCase().replace(/^ZUSTAND_/, 'EREIGNIS_');
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function freeKey(siblings: Json, wanted: string): string {
  let key = wanted;
  for (let i = 2; key in siblings; i++) key = `${wanted}_${i}`;
  return key;
}

/**
 * Adds a state below `parent` ('' for the top level) titled `title`; the
 * first child of a state makes it compound and its initial child. Returns
 * the new document and the new state's path.
 */
export function addState(doc: DefinitionDocument, parent: string, title: LocalizedText, opts: { key?: string; final?: boolean } = {}): { doc: DefinitionDocument; path: string } {
  const next = copy(doc);
  const host = mustState(next.machine, parent);
  if (host.type === 'final') delete host.type;
  if (!isObject(host.states)) host.states = {};
  const states = host.states as Json;
  const key = opts.key ?? freeKey(states, keyFromTitle(title.de));
  if (!KEY.test(key)) throw new ChartEditError('badKey', `"${key}" is not a valid state key`);
  if (key in states) throw new ChartEditError('exists', `state "${join(parent, key)}" exists already`);
  const state: Json = { meta: { title: { de: title.de, en: title.en || title.de } } };
  if (opts.final) state.type = 'final';
  states[key] = state;
  if (host.type !== 'parallel' && typeof host.initial !== 'string') host.initial = key;
  return { doc: next, path: join(parent, key) };
}

/** Sets the German/English title of a state. */
export function setTitle(doc: DefinitionDocument, path: string, title: LocalizedText): DefinitionDocument {
  const next = copy(doc);
  const node = mustState(next.machine, path);
  const meta = isObject(node.meta) ? node.meta : (node.meta = {});
  meta.title = title.en ? { de: title.de, en: title.en } : { de: title.de };
  return next;
}

/** Visits every state config with its path, the root ('') first. */
function eachState(machine: Json, fn: (node: Json, path: string) => void): void {
  const visit = (node: Json, path: string) => {
    fn(node, path);
    const states = isObject(node.states) ? node.states : {};
    for (const [k, c] of Object.entries(states)) if (isObject(c)) visit(c, join(path, k));
  };
  visit(machine, '');
}

/** Visits every guard object (also inside `all`/`any`/`not`) of every transition. */
function eachGuard(machine: Json, fn: (guard: Json) => void): void {
  const walk = (g: unknown) => {
    if (!isObject(g)) return;
    fn(g);
    const params = isObject(g.params) ? g.params : {};
    if (Array.isArray(params.guards)) params.guards.forEach(walk);
    walk(params.guard);
  };
  eachState(machine, (node) => {
    for (const t of transitionObjects(node)) walk(t.guard);
  });
}

/** Every transition object (not the string shorthands) of a state's `on`, `after`, `always`, `onDone`. */
function transitionObjects(node: Json): Json[] {
  const out: Json[] = [];
  const take = (raw: unknown) => (Array.isArray(raw) ? raw : [raw]).forEach((t) => isObject(t) && out.push(t));
  for (const kind of ['on', 'after'] as const) if (isObject(node[kind])) Object.values(node[kind]).forEach(take);
  take(node.always);
  take(node.onDone);
  return out;
}

/**
 * Changes a state's key and with it every reference: its parent's
 * `initial`, transition targets anywhere in the machine (sibling, `.child`
 * and `#id` forms), `inState` guards and `capacity` guards counting this
 * process's states.
 */
export function renameState(doc: DefinitionDocument, path: string, newKey: string): { doc: DefinitionDocument; path: string } {
  if (!KEY.test(newKey)) throw new ChartEditError('badKey', `"${newKey}" is not a valid state key`);
  const oldKey = lastKey(path);
  const parent = parentOf(path);
  const newPath = join(parent, newKey);
  if (newKey === oldKey) return { doc, path };
  const next = copy(doc);
  const host = mustState(next.machine, parent);
  const states = host.states as Json;
  if (!(oldKey in states)) throw new ChartEditError('notFound', `state "${path}" does not exist`);
  if (newKey in states) throw new ChartEditError('exists', `state "${newPath}" exists already`);

  // Targets are resolved against the old tree, then rewritten; the key itself changes last.
  retarget(next.machine, (abs) => (abs === path || abs.startsWith(`${path}.`) ? newPath + abs.slice(path.length) : abs));
  const renamePath = (p: unknown) => (typeof p === 'string' && (p === path || p.startsWith(`${path}.`)) ? newPath + p.slice(path.length) : p);
  eachGuard(next.machine, (g) => {
    const params = isObject(g.params) ? g.params : undefined;
    if (!params) return;
    if (g.type === 'inState') params.state = renamePath(params.state);
    if (g.type === 'capacity' && params.scope !== 'children' && Array.isArray(params.states)) params.states = params.states.map(renamePath);
  });
  // Keep the order of the states: the list and the diagram follow it.
  host.states = Object.fromEntries(Object.entries(states).map(([k, v]) => [k === oldKey ? newKey : k, v]));
  if (host.initial === oldKey) host.initial = newKey;
  return { doc: next, path: newPath };
}

/**
 * Deletes a state with its children, every transition leading into it and
 * the person events that then lead nowhere. Refused for the initial state of
 * its parent (choose another start first) and for the last state.
 */
export function deleteState(doc: DefinitionDocument, path: string): DefinitionDocument {
  const parent = parentOf(path);
  const key = lastKey(path);
  const host = mustState(doc.machine, parent);
  if (host.initial === key) throw new ChartEditError('initial', `"${path}" is the initial state; choose another initial state first`);
  const next = copy(doc);
  const states = mustState(next.machine, parent).states as Json;
  delete states[key];
  retarget(next.machine, (abs) => (abs === path || abs.startsWith(`${path}.`) ? null : abs));
  eachState(next.machine, (node) => pruneEvents(node));
  return next;
}

/** Drops `meta.events` entries whose event the state no longer handles. */
function pruneEvents(node: Json): void {
  const meta = isObject(node.meta) ? node.meta : undefined;
  if (!meta || !isObject(meta.events)) return;
  const on = isObject(node.on) ? node.on : {};
  for (const ev of Object.keys(meta.events)) if (!(ev in on)) delete meta.events[ev];
  if (Object.keys(meta.events).length === 0) delete meta.events;
}

/** Makes the state its parent's initial state. */
export function setInitial(doc: DefinitionDocument, path: string): DefinitionDocument {
  const next = copy(doc);
  mustState(next.machine, path);
  mustState(next.machine, parentOf(path)).initial = lastKey(path);
  return next;
}

/**
 * Marks a state final (the case closes there) or not. A final state has no
 * task, events, timers or children, so those go.
 */
export function setFinal(doc: DefinitionDocument, path: string, final: boolean): DefinitionDocument {
  const next = copy(doc);
  const node = mustState(next.machine, path);
  if (final) {
    node.type = 'final';
    for (const k of ['on', 'after', 'always', 'states', 'initial', 'onDone']) delete node[k];
    if (isObject(node.meta)) {
      delete node.meta.task;
      delete node.meta.events;
    }
  } else if (node.type === 'final') delete node.type;
  return next;
}

/** Makes a compound state parallel (its children become regions) or back. */
export function setParallel(doc: DefinitionDocument, path: string, parallel: boolean): DefinitionDocument {
  const next = copy(doc);
  const node = mustState(next.machine, path);
  if (parallel) {
    node.type = 'parallel';
    delete node.initial;
  } else if (node.type === 'parallel') {
    delete node.type;
    const first = isObject(node.states) ? Object.keys(node.states)[0] : undefined;
    if (first) node.initial = first;
  }
  return next;
}

/** Sets (or with `undefined` removes) a state's task: roles, form, due. */
export function setTask(doc: DefinitionDocument, path: string, task: Task | undefined): DefinitionDocument {
  const next = copy(doc);
  const node = mustState(next.machine, path);
  const meta = isObject(node.meta) ? node.meta : (node.meta = {});
  if (!task) {
    delete meta.task;
    return next;
  }
  const clean: Json = { roles: task.roles };
  if (task.form) clean.form = task.form;
  if (task.due) clean.due = task.due;
  if (task.title?.de) clean.title = task.title;
  meta.task = clean;
  return next;
}

