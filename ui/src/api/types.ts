/**
 * Shapes of the HTTP API as documented in `docs/api.md`. The engine will own
 * these as JSON Schemas in `engine/schemas/`; until it exports them, the UI
 * mirrors the documented contract here (types only, nothing at runtime).
 */
import type { LocalizedText } from '../../../engine/definition/index.js';
import type { TaskRecord } from '../../../engine/runtime/index.js';

export type { LocalizedText };

/** A JSON Schema as the UI handles it (form schemas are data from definitions). */
export type JsonSchema = Record<string, unknown>;

/** `{ error: { code, message, details } }` */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/** One problem: JSON pointer or path, message, optional keyword code. */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
  /** The schema keyword's parameters (`{ limit: 2020 }`), so the UI can word the message plainly. */
  params?: Record<string, unknown>;
}

export interface User {
  id: string;
  username: string;
  roles: string[];
  /** The name to greet the person by ("Erika Muster"); else the user name is shown. */
  displayName?: string | null;
  /** Keys of the organisations the person works for (for the signed-in user: with those below a Träger). */
  organisations?: string[];
}

export interface DefinitionSummary {
  key: string;
  version: number;
  status: 'draft' | 'published';
  title: LocalizedText;
  description?: LocalizedText;
  fieldOfAction: string | null;
  createdAt: string;
  publishedAt: string | null;
}

export interface DefinitionDetail extends DefinitionSummary {
  checksum: string;
  body: DefinitionDocument;
}

