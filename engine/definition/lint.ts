import { Ajv2020 } from 'ajv/dist/2020.js';
import { definitionSchema, localizedTextSchema, stateMetaSchema, type Definition } from './definition-schema.js';
import { ACTIONS, GUARDS, isActionType, isGuardType } from './catalogue.js';
import { isDuration } from './duration.js';
import { FormAjvPool } from './form-ajv.js';
import { lintAccess } from './lint-access.js';
import { lintCaseTitle } from './case-title.js';
import { lintFormSchema } from './lint-form-schema.js';
import { INVOKE_HINT, actionHint, didYouMean, durationHint, guardHint } from './lint-hints.js';
import { lintParallelSubmit } from './lint-parallel.js';
import { lintConsent } from './lint-consent.js';
import { lintOffer } from './lint-offer.js';
import { lintPrefill } from './lint-prefill.js';
import { lintStatistics } from './lint-statistics.js';
import { escapePointer, resolveTarget, transitionsOf, walkStates, type StateNodeInfo } from './walk-machine.js';
import type { ErrorDetail } from '../errors.js';
import { exceedsLimits } from './limits.js';

const metaAjv = new Ajv2020({ allErrors: true, strict: false });
const validateDocument = metaAjv.compile(definitionSchema);
const validateMeta = metaAjv.compile(stateMetaSchema);
const validateText = metaAjv.compile(localizedTextSchema);
const guardValidators = Object.fromEntries(Object.entries(GUARDS).map(([k, s]) => [k, metaAjv.compile(s)]));
const actionValidators = Object.fromEntries(Object.entries(ACTIONS).map(([k, s]) => [k, metaAjv.compile(s)]));

/** Event types the engine itself sends; definitions may handle them without listing them in `meta.events`. */
export const SYSTEM_EVENT_PREFIX = 'xstate.';

/**
 * The outcome of linting: the typed definition when there are no problems.
 * Warnings never block an import; they point at what probably does not do
 * what the author meant (two parallel tasks sharing SUBMIT).
 */
export type LintResult =
  | { ok: true; definition: Definition; warnings: ErrorDetail[] }
  | { ok: false; problems: ErrorDetail[]; warnings: ErrorDetail[] };

