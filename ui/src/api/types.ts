/**
 * Shapes of the HTTP API, derived from the engine's JSON Schemas
 * (`engine/schemas/`) with json-schema-to-ts, so the UI cannot drift from
 * the contract the server validates and serialises with (#11). Types only:
 * nothing of the engine reaches the bundle.
 */
import type { FromSchema } from 'json-schema-to-ts';
import type { Definition, LocalizedText } from '../../../engine/definition/index.js';
import type {
  availableEvent, board, boardProcess, caseSummary, caseTask, caseView, catalogueEntry, definitionDetail, definitionGraph, definitionRef, definitionSummary, draft,
  errorBody, historyItem, signInMethods, signOutAnswer, importStatus, jobViewSchema, linkedCase, lintResult, privacyHit, problem, stepDurations, taskItem, user, viewForm,
  migrationBody,
  migrationSummary,
} from '../../../engine/schemas/index.js';

export type { LocalizedText };

/** A JSON Schema as the UI handles it (form schemas are data from definitions). */
export type JsonSchema = Record<string, unknown>;

/** `{ error: { code, message, details } }` */
export type ApiErrorBody = FromSchema<typeof errorBody>;

/** One problem: JSON pointer or path, message, optional keyword code and parameters. */
export type ErrorDetail = FromSchema<typeof problem>;

/** How people can sign in here (`GET /api/session/methods`). */
export type SignInMethods = FromSchema<typeof signInMethods>;

/** `DELETE /api/session` of a session from the identity provider: where the browser ends it there too. */
export type SignOutAnswer = FromSchema<typeof signOutAnswer>;

/** The signed-in person (`GET /api/session`). */
export type User = FromSchema<typeof user>;

/** A stored definition version as lists show it; `roles` and `parentRequired` say who may start it and where. */
export type DefinitionSummary = FromSchema<typeof definitionSummary>;

/** A definition document (docs/definition-format.md), typed by the engine's own schema of the format. */
export type DefinitionDocument = Definition;

/** A stored version with its document. */
export type DefinitionDetail = Omit<FromSchema<typeof definitionDetail>, 'body'> & { body: DefinitionDocument };

/** A form of a definition document. */
export type FormSpec = DefinitionDocument['forms'][string];

/** A form as the case view gives it (title, schema, uiSchema, whether it collects entries). */
export type ViewForm = FromSchema<typeof viewForm>;

export type DefinitionGraph = FromSchema<typeof definitionGraph>;
export type GraphNode = DefinitionGraph['nodes'][number];
export type GraphEdge = DefinitionGraph['edges'][number];

/** `POST /api/definitions/lint`. */
export type LintResponse = FromSchema<typeof lintResult>;

export type DefinitionRef = FromSchema<typeof definitionRef>;

/** A case as lists show it. */
export type CaseSummary = FromSchema<typeof caseSummary>;

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor?: string | null;
}

/** An open task of a case, as the case view lists it. */
export type CaseTask = FromSchema<typeof caseTask>;

export type AvailableEvent = FromSchema<typeof availableEvent>;

export type CatalogueEntry = FromSchema<typeof catalogueEntry>;

/** One entry of a collection form (a list that grows: notes, contacts). */
export interface CollectionEntry {
  value: unknown;
  by: string;
  at: string;
}

/** The parent or a child of a case. */
export type LinkedCase = FromSchema<typeof linkedCase>;

/** A case as its reader sees it. */
export type CaseView = FromSchema<typeof caseView>;

export type HistoryItem = FromSchema<typeof historyItem>;

export type Draft = FromSchema<typeof draft>;

/** A task of the inbox. */
export type TaskItem = FromSchema<typeof taskItem>;

export type BoardProcess = FromSchema<typeof boardProcess>;
export type Board = FromSchema<typeof board>;

export type ImportStatus = FromSchema<typeof importStatus>;

/** A durable background job (`GET /api/jobs/:id`, the 202 of `POST /api/imports`), derived from the engine's schema. */
export type JobView = FromSchema<typeof jobViewSchema>;

/** A case found for a data subject request (`GET /api/privacy/cases`). */
export type PrivacyHit = FromSchema<typeof privacyHit>;

/** How long cases stay in each step (`GET /api/board/durations`). */
export type StepDurations = FromSchema<typeof stepDurations>;

/** `POST /api/definitions/diff`: the changes in words and the renamed states (engine/definition/diff.ts). */
export interface DefinitionDiff {
  changes: Array<{ kind: string; path: string; text: LocalizedText }>;
  renames: Record<string, string>;
}

/** `POST /api/definitions/:key/migrations` (docs/api.md), typed from its schemas. */
export type MigrationRequest = FromSchema<typeof migrationBody>;

/** What a migration (or its dry run) answers. */
export type MigrationSummary = FromSchema<typeof migrationSummary>;

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
