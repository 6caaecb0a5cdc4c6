/**
 * Transitions in the statechart editor: listing them with what triggers
 * them, drawing new ones (task submitted, a person's event, a deadline, an
 * event from a linked case), reminders, changing their guard, deleting them.
 * Pure: each function returns a changed copy of the document.
 */
import type { DefinitionDocument, LocalizedText } from '../../api/types.js';
import { ChartEditError, eventFromLabel, stateAt, statePointer, type Json } from './model.js';
import { targetsOf } from './targets.js';
import { isIsoDuration } from './duration.js';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** What makes a transition happen. */
export type Trigger =
  | { kind: 'submit' }
  | { kind: 'event'; event?: string; label: LocalizedText; roles: string[]; form?: string }
  | { kind: 'after'; duration: string }
  | { kind: 'linked'; event: string }
  | { kind: 'always' };

/** Names one branch of a state's transitions. */
export interface TransitionRef {
  source: string;
  kind: 'on' | 'after' | 'always';
  /** Event type or delay; '' for `always`. */
  trigger: string;
  index: number;
}

/** One transition as the editor lists it. */
export interface ChartTransition extends TransitionRef {
  /** Target state path, `null` for a transition without target (a reminder, an action). */
  target: string | null;
  guard?: Json;
  actions: unknown[];
  /** What kind of trigger, as the editor offers them. */
  triggerKind: Trigger['kind'];
  /** The person event's label, if it is one. */
  label?: LocalizedText;
  /** A reminder: a target-less deadline that only creates a reminder task. */
  reminder: boolean;
  /** JSON pointer of the branch, as lint and the diagram's edges name it. */
  pointer: string;
}

function branches(raw: unknown): Json[] {
  return (Array.isArray(raw) ? raw : [raw]).map((t) => (typeof t === 'string' ? { target: t } : isObject(t) ? t : {}));
}

/** The person events a state offers (its own `meta.events` and the root's). */
function personEvents(doc: DefinitionDocument, source: string): Record<string, { label: LocalizedText }> {
  const own = stateAt(doc.machine, source)?.meta;
  const root = doc.machine.meta;
  return {
    ...(isObject(root) && isObject(root.events) ? (root.events as Record<string, { label: LocalizedText }>) : {}),
    ...(isObject(own) && isObject(own.events) ? (own.events as Record<string, { label: LocalizedText }>) : {}),
  };
}