/** Keys XState reads on a state node; anything else is a typo or not XState. */
const STATE_KEYS = ['id', 'type', 'initial', 'states', 'on', 'after', 'always', 'entry', 'exit', 'meta', 'onDone', 'history', 'target', 'description', 'tags', 'invoke', 'context', 'output', 'version'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a definition document and reports every problem with its JSON
 * pointer: the format's schema, form schemas (AJV strict), references to
 * forms, roles, guards, actions, delays and states, unreachable states and
 * non-final states with no way out.
 */
export function lintDefinition(doc: unknown): LintResult {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path: path || '/', message });
  if (exceedsLimits(doc, add)) return { ok: false, problems, warnings: [] };

  if (!validateDocument(doc)) {
    for (const e of validateDocument.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
      add(e.instancePath, `${e.message ?? 'invalid'}${extra}`);
    }
    // Without the basic shape the deeper checks would only repeat the same problems.
    if (!isObject(doc) || !isObject(doc.machine) || !isObject(doc.forms) || !Array.isArray(doc.roles)) {
      return { ok: false, problems, warnings: [] };
    }
  }
  const def = doc as Definition;
  const roles = new Set<string>(def.roles);
  const forms = def.forms ?? {};
  const delays = def.delays ?? {};

  lintForms(def, add);
  lintConsent(def, add);
  lintPrefill(def, add);
  if (typeof def.retention?.afterClose === 'string' && !isDuration(def.retention.afterClose)) {
    add('/retention/afterClose', `"${def.retention.afterClose}" is not an ISO 8601 duration (e.g. P12M)${durationHint(def.retention.afterClose)}`);
  }
  lintDelays(delays, add);

  const nodes = walkStates(def.machine as Record<string, unknown>);
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const byId = new Map(nodes.map((n) => [n.id, n]));

  const checkRoles = (list: readonly string[] | undefined, pointer: string) =>
    (list ?? []).forEach((r, i) => {
      if (!roles.has(r)) add(`${pointer}/${i}`, `role "${r}" is not declared in "roles"`);
    });
  const checkForm = (form: string | undefined, pointer: string) => {
    if (form !== undefined && !Object.prototype.hasOwnProperty.call(forms, form)) add(pointer, `form "${form}" does not exist in "forms"`);
  };
  const checkDelay = (delay: string, pointer: string) => {
    if (!isDuration(delay) && !Object.prototype.hasOwnProperty.call(delays, delay)) {
      const near = durationHint(delay) || didYouMean(delay, Object.keys(delays));
      add(pointer, `delay "${delay}" is neither an ISO 8601 duration (e.g. P14D, PT1H) nor a name in "delays"${near}`);
    }
  };

  const outgoing = new Map<string, number>();
  const edges = new Map<string, Set<string>>();
  for (const node of nodes) {
    for (const key of Object.keys(node.config)) {
      if (key === 'invoke') add(`${node.pointer}/invoke`, `Agora does not run "invoke": ${INVOKE_HINT}`);
      else if (!STATE_KEYS.includes(key)) add(`${node.pointer}/${escapePointer(key)}`, `"${key}" is not a key of an XState state${didYouMean(key, STATE_KEYS)}`);
    }
    if (node.type === 'history' && node.config.history !== undefined && node.config.history !== 'shallow' && node.config.history !== 'deep') {
      add(`${node.pointer}/history`, 'history is "shallow" or "deep"');
    }
    if (node.config.meta !== undefined) {
      if (!validateMeta(node.config.meta)) {
        for (const e of validateMeta.errors ?? []) {
          const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
          add(`${node.pointer}/meta${e.instancePath}`, `${e.message ?? 'invalid'}${extra}`);
        }
      }
      const meta = node.config.meta as Record<string, any>;
      if (isObject(meta.task)) {
        checkRoles(meta.task.roles as string[] | undefined, `${node.pointer}/meta/task/roles`);
        checkForm(meta.task.form as string | undefined, `${node.pointer}/meta/task/form`);
        if (typeof meta.task.due === 'string') checkDelay(meta.task.due, `${node.pointer}/meta/task/due`);
        if (node.type !== 'atomic') add(`${node.pointer}/meta/task`, 'a task belongs on a state without child states');
      }
      if (isObject(meta.events)) {
        for (const [type, spec] of Object.entries(meta.events)) {
          const p = `${node.pointer}/meta/events/${escapePointer(type)}`;
          if (!isObject(spec)) continue;
          checkRoles(spec.roles as string[] | undefined, `${p}/roles`);
          checkForm(spec.form as string | undefined, `${p}/form`);
          if (type === 'SUBMIT') add(p, 'SUBMIT is the task\'s own event; describe it in meta.task');
          if (type === 'MIGRATED') add(p, 'MIGRATED is the engine\'s own event for moving a case to another version; choose another name');
          if (!handlesEvent(node, type, byPath)) add(p, `no transition handles event "${type}" in this state or its ancestors`);
        }
      }
    }
    const transitions = transitionsOf(node, add);
    outgoing.set(node.path, transitions.length);
    for (const t of transitions) {
      if (t.kind === 'after') checkDelay(t.trigger, `${node.pointer}/after/${escapePointer(t.trigger)}`);
      t.targets.forEach((target, i) => {
        const p = t.targets.length > 1 ? `${t.pointer}/target/${i}` : t.pointer;
        if (node.path === '' && !target.startsWith('#') && !target.startsWith('.')) {
          add(p, `target "${target}" from the machine root must be written ".${target}"`);
          return;
        }
        const resolved = resolveTarget(node, target, byPath, byId);
        const siblings = byPath.get(node.parentPath ?? '')?.childKeys ?? [];
        if (!resolved) add(p, `target state "${target}" does not exist${didYouMean(target, siblings)}`);
        else {
          if (!edges.has(node.path)) edges.set(node.path, new Set());
          edges.get(node.path)!.add(resolved.path);
        }
      });
      lintGuard(t.guard, `${t.pointer}/guard`, add, byPath);
      t.actions.forEach((a, i) => lintAction(a, `${t.pointer}/actions/${i}`, add));
    }
    for (const kind of ['entry', 'exit'] as const) {
      const raw = node.config[kind];
      if (raw === undefined) continue;
      (Array.isArray(raw) ? raw : [raw]).forEach((a, i) => lintAction(a, `${node.pointer}/${kind}${Array.isArray(raw) ? `/${i}` : ''}`, add));
    }
    if (node.type === 'compound') {
      const initial = node.config.initial;
      if (typeof initial !== 'string') add(`${node.pointer}/initial`, 'a state with child states needs "initial"');
      else if (!node.childKeys.includes(initial)) add(`${node.pointer}/initial`, `initial state "${initial}" is not a child of this state`);
    }
    if (node.type === 'final' && node.childKeys.length > 0) add(`${node.pointer}/states`, 'a final state cannot have child states');
  }

  addInvokeEdges(nodes, byPath, byId, edges);
  lintReachability(nodes, byPath, edges, add);
  lintDeadEnds(nodes, byPath, outgoing, add);
  lintStatistics(def, byPath, add);
  const access = lintAccess(def);
  problems.push(...access.problems, ...lintCaseTitle(def), ...lintOffer(def));
  const warnings = [...access.warnings, ...lintParallelSubmit(nodes, byPath)];
  return problems.length ? { ok: false, problems, warnings } : { ok: true, definition: def, warnings };
}

