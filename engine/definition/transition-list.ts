import { createMachine, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import { machineInitialTransition, machineTransition } from './machine-step.js';
import { prepareConfig, type CompiledDefinition, type EvalContext } from './compile.js';
import { resolveTarget, transitionsOf, walkStates, type StateNodeInfo } from './walk-machine.js';

/**
 * One transition of a definition's statechart: one branch of the list an
 * `on` event, an `after` delay or `always` leads to, in the state that
 * declares it. Transition coverage counts these.
 */
export interface TransitionRef {
  /** JSON pointer of the branch in the definition (`/machine/states/a/on/SUBMIT/0`): stable and unique. */
  id: string;
  /** State path that declares it ('' for the machine root). */
  source: string;
  kind: 'on' | 'after' | 'always' | 'onDone';
  /** Event type (`on`), delay key (`after`), '' (`always`), `done.state.<id>` (`onDone`). */
  trigger: string;
  /** Position in the transition list (0 when the transition is not a list). */
  index: number;
  /** Resolved target state paths; empty for a targetless transition (actions only, no exit/entry). */
  targets: string[];
  guard?: unknown;
  /** Whether the transition leaves and re-enters its source (a self-transition with `reenter: true`). */
  reenter: boolean;
  /**
   * Who can trigger it: `person` (the task's SUBMIT or an event of `meta.events`),
   * `timer`, `eventless` (`always`), `system` (an event only linked cases send).
   */
  sender: 'person' | 'timer' | 'eventless' | 'system';
}

/** Action type the traced machine reports for every transition it takes. */
const TRACE = 'agora.trace';

function isPersonEvent(nodes: StateNodeInfo[], source: string, trigger: string): boolean {
  // A person may send an event where a state at, above or below the source lists it (or, for SUBMIT, has a task).
  const related = (p: string) => source === '' || p === source || p.startsWith(`${source}.`) || source.startsWith(`${p}.`) || p === '';
  return nodes.some((n) => {
    if (!related(n.path)) return false;
    const meta = (n.config.meta ?? {}) as { task?: unknown; events?: Record<string, unknown> };
    return trigger === 'SUBMIT' ? meta.task !== undefined : Object.prototype.hasOwnProperty.call(meta.events ?? {}, trigger);
  });
}

/**
 * Lists every transition of a compiled definition, in document order. Pure.
 *
 * @example
 * listTransitions(compiled).filter((t) => t.sender === 'timer') // every `after` branch
 */
export function listTransitions(compiled: CompiledDefinition): TransitionRef[] {
  const nodes = [...compiled.states.values()];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: TransitionRef[] = [];
  for (const node of nodes) {
    for (const t of transitionsOf(node, () => undefined)) {
      const { raw, index } = branchOf(node, t.kind, t.trigger, t.pointer);
      out.push({
        id: t.pointer,
        source: node.path,
        kind: t.kind,
        trigger: t.trigger,
        index,
        targets: t.targets.map((target) => resolveTarget(node, target, compiled.states, byId)?.path ?? target),
        ...(t.guard === undefined ? {} : { guard: t.guard }),
        reenter: raw !== null && typeof raw === 'object' && (raw as { reenter?: unknown }).reenter === true,
        sender: t.kind === 'after' ? 'timer' : t.kind === 'always' || t.kind === 'onDone' ? 'eventless' : isPersonEvent(nodes, node.path, t.trigger) ? 'person' : 'system',
      });
    }
  }
  return out;
}

function branchOf(node: StateNodeInfo, kind: string, trigger: string, pointer: string): { raw: unknown; index: number } {
  const holder = kind === 'always' ? node.config.always : kind === 'onDone' ? node.config.onDone : (node.config[kind] as Record<string, unknown>)[trigger];
  if (!Array.isArray(holder)) return { raw: holder, index: 0 };
  const index = Number(pointer.slice(pointer.lastIndexOf('/') + 1));
  return { raw: holder[index], index };
}

/** A copy of the machine config in which every transition also runs a trace action naming itself. */
function tracedConfig(compiled: CompiledDefinition): Record<string, unknown> {
  // The same prepared config the engine runs (guards as functions over $ctx), traced.
  const copy = prepareConfig(compiled.definition.machine as Record<string, unknown>);
  for (const node of walkStates(copy)) {
    const tag = (raw: unknown, id: string): unknown => {
      const trace = { type: TRACE, params: { id } };
      if (raw === undefined || raw === null) return { actions: [trace] };
      if (typeof raw === 'string') return { target: raw, actions: [trace] };
      const t = raw as Record<string, unknown>;
      const actions = t.actions === undefined ? [] : Array.isArray(t.actions) ? t.actions : [t.actions];
      return { ...t, actions: [trace, ...actions] };
    };
    const tagList = (raw: unknown, pointer: string) => (Array.isArray(raw) ? raw.map((b, i) => tag(b, `${pointer}/${i}`)) : tag(raw, pointer));
    for (const kind of ['on', 'after'] as const) {
      const map = node.config[kind] as Record<string, unknown> | undefined;
      if (!map) continue;
      for (const trigger of Object.keys(map)) map[trigger] = tagList(map[trigger], `${node.pointer}/${kind}/${trigger.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    if (node.config.always !== undefined) node.config.always = tagList(node.config.always, `${node.pointer}/always`);
    if (node.config.onDone !== undefined) node.config.onDone = tagList(node.config.onDone, `${node.pointer}/onDone`);
  }
  return copy;
}

const traced = new WeakMap<CompiledDefinition, AnyStateMachine>();
const resolved = new WeakMap<AnyStateMachine, Map<string, AnyMachineSnapshot>>();

/**
 * The definition's machine with the same guards and delays, in which every
 * transition reports itself: XState tells which transitions a step took,
 * eventless ones and re-entries included.
 */
export function tracedMachine(compiled: CompiledDefinition): AnyStateMachine {
  let machine = traced.get(compiled);
  if (!machine) {
    const impl = compiled.machine.implementations;
    machine = createMachine(tracedConfig(compiled) as any, { ...impl, actions: { ...impl.actions, [TRACE]: () => undefined } } as any);
    traced.set(compiled, machine);
  }
  return machine;
}

function traceOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): string[] {
  return actions.filter((a) => a.type === TRACE).map((a) => (a.params as { id: string }).id);
}

/**
 * The transitions one step takes, by {@link TransitionRef.id}, in the order
 * XState takes them. `from` is the state value before the step (`null` for
 * the start of a case); `ctx` is what guards saw (data after the submission,
 * the event, the case, the time, counts). Pure.
 */
export function takenTransitions(compiled: CompiledDefinition, from: StateValue | null, ctx: EvalContext): string[] {
  const machine = tracedMachine(compiled);
  if (from === null) return traceOf(machineInitialTransition(machine, { $ctx: ctx })[1]);
  // Resolving a state value walks the whole machine; the simulation asks for the same few values again and again.
  const key = JSON.stringify(from);
  let cache = resolved.get(machine);
  if (!cache) resolved.set(machine, (cache = new Map()));
  let snapshot = cache.get(key);
  if (!snapshot) cache.set(key, (snapshot = machine.resolveState({ value: from, context: {} })));
  return traceOf(machineTransition(machine, snapshot, { type: ctx.event.type, $ctx: ctx } as any)[1]);
}
