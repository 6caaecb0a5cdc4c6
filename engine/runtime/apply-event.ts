import type { AnyMachineSnapshot } from 'xstate';
import { metaOf, type CompiledDefinition, type EvalContext, type EventSpec } from '../definition/index.js';
import { AgoraError } from '../errors.js';
import { prepareForm } from './form-check.js';
import { guardRejections } from './guard-messages.js';
import { deriveTasks, enteredMap, interpretActions, restoreSnapshot, statePathsOf, transitionDomains, type TakenTransition } from './step.js';
import type { CaseRecord, CollectionEntry, Command, NewAttachment, Result, Step, StepInput } from './types.js';
import { extractAttachments } from './attachments.js';
import { machineInitialTransition, machineTransition } from '../definition/machine-step.js';

/** The event type that submits the current task's form. */
export const SUBMIT = 'SUBMIT';
/** The type of the first event of every case. */
export const CREATED = 'case.created';

const fail = (error: AgoraError): Result<never> => ({ ok: false, error });
const counter = () => {
  let n = 0;
  return () => `r${++n}`;
};

/** What a person may send in the current state: the event, its form and roles. */
export interface AvailableEvent {
  type: string;
  label: EventSpec['label'];
  form: string | null;
  roles: string[];
}

/**
 * Lists the events people may send in the case's current states: the task's
 * SUBMIT and every `meta.events` entry of an active state or its ancestors.
 */
export function eventsInState(compiled: CompiledDefinition, record: CaseRecord): AvailableEvent[] {
  if (record.status === 'closed') return [];
  const out: AvailableEvent[] = [];
  const seen = new Set<string>();
  // Deepest states first would change the order people know; the machine root's events come last.
  for (const path of [...record.statePaths, '']) {
    const meta = metaOf(compiled, path);
    if (meta?.task && !seen.has(SUBMIT)) {
      seen.add(SUBMIT);
      out.push({
        type: SUBMIT,
        label: meta.task.title ?? { de: 'Absenden', en: 'Submit' },
        form: meta.task.form ?? null,
        roles: [...meta.task.roles],
      });
    }
    for (const [type, spec] of Object.entries(meta?.events ?? {})) {
      if (seen.has(type)) continue;
      seen.add(type);
      out.push({ type, label: spec.label, form: spec.form ?? null, roles: [...spec.roles] });
    }
  }
  return out;
}

/** Whether the actor holds one of `roles`. */
export function hasRole(actorRoles: readonly string[], roles: readonly string[]): boolean {
  return roles.some((r) => actorRoles.includes(r));
}

function mergeData(
  compiled: CompiledDefinition,
  data: Record<string, unknown>,
  form: string,
  value: unknown,
  by: string,
  at: string,
): Record<string, unknown> {
  if (!compiled.definition.forms[form]?.collection) return { ...data, [form]: value };
  const previous = Array.isArray(data[form]) ? (data[form] as CollectionEntry[]) : [];
  const entry: CollectionEntry = { value, by, at };
  return { ...data, [form]: [...previous, entry] };
}