/**
 * `invoke` is refused once, at its own path; its `onDone`/`onError` targets
 * still count as reachable so one mistake does not cascade into many.
 */
function addInvokeEdges(nodes: StateNodeInfo[], byPath: Map<string, StateNodeInfo>, byId: Map<string, StateNodeInfo>, edges: Map<string, Set<string>>) {
  for (const node of nodes) {
    const invoke = node.config.invoke;
    for (const inv of Array.isArray(invoke) ? invoke : invoke === undefined ? [] : [invoke]) {
      if (!isObject(inv)) continue;
      for (const key of ['onDone', 'onError', 'onSnapshot']) {
        const raw = inv[key];
        for (const t of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
          const targets = typeof t === 'string' ? [t] : isObject(t) ? [t.target].flat() : [];
          for (const target of targets) {
            const to = typeof target === 'string' ? resolveTarget(node, target, byPath, byId) : undefined;
            if (to) edges.set(node.path, new Set([...(edges.get(node.path) ?? []), to.path]));
          }
        }
      }
    }
  }
}

function handlesEvent(node: StateNodeInfo, type: string, byPath: Map<string, StateNodeInfo>): boolean {
  for (let n: StateNodeInfo | undefined = node; n; n = n.parentPath === null ? undefined : byPath.get(n.parentPath)) {
    const on = n.config.on;
    if (isObject(on) && Object.prototype.hasOwnProperty.call(on, type)) return true;
  }
  return false;
}

function lintForms(def: Definition, add: (p: string, m: string) => void) {
  const pool = new FormAjvPool();
  for (const [key, form] of Object.entries(def.forms ?? {})) {
    if (!isObject(form) || !isObject(form.schema)) continue;
    lintFormSchema(form.schema, `/forms/${escapePointer(key)}/schema`, pool, add);
  }
}

function lintDelays(delays: Record<string, unknown>, add: (p: string, m: string) => void) {
  for (const [name, spec] of Object.entries(delays)) {
    const p = `/delays/${escapePointer(name)}`;
    if (!isObject(spec)) continue;
    if ((spec.duration === undefined) === (spec.date === undefined)) add(p, 'a delay has either "duration" or "date"');
    if (typeof spec.duration === 'string' && !isDuration(spec.duration)) add(`${p}/duration`, `"${spec.duration}" is not an ISO 8601 duration${durationHint(spec.duration)}`);
    if (typeof spec.offset === 'string' && !isDuration(spec.offset)) add(`${p}/offset`, `"${spec.offset}" is not an ISO 8601 duration${durationHint(spec.offset)}`);
    if (spec.offset !== undefined && spec.date === undefined) add(`${p}/offset`, '"offset" goes with "date"');
  }
}

const GUARD_KEYS = ['type', 'params', 'message'];

