import type { Definition, LocalizedText } from '../definition/index.js';
import type { CaseRecord, EventRecord, Step, TaskRecord } from '../runtime/index.js';
import type { Grant } from '../access/index.js';
import type { StepStatistics } from '../monitoring/index.js';

/** A stored definition version. */
export interface DefinitionRow {
  tenantId: string;
  key: string;
  version: number;
  status: 'draft' | 'published';
  fieldOfAction: string | null;
  title: LocalizedText;
  body: Definition;
  checksum: string;
  createdAt: string;
  publishedAt: string | null;
}

/** A stored case with the columns the runtime does not know. */
export interface CaseRow extends CaseRecord {
  number: number;
  reference: string;
  dueAt: string | null;
  /** When the retention period ended and the personal data was deleted. */
  purgedAt?: string | null;
  /** The owning organisation's key (DESIGN.md, "Organisations and access"). */
  organisation: string | null;
  /** The definition's `caseTitle` filled from the data; null while empty. */
  title: string | null;
}

/** What {@link StoreTx.saveStep} writes besides the step. */
export interface SaveOptions {
  fieldOfAction: string | null;
  grants: Grant[];
  grantsChanged: boolean;
  tasksChanged: boolean;
  timersChanged: boolean;
  draftUserId: string | null;
  /** The case's title, and its search words when it changed (null: unchanged) with the forms it reads. */
  title: { value: string | null; words: string[] | null; forms: string[] };
  /** The step's anonymous statistics (#14), written by the same statement. */
  statistics?: StepStatistics;
}

/** A user account (the password hash stays in the store). */
export interface UserRow {
  id: string;
  tenantId: string;
  username: string;
  roles: string[];
  disabled: boolean;
}

/** Filters and paging of the case list. */
export interface CaseQuery {
  definition?: string;
  state?: string;
  status?: 'active' | 'closed';
  overdue?: boolean;
  q?: string;
  sort: 'updatedAt' | 'createdAt' | 'dueAt' | 'definition' | 'state' | 'status';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Restricts to these definitions (what the reader may see); undefined = all. */
  definitions?: string[];
  /**
   * Of those, the definitions whose cases the reader sees only where a grant
   * names it (`case_access`), with the reader's grant keys.
   */
  granted?: GrantedScope;
  now: Date;
}

/** Definitions read only through grants, and the grant keys the reader holds. */
export interface GrantedScope {
  definitions: string[];
  keys: string[];
}

/** A task row joined with its case, for the inbox. */
export interface InboxRow extends TaskRecord {
  reference: string;
  /** The case's title, and the forms the task's grant sees (null: all). */
  caseTitle: string | null;
  grantForms: string[] | null;
  definitionKey: string;
  definitionVersion: number;
  fieldOfAction: string | null;
}

/** One catalogue of reference entries. */
export type CatalogueRow = {
  key: string;
  title: LocalizedText;
  entries: Array<{ value: string; label: LocalizedText }>;
  updatedAt: string;
};

/** A bulk start job. */
export interface ImportRow {
  id: string;
  tenantId: string;
  userId: string;
  definitionKey: string;
  definitionVersion: number;
  status: 'running' | 'done' | 'rejected' | 'failed';
  total: number;
  processed: number;
  created: number;
  rejected: Array<{ row: number; problems: Array<{ path: string; message: string; code?: string }> }>;
}

/** What the service needs inside one transaction. Adapters implement it (`engine/store`). */
export interface StoreTx {
  loadCase(tenantId: string, id: string, lock?: boolean): Promise<CaseRow | null>;
  insertCase(step: Step, organisation: string | null, title: string | null, statistics?: StepStatistics): Promise<CaseRow>;
  insertSearchWords(tenantId: string, caseId: string, referenceWords: string[], titleWords: string[], titleForms: string[]): Promise<void>;
  /**
   * Writes a step in one round trip: the case (only if its version is still
   * `expected`), the event, task, grant and timer rows when they changed, and
   * deletes the actor's draft. False if the version moved on (nothing written).
   */
  saveStep(step: Step, expected: number, options: SaveOptions): Promise<boolean>;
  appendEvent(tenantId: string, event: EventRecord): Promise<void>;
  replaceTasks(tenantId: string, caseRecord: CaseRecord, tasks: TaskRecord[], fieldOfAction: string | null, grants: Grant[]): Promise<void>;
  replaceAccess(tenantId: string, caseId: string, grants: Grant[]): Promise<void>;
  replaceTimers(tenantId: string, caseId: string, timers: Step['timers']): Promise<void>;
  countLinked(tenantId: string, definitionKey: string, parentId: string | null, states: string[], excludeId: string): Promise<number>;
  childCases(tenantId: string, parentId: string, filter: { definition?: string; state?: string; status?: 'active' }): Promise<CaseRow[]>;
  lockDefinitionScope(tenantId: string, definitionKey: string): Promise<void>;
  loadEvents(tenantId: string, caseId: string): Promise<EventRecord[]>;
}

/** Timer rows the scheduler claims. */
export interface DueTimer {
  id: number;
  tenantId: string;
  caseId: string;
  eventType: string;
  dueAt: string;
}