/** A definition document as far as the UI reads it. */
export interface DefinitionDocument {
  key: string;
  version: number;
  fieldOfAction?: string;
  title: LocalizedText;
  description?: LocalizedText;
  roles: string[];
  parent?: { definition: string; required?: boolean };
  forms: Record<string, FormSpec>;
  machine: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface FormSpec {
  title: LocalizedText;
  description?: LocalizedText;
  schema: JsonSchema;
  uiSchema?: Record<string, unknown>;
  collection?: boolean;
}

export interface GraphNode {
  id: string;
  parent: string | null;
  title: LocalizedText;
  type: string;
  hasTask: boolean;
  initial: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
  kind: 'on' | 'after' | 'always';
}

export interface DefinitionGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface LintResponse {
  ok: boolean;
  problems: ErrorDetail[];
  graph?: DefinitionGraph;
}

export interface DefinitionRef {
  key: string;
  version: number;
  title: LocalizedText;
}

export interface CaseSummary {
  id: string;
  reference: string;
  /** The definition's `caseTitle` filled from the data, or the reference where that is empty or hidden from the reader. */
  title: string;
  /** Key of the owning organisation, if the process records one. */
  organisation: string | null;
  definition: DefinitionRef;
  state: unknown;
  stateTitle: LocalizedText;
  status: 'active' | 'closed';
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** An open task of a case, as the case view lists it (the engine's task, with whether it is overdue). */
export type CaseTask = Omit<TaskRecord, 'caseId'> & { overdue: boolean };

export interface AvailableEvent {
  type: string;
  label: LocalizedText;
  form: string | null;
}

export interface CatalogueEntry {
  value: string;
  label: LocalizedText | string;
}

export interface CollectionEntry {
  value: unknown;
  by: string;
  at: string;
}

export interface LinkedCase {
  id: string;
  reference: string;
  /** The case's title as lists show it (the reference where hidden from the reader). */
  title: string;
  definition: { key: string; version?: number; title: LocalizedText };
  state: unknown;
  stateTitle: LocalizedText;
  status?: 'active' | 'closed';
}

export interface CaseView {
  id: string;
  reference: string;
  /** The case's title (see {@link CaseSummary.title}). */
  title: string;
  organisation: string | null;
  definition: DefinitionRef;
  state: unknown;
  stateTitle: LocalizedText;
  statePaths: string[];
  status: 'active' | 'closed';
  data: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
  tasks: CaseTask[];
  availableEvents: AvailableEvent[];
  forms: Record<string, FormSpec>;
  catalogues: Record<string, CatalogueEntry[]>;
  parent: LinkedCase | null;
  children: LinkedCase[];
}

export interface HistoryItem {
  seq: number;
  type: string;
  label: LocalizedText | null;
  form: string | null;
  data: unknown;
  actor: string;
  at: string;
  fromState: unknown;
  toState: unknown;
  fromTitle: LocalizedText | null;
  toTitle: LocalizedText | null;
}

export interface Draft {
  form: string;
  data: unknown;
  updatedAt: string;
}

export interface TaskItem {
  caseId: string;
  reference: string;
  /** The case's title (see {@link CaseSummary.title}). */
  caseTitle: string;
  definition: DefinitionRef & { fieldOfAction: string | null };
  statePath: string;
  kind: 'task' | 'reminder';
  title: LocalizedText;
  form: string | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface BoardProcess {
  key: string;
  title: LocalizedText;
  fieldOfAction: string | null;
  open: number;
  closed: number;
  overdue: number;
  states: Array<{ path: string; title: LocalizedText; count: number }>;
}

export interface ImportStatus {
  id: string;
  status: 'running' | 'done' | 'rejected' | 'failed';
  total: number;
  processed: number;
  created: number;
  rejected: Array<{ row: number; problems: ErrorDetail[] }>;
}

/** A case found for a data subject request (`GET /api/privacy/cases`). */
export interface PrivacyHit {
  id: string;
  reference: string;
  definition: { key: string; version: number; title: LocalizedText };
  stateTitle: LocalizedText;
  status: 'active' | 'closed';
  createdAt: string;
  updatedAt: string;
}

/** How long cases stay in each step (`GET /api/board/durations`). */
export interface StepDurations {
  definition: string;
  cases: number;
  states: Array<{ path: string; title: LocalizedText; count: number; medianMs: number | null; p90Ms: number | null }>;
}

/** `POST /api/definitions/diff`: the changes in words and the renamed states (engine/definition/diff.ts). */
export interface DefinitionDiff {
  changes: Array<{ kind: string; path: string; text: LocalizedText }>;
  renames: Record<string, string>;
}

/** `POST /api/definitions/:key/migrations` (docs/api.md). */
export interface MigrationRequest {
  from: number;
  to: number;
  states?: Record<string, string>;
  dryRun: boolean;
  limit?: number;
  cursor?: string;
}

export interface MigrationSummary {
  cases: number;
  migrated: number;
  byState: Record<string, { cases: number; migrated: number; problems: number; target: string | null }>;
  problems: Array<{ caseId: string; reference: string; path: string; message: string }>;
  nextCursor: string | null;
}

/** A move of a simulated path (engine/simulation/office.ts). */
export type SimMove =
  | { kind: 'start'; definition: string; parent?: number; data?: Record<string, unknown> }
  | { kind: 'send'; case: number; type: string; data?: unknown }
  | { kind: 'advance'; to: string };

/** One step of a simulated path (engine/simulation/walk-through.ts). */
export interface SimStep {
  move: SimMove;
  case: number;
  definition: string;
  label: LocalizedText;
  roles: string[];
  form: string | null;
  data: unknown;
  from: { state: unknown; title: LocalizedText } | null;
  to: { state: unknown; title: LocalizedText; status: 'active' | 'closed' } | null;
  error?: { code: string; message: string; details?: ErrorDetail[] };
}

/** `POST /api/definitions/simulate` (docs/api.md). */
export interface SimulationResult {
  ok: boolean;
  problems: ErrorDetail[];
  warnings: ErrorDetail[];
  paths: Array<{ steps: SimStep[]; end: { state: unknown; title: LocalizedText; status: 'active' | 'closed' } | null }>;
  covered: number;
  total: number;
  uncovered: Array<{ definition: string; pointer: string; from: string; trigger: string }>;
}