function lintGuard(guard: unknown, pointer: string, add: (p: string, m: string) => void, byPath: Map<string, StateNodeInfo>) {
  if (guard === undefined) return;
  if (isObject(guard)) {
    for (const key of Object.keys(guard)) if (!GUARD_KEYS.includes(key)) add(`${pointer}/${escapePointer(key)}`, `a guard has only "type", "params" and "message"${didYouMean(key, GUARD_KEYS)}`);
    if (guard.message !== undefined && !validateText(guard.message)) add(`${pointer}/message`, 'a guard\'s message is { "de": "...", "en": "..." }');
  }
  if (!isObject(guard) || typeof guard.type !== 'string') {
    add(pointer, `a guard is { "type": <catalogue name>, "params": {...} }: ${guardHint(Object.keys(GUARDS))}`);
    return;
  }
  if (!isGuardType(guard.type)) {
    const near = guard.type === 'stateIn' || guard.type === 'xstate.stateIn' ? ' – meinten Sie "inState"?' : didYouMean(guard.type, Object.keys(GUARDS));
    add(`${pointer}/type`, `unknown guard type "${guard.type}" (known: ${Object.keys(GUARDS).join(', ')})${near || `: ${guardHint(Object.keys(GUARDS))}`}`);
    return;
  }
  const v = guardValidators[guard.type];
  if (!v(guard.params ?? {})) {
    for (const e of v.errors ?? []) add(`${pointer}/params${e.instancePath}`, e.message ?? 'invalid');
    return;
  }
  const params = guard.params as { guards?: unknown[]; guard?: unknown; state?: string };
  if (guard.type === 'inState' && typeof params.state === 'string' && !byPath.has(params.state)) {
    add(`${pointer}/params/state`, `state "${params.state}" does not exist (a dot path from the root, e.g. "pruefung.schule")${didYouMean(params.state, byPath.keys())}`);
  }
  params.guards?.forEach((g, i) => lintGuard(g, `${pointer}/params/guards/${i}`, add, byPath));
  if (guard.type === 'not') lintGuard(params.guard, `${pointer}/params/guard`, add, byPath);
}

function lintAction(action: unknown, pointer: string, add: (p: string, m: string) => void) {
  if (!isObject(action) || typeof action.type !== 'string') {
    add(pointer, `an action is { "type": <catalogue name>, "params": {...} }: ${actionHint(Object.keys(ACTIONS))}`);
    return;
  }
  if (!isActionType(action.type)) {
    const near = /assign$/.test(action.type) ? '' : didYouMean(action.type, Object.keys(ACTIONS));
    add(`${pointer}/type`, `unknown action type "${action.type}" (known: ${Object.keys(ACTIONS).join(', ')})${near || `: ${actionHint(Object.keys(ACTIONS))}`}`);
    return;
  }
  const v = actionValidators[action.type];
  if (!v(action.params ?? {})) for (const e of v.errors ?? []) add(`${pointer}/params${e.instancePath}`, e.message ?? 'invalid');
}

function lintReachability(
  nodes: StateNodeInfo[],
  byPath: Map<string, StateNodeInfo>,
  edges: Map<string, Set<string>>,
  add: (p: string, m: string) => void,
) {
  const reached = new Set<string>();
  const queue: string[] = [''];
  const enter = (path: string) => {
    // Entering a state enters its ancestors, and its initial child (or all children of a parallel state).
    for (let p: string | null = path; p !== null; p = byPath.get(p)?.parentPath ?? null) {
      if (!reached.has(p)) {
        reached.add(p);
        queue.push(p);
      }
    }
  };
  while (queue.length) {
    const path = queue.shift()!;
    const node = byPath.get(path);
    if (!node) continue;
    if (node.type === 'parallel') node.childKeys.forEach((k) => enter(path ? `${path}.${k}` : k));
    else if (node.type === 'compound' && typeof node.config.initial === 'string' && node.childKeys.includes(node.config.initial)) {
      enter(path ? `${path}.${node.config.initial}` : node.config.initial);
    }
    // Transitions of a state are taken while it or any descendant is active.
    for (const to of edges.get(path) ?? []) enter(to);
  }
  for (const n of nodes) if (!reached.has(n.path) && n.type !== 'history') add(n.pointer, `state "${n.path}" can never be reached`);
}

function lintDeadEnds(
  nodes: StateNodeInfo[],
  byPath: Map<string, StateNodeInfo>,
  outgoing: Map<string, number>,
  add: (p: string, m: string) => void,
) {
  for (const n of nodes) {
    if (n.type !== 'atomic') continue;
    let exits = 0;
    let inParallel = false;
    for (let p: StateNodeInfo | undefined = n; p; p = p.parentPath === null ? undefined : byPath.get(p.parentPath)) {
      exits += outgoing.get(p.path) ?? 0;
      if (p.type === 'parallel') inParallel = true;
    }
    // A leaf of a parallel region may rest while the other regions move on; an `invoke` is refused on its own.
    if (exits === 0 && !inParallel && n.config.invoke === undefined) add(n.pointer, `state "${n.path}" is not final and has no way out`);
  }
}
