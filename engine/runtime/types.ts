import type { StateValue } from 'xstate';
import type { LocalizedText } from '../definition/index.js';
import type { AgoraError } from '../errors.js';

/** Who sends a command. `system` is the engine itself (timers, linked cases). */
export interface Actor {
  id: string;
  username: string;
  roles: string[];
  tenantId: string;
  system?: boolean;
  /**
   * Keys of the organisations the actor works for, with every organisation
   * below a Träger it belongs to (DESIGN.md, "Organisations and access").
   */
  organisations?: string[];
}

/** A pending delayed transition (XState `after`), fired by the scheduler. */
export interface Timer {
  /** XState's send id; unique within a case. */
  id: string;
  eventType: string;
  dueAt: string;
}

/** A reminder task created by the `remind` action; it ends when its state is left. */
export interface Reminder {
  id: string;
  statePath: string;
  title: LocalizedText;
  roles: string[];
  dueAt: string | null;
  createdAt: string;
}

/** What the engine persists beside the case data: XState's snapshot and the engine's own bookkeeping. */
export interface Envelope {
  xstate: unknown;
  /** When each active state was entered (ISO), for task due dates. */
  entered: Record<string, string>;
  timers: Timer[];
  reminders: Reminder[];
}

/** One entry of a collection form. */
export interface CollectionEntry {
  value: unknown;
  by: string;
  at: string;
}

/** A case as the pure runtime sees it. */
export interface CaseRecord {
  id: string;
  tenantId: string;
  definition: { key: string; version: number };
  state: StateValue;
  /** Every active state path including ancestors (`kurs`, `kurs.laufend`). */
  statePaths: string[];
  status: 'active' | 'closed';
  data: Record<string, unknown>;
  version: number;
  envelope: Envelope;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An open task derived from the case's active states. */
export interface TaskRecord {
  caseId: string;
  statePath: string;
  kind: 'task' | 'reminder';
  title: LocalizedText;
  roles: string[];
  form: string | null;
  dueAt: string | null;
}

/** Context from outside the case that guards may read; logged with the event so replay is exact. */
export interface ExternalContext {
  parent?: { id: string; definition: string; state: StateValue; data: Record<string, unknown> } | null;
  counts?: Record<string, number>;
}

/** The event row a step appends. */
export interface EventRecord {
  caseId: string;
  seq: number;
  type: string;
  form: string | null;
  data: unknown;
  actorId: string;
  actorName: string;
  at: string;
  fromState: StateValue | null;
  toState: StateValue;
  context: ExternalContext;
}

/** Effects the service carries out in the same transaction after a step. */
export type Effect =
  | { type: 'startChild'; definition: string; data: Record<string, unknown> }
  | { type: 'notifyParent'; event: string }
  | { type: 'notifyChildren'; event: string; definition?: string; state?: string; pick: 'oldest' | 'all' };

/** A command: an event type, optional form data, the version the sender saw. */
export interface Command {
  type: string;
  data?: unknown;
  expectedVersion?: number;
}

/** A file uploaded with a form, to be stored beside the case (never in its JSON). */
export interface NewAttachment {
  id: string;
  form: string;
  /** JSON pointer of the field inside the form data. */
  path: string;
  name: string;
  contentType: string;
  size: number;
  content: Uint8Array;
}

/** The outcome of one step of the pure runtime. */
export interface Step {
  case: CaseRecord;
  event: EventRecord;
  tasks: TaskRecord[];
  timers: Timer[];
  effects: Effect[];
  /** Files of the submitted form; the service stores them in the command's transaction. */
  attachments: NewAttachment[];
}

/** Expected failures are values, not exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AgoraError };

/** Catalogue entries by catalogue key, for `x-catalogue` fields. */
export type CatalogueValues = Record<string, ReadonlySet<string>>;

/** Everything a step needs besides the definition and the case. */
export interface StepInput {
  actor: Actor;
  now: Date;
  /**
   * The office's IANA time zone: durations and date-only deadlines are
   * computed in its calendar (`Europe/Berlin` when absent).
   */
  timeZone?: string;
  external?: ExternalContext;
  catalogues?: CatalogueValues;
  /** Id generator for reminders; passed in so the core stays pure. */
  newId?: () => string;
}