function finish(
  compiled: CompiledDefinition,
  before: CaseRecord | null,
  base: Omit<CaseRecord, 'state' | 'statePaths' | 'status' | 'envelope' | 'version' | 'updatedAt'>,
  next: AnyMachineSnapshot,
  actions: readonly { type: string; params?: unknown }[],
  ctx: EvalContext,
  command: { type: string; form: string | null; data: unknown },
  input: StepInput,
  domains: string[],
  firedTimer: string | null,
  attachments: NewAttachment[] = [],
): Step {
  const now = ctx.now;
  const statePaths = statePathsOf(next.value);
  const previousTimers = (before?.envelope.timers ?? []).filter((t) => t.id !== firedTimer);
  const { timers, effects, reminders } = interpretActions(
    actions as { type: string; params?: any }[],
    previousTimers,
    ctx,
    compiled,
    input.newId ?? counter(),
    statePaths,
  );
  const closed = next.status === 'done';
  const active = new Set(statePaths);
  const entered = enteredMap(before?.envelope.entered ?? {}, before?.statePaths ?? [], statePaths, now, domains);
  // A reminder ends when its state is left, or re-entered (a rescheduled appointment gets a fresh one).
  const live = (r: { statePath: string; createdAt: string }) => active.has(r.statePath) && (entered[r.statePath] ?? now) <= r.createdAt;
  const record: CaseRecord = {
    ...base,
    state: next.value,
    statePaths,
    status: closed ? 'closed' : 'active',
    version: (before?.version ?? 0) + 1,
    updatedAt: now,
    envelope: {
      xstate: compiled.machine.getPersistedSnapshot(next),
      entered,
      timers: closed ? [] : timers,
      reminders: closed ? [] : [...(before?.envelope.reminders ?? []), ...reminders].filter(live),
    },
  };
  return {
    case: record,
    event: {
      caseId: record.id,
      seq: record.version,
      type: command.type,
      form: command.form,
      data: command.data ?? null,
      actorId: input.actor.id,
      actorName: input.actor.username,
      at: now,
      fromState: before?.state ?? null,
      toState: next.value,
      context: input.external ?? {},
    },
    tasks: deriveTasks(compiled, record, input.timeZone),
    timers: record.envelope.timers,
    effects,
    attachments,
  };
}

function contextFor(record: Pick<CaseRecord, 'id' | 'createdAt'>, data: Record<string, unknown>, type: string, formData: unknown, input: StepInput): EvalContext {
  return {
    data,
    event: { type, data: formData },
    case: { id: record.id, createdAt: record.createdAt, parent: input.external?.parent ?? null },
    now: input.now.toISOString(),
    timeZone: input.timeZone,
    counts: input.external?.counts ?? {},
  };
}

/**
 * Starts a case: enters the machine's initial states. Initial data (bulk
 * start, linked cases) is given per form and validated like a submission.
 */
export function createCase(
  compiled: CompiledDefinition,
  init: { id: string; tenantId: string; parentId?: string | null; data?: Record<string, unknown> },
  input: StepInput,
): Result<Step> {
  const now = input.now.toISOString();
  let data: Record<string, unknown> = {};
  const attachments: NewAttachment[] = [];
  const logged: Record<string, unknown> = {};
  const newId = input.newId ?? counter();
  for (const [form, value] of Object.entries(init.data ?? {})) {
    if (!compiled.validators[form]) return fail(new AgoraError('FORM_INVALID', { form, count: 1 }, [{ path: `/${form}`, message: `Formular ${form} gibt es nicht` }]));
    const { value: filled, problems } = prepareForm(compiled, form, value, input.catalogues, input.now, input.timeZone);
    const files = problems.length ? null : extractAttachments(compiled, form, filled, newId);
    const all = [...problems, ...(files?.problems ?? [])];
    if (all.length) return fail(new AgoraError('FORM_INVALID', { form, count: all.length }, all.map((p) => ({ ...p, path: `/${form}${p.path === '/' ? '' : p.path}` }))));
    attachments.push(...files!.attachments);
    logged[form] = files!.data;
    data = mergeData(compiled, data, form, files!.data, input.actor.username, now);
  }
  const base = {
    id: init.id,
    tenantId: init.tenantId,
    definition: { key: compiled.definition.key, version: compiled.definition.version },
    data,
    parentId: init.parentId ?? null,
    createdAt: now,
  };
  const ctx = contextFor(base, data, CREATED, init.data ?? null, input);
  const [snapshot, actions] = machineInitialTransition(compiled.machine, { $ctx: ctx });
  // The event keeps what the case keeps: defaults filled in, file references instead of files.
  return { ok: true, value: finish(compiled, null, base, snapshot, actions, ctx, { type: CREATED, form: null, data: init.data ? logged : null }, input, [''], null, attachments) };
}