/** Lists the transitions of every state (not the root's), in document order. */
export function listTransitions(doc: DefinitionDocument, states: string[]): ChartTransition[] {
  const out: ChartTransition[] = [];
  for (const source of states) {
    const node = stateAt(doc.machine, source);
    if (!node) continue;
    const events = personEvents(doc, source);
    const push = (kind: TransitionRef['kind'], trigger: string, raw: unknown) =>
      branches(raw).forEach((t, index) => {
        const base = kind === 'always' ? `${statePointer(source)}/always` : `${statePointer(source)}/${kind}/${trigger.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const pointer = Array.isArray(raw) ? `${base}/${index}` : base;
        const target = t.target === undefined ? null : targetsOf(doc.machine, source, String(Array.isArray(t.target) ? t.target[0] : t.target));
        const actions = t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions];
        const triggerKind: Trigger['kind'] =
          kind === 'after' ? 'after' : kind === 'always' ? 'always' : trigger === 'SUBMIT' ? 'submit' : events[trigger] ? 'event' : 'linked';
        out.push({
          source,
          kind,
          trigger,
          index,
          target,
          guard: isObject(t.guard) ? t.guard : undefined,
          actions,
          triggerKind,
          label: events[trigger]?.label,
          reminder: kind === 'after' && target === null && actions.some((a) => isObject(a) && a.type === 'remind'),
          pointer,
        });
      });
    for (const kind of ['on', 'after'] as const) {
      const m = node[kind];
      if (isObject(m)) for (const [trigger, raw] of Object.entries(m)) push(kind, trigger, raw);
    }
    if (node.always !== undefined) push('always', '', node.always);
  }
  return out;
}

/** How `target` is written from `source`: a sibling key where possible, else `#machine.path`. */
export function targetText(doc: DefinitionDocument, source: string, target: string): string {
  const parent = source.split('.').slice(0, -1).join('.');
  if (parent === '' && !target.includes('.')) return target;
  if (parent && target.startsWith(`${parent}.`)) return target.slice(parent.length + 1);
  return `#${String(doc.machine.id)}.${target}`;
}

/** Appends a branch to `map[key]`, keeping a single branch in the short form. */
function append(map: Json, key: string, branch: Json | string): number {
  const existing = map[key];
  if (existing === undefined) {
    map[key] = branch;
    return 0;
  }
  const list = Array.isArray(existing) ? existing : [existing];
  // A guarded branch goes before an unguarded fallback, since XState takes the first that passes.
  const fallback = list.findIndex((b) => typeof b === 'string' || (isObject(b) && b.guard === undefined));
  const guarded = isObject(branch) && branch.guard !== undefined;
  const at = guarded && fallback >= 0 ? fallback : list.length;
  list.splice(at, 0, branch);
  map[key] = list;
  return at;
}

/**
 * Draws a transition from `source` to `target` (state paths) on `trigger`.
 * A person's event is declared in the state's `meta.events` with its label
 * and roles; its type comes from the German label unless given. Returns the
 * document and the new transition's reference.
 */
export function addTransition(doc: DefinitionDocument, source: string, target: string, trigger: Trigger, guard?: Json): { doc: DefinitionDocument; ref: TransitionRef } {
  const next = copy(doc);
  const node = stateAt(next.machine, source);
  if (!node || !stateAt(next.machine, target)) throw new ChartEditError('notFound', 'source or target does not exist');
  const to = targetText(next, source, target);
  const branch: Json | string = guard ? { target: to, guard } : to;
  if (trigger.kind === 'always') {
    node.always = node.always === undefined ? branch : [...branches(node.always).map((b) => (Object.keys(b).length === 1 && typeof b.target === 'string' ? b.target : b)), branch];
    return { doc: next, ref: { source, kind: 'always', trigger: '', index: branches(node.always).length - 1 } };
  }
  if (trigger.kind === 'after') {
    if (!isIsoDuration(trigger.duration)) throw new ChartEditError('badDuration', `"${trigger.duration}" is not an ISO 8601 duration`);
    const after = isObject(node.after) ? node.after : (node.after = {});
    return { doc: next, ref: { source, kind: 'after', trigger: trigger.duration, index: append(after, trigger.duration, branch) } };
  }
  const meta = isObject(node.meta) ? node.meta : (node.meta = {});
  let event: string;
  if (trigger.kind === 'submit') {
    if (!isObject(meta.task)) throw new ChartEditError('noTask', `"${source}" has no task whose form could be submitted`);
    event = 'SUBMIT';
  } else if (trigger.kind === 'event') {
    event = trigger.event || eventFromLabel(trigger.label.de);
    const events = isObject(meta.events) ? meta.events : (meta.events = {});
    const spec: Json = { label: trigger.label.en ? trigger.label : { de: trigger.label.de }, roles: trigger.roles };
    if (trigger.form) spec.form = trigger.form;
    events[event] = spec;
  } else {
    event = trigger.event;
  }
  const on = isObject(node.on) ? node.on : (node.on = {});
  return { doc: next, ref: { source, kind: 'on', trigger: event, index: append(on, event, branch) } };
}

function mapOf(node: Json, ref: TransitionRef): { holder: Json; key: string } {
  if (ref.kind === 'always') return { holder: node, key: 'always' };
  return { holder: node[ref.kind] as Json, key: ref.trigger };
}

/** Reads and rewrites one branch; `fn` returns the new branch or `undefined` to delete it. */
function editBranch(doc: DefinitionDocument, ref: TransitionRef, fn: (b: Json) => Json | undefined): DefinitionDocument {
  const next = copy(doc);
  const node = stateAt(next.machine, ref.source);
  if (!node) throw new ChartEditError('notFound', `state "${ref.source}" does not exist`);
  const { holder, key } = mapOf(node, ref);
  if (!isObject(holder) || holder[key] === undefined) throw new ChartEditError('notFound', 'transition does not exist');
  const list = branches(holder[key]);
  if (!list[ref.index]) throw new ChartEditError('notFound', 'transition does not exist');
  const changed = fn(list[ref.index]);
  if (changed === undefined) list.splice(ref.index, 1);
  else list[ref.index] = changed;
  // Written back in the shortest form XState accepts: a plain target when nothing else is said.
  const short = list.map((b) => (Object.keys(b).length === 1 && typeof b.target === 'string' ? b.target : b));
  if (short.length === 0) delete holder[key];
  else holder[key] = short.length === 1 ? short[0] : short;
  if (ref.kind !== 'always' && Object.keys(holder).length === 0) delete node[ref.kind];
  if (ref.kind === 'on' && changed === undefined && !(isObject(node.on) && ref.trigger in node.on)) {
    const meta = isObject(node.meta) ? node.meta : undefined;
    if (meta && isObject(meta.events)) {
      delete meta.events[ref.trigger];
      if (Object.keys(meta.events).length === 0) delete meta.events;
    }
  }
  return next;
}

/** Deletes one transition; a person event left without transitions is no longer offered. */
export function removeTransition(doc: DefinitionDocument, ref: TransitionRef): DefinitionDocument {
  return editBranch(doc, ref, () => undefined);
}

/** Sets (or with `undefined` removes) the guard of one transition. */
export function setGuard(doc: DefinitionDocument, ref: TransitionRef, guard: Json | undefined): DefinitionDocument {
  return editBranch(doc, ref, (b) => {
    const { guard: _old, ...rest } = b;
    return guard ? { ...rest, guard } : rest;
  });
}

/** Moves one transition to another target state. */
export function setTarget(doc: DefinitionDocument, ref: TransitionRef, target: string): DefinitionDocument {
  const to = targetText(doc, ref.source, target);
  return editBranch(doc, ref, (b) => ({ ...b, target: to }));
}

/** Changes the label and roles of a person event declared on the transition's state. */
export function setEventSpec(doc: DefinitionDocument, source: string, event: string, spec: { label: LocalizedText; roles: string[]; form?: string }): DefinitionDocument {
  const next = copy(doc);
  const meta = stateAt(next.machine, source)?.meta;
  if (!isObject(meta) || !isObject(meta.events) || !isObject(meta.events[event])) throw new ChartEditError('notFound', `event "${event}" is not declared on "${source}"`);
  const out: Json = { ...meta.events[event], label: spec.label, roles: spec.roles };
  if (spec.form) out.form = spec.form;
  else delete out.form;
  meta.events[event] = out;
  return next;
}

/** A reminder: after `duration` in the state a task reminds `roles`; the state stays. */
export interface Reminder {
  duration: string;
  title: LocalizedText;
  roles: string[];
  due?: string;
}

/** Adds a reminder to a state (a target-less `after` with a `remind` action). */
export function addReminder(doc: DefinitionDocument, source: string, r: Reminder): { doc: DefinitionDocument; ref: TransitionRef } {
  if (!isIsoDuration(r.duration)) throw new ChartEditError('badDuration', `"${r.duration}" is not an ISO 8601 duration`);
  const next = copy(doc);
  const node = stateAt(next.machine, source);
  if (!node) throw new ChartEditError('notFound', `state "${source}" does not exist`);
  const params: Json = { title: r.title.en ? r.title : { de: r.title.de }, roles: r.roles };
  if (r.due) params.due = r.due;
  const after = isObject(node.after) ? node.after : (node.after = {});
  const index = append(after, r.duration, { actions: [{ type: 'remind', params }] });
  return { doc: next, ref: { source, kind: 'after', trigger: r.duration, index } };
}

/**
 * Moves a guarded branch before the first unguarded branch of the same
 * event or delay: XState takes the first branch that passes, so a condition
 * behind a fallback would never be asked. Returns where the branch is now.
 */
export function guardedFirst(doc: DefinitionDocument, ref: TransitionRef): { doc: DefinitionDocument; ref: TransitionRef } {
  const node = stateAt(doc.machine, ref.source);
  const holder = node && (ref.kind === 'always' ? node : (node[ref.kind] as Json | undefined));
  const key = ref.kind === 'always' ? 'always' : ref.trigger;
  const raw = isObject(holder) ? holder[key] : undefined;
  if (!Array.isArray(raw)) return { doc, ref };
  const list = branches(raw);
  if (!list[ref.index]?.guard) return { doc, ref };
  const fallback = list.findIndex((b) => b.guard === undefined);
  if (fallback < 0 || fallback > ref.index) return { doc, ref };
  const next = copy(doc);
  const h = ref.kind === 'always' ? stateAt(next.machine, ref.source)! : (stateAt(next.machine, ref.source)![ref.kind] as Json);
  const arr = h[key] as unknown[];
  const [moved] = arr.splice(ref.index, 1);
  arr.splice(fallback, 0, moved);
  return { doc: next, ref: { ...ref, index: fallback } };
}
