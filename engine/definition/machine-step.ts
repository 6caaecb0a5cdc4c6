import { createActor, type AnyActorRef, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type ExecutableActionsFrom } from 'xstate';

/**
 * The machine's next snapshot and the actions it would run, without running
 * them: xstate's pure `transition()`, minus its cost. That function builds a
 * new actor on every call, and an actor's constructor computes the machine's
 * initial snapshot (every entry action and guard of the initial states) only
 * to throw it away; in the command benchmark's CPU profile that was 8 % of the
 * server's time. Definitions never invoke or spawn actors, so nothing is ever
 * registered in the actor's system: one inert actor per compiled machine, never
 * started, serves every call, and only the collected actions are per call.
 */
export function machineTransition(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: { type: string }): [AnyMachineSnapshot, ExecutableActionsFrom<AnyStateMachine>[]] {
  const [scope, actions] = inertScope(machine);
  return [machine.transition(snapshot, event, scope), actions];
}

/** The first snapshot of a new case and its actions, as xstate's `initialTransition()` without its throw-away actor. */
export function machineInitialTransition(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, ExecutableActionsFrom<AnyStateMachine>[]] {
  const [scope, actions] = inertScope(machine);
  return [machine.getInitialSnapshot(scope, input), actions];
}

/** A scope over the machine's inert actor that collects the actions instead of running them. */
function inertScope(machine: AnyStateMachine): [AnyActorScope, ExecutableActionsFrom<AnyStateMachine>[]] {
  const self = inertActor(machine);
  const actions: ExecutableActionsFrom<AnyStateMachine>[] = [];
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: (action) => {
      actions.push(action as ExecutableActionsFrom<AnyStateMachine>);
    },
  };
  return [scope, actions];
}

const inert = new WeakMap<AnyStateMachine, AnyActorRef>();

function inertActor(machine: AnyStateMachine): AnyActorRef {
  let actor = inert.get(machine);
  if (!actor) {
    actor = createActor(machine);
    inert.set(machine, actor);
  }
  return actor;
}