/**
 * Applies one command to a case: version check, role check, form validation,
 * guards, next state, tasks, timers and effects. Pure: the same inputs give
 * the same step.
 */
export function applyEvent(compiled: CompiledDefinition, record: CaseRecord, command: Command, input: StepInput): Result<Step> {
  const { actor } = input;
  const stateLabel = record.statePaths.join(', ') || '(none)';
  if (command.expectedVersion !== undefined && command.expectedVersion !== record.version) {
    return fail(new AgoraError('VERSION_CONFLICT', { expected: command.expectedVersion, actual: record.version }));
  }
  if (record.status === 'closed') return fail(new AgoraError('CASE_CLOSED', { id: record.id }));

  const timer = record.envelope.timers.find((t) => t.eventType === command.type);
  const isTimerEvent = command.type.startsWith('xstate.after.');
  if (isTimerEvent && !(timer && actor.system)) {
    return fail(new AgoraError(actor.system ? 'EVENT_NOT_POSSIBLE' : 'EVENT_FORBIDDEN', { type: command.type, state: stateLabel }));
  }
  if (!isTimerEvent && !compiled.eventTypes.has(command.type)) {
    return fail(new AgoraError('EVENT_UNKNOWN', { type: command.type, key: compiled.definition.key }));
  }

  const spec = eventsInState(compiled, record).find((e) => e.type === command.type);
  const snapshot = restoreSnapshot(compiled, record.envelope);
  if (!spec && !isTimerEvent) {
    const handled = compiled.machine.getTransitionData(snapshot, { type: command.type, $ctx: contextFor(record, record.data, command.type, null, input) } as any);
    // Listed nowhere in this state: either a system event (only the engine may send it) or not possible here.
    if (!actor.system) {
      return fail(new AgoraError(handled.length ? 'EVENT_FORBIDDEN' : 'EVENT_NOT_POSSIBLE', { type: command.type, state: stateLabel }));
    }
  }
  if (spec && !actor.system && !hasRole(actor.roles, spec.roles)) {
    return fail(new AgoraError('EVENT_FORBIDDEN', { type: command.type, state: stateLabel }));
  }

  let data = record.data;
  let formData: unknown = null;
  let attachments: NewAttachment[] = [];
  const form = spec?.form ?? null;
  if (form) {
    if (command.data === undefined || command.data === null) return fail(new AgoraError('FORM_REQUIRED', { type: command.type, form }));
    const { value: filled, problems } = prepareForm(compiled, form, command.data, input.catalogues, input.now, input.timeZone);
    const files = problems.length ? null : extractAttachments(compiled, form, filled, input.newId ?? counter());
    const all = [...problems, ...(files?.problems ?? [])];
    if (all.length) return fail(new AgoraError('FORM_INVALID', { form, count: all.length }, all));
    attachments = files!.attachments;
    formData = files!.data;
    data = mergeData(compiled, data, form, formData, actor.username, input.now.toISOString());
  }

  const ctx = contextFor(record, data, command.type, formData, input);
  const xEvent = { type: command.type, $ctx: ctx } as any;
  // A timer whose guards are all closed still fires: it is used up and logged, the state stays.
  const taken = compiled.machine.getTransitionData(snapshot, xEvent) as unknown as TakenTransition[];
  if (!isTimerEvent && taken.length === 0) {
    if (!spec) return fail(new AgoraError('EVENT_NOT_POSSIBLE', { type: command.type, state: stateLabel }));
    return fail(new AgoraError('GUARD_REJECTED', { type: command.type, state: stateLabel }, guardRejections(compiled, record.statePaths, command.type)));
  }
  const [next, actions] = machineTransition(compiled.machine, snapshot, xEvent);
  const base = { id: record.id, tenantId: record.tenantId, definition: record.definition, data, parentId: record.parentId, createdAt: record.createdAt };
  return {
    ok: true,
    value: finish(compiled, record, base, next, actions, ctx, { type: command.type, form, data: formData }, input, transitionDomains(taken), timer?.id ?? null, attachments),
  };
}
