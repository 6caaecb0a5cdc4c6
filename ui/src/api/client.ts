import type {
  ApiErrorBody,
  BoardProcess,
  CaseSummary,
  CaseView,
  CatalogueEntry,
  DefinitionDetail,
  DefinitionDiff,
  MigrationRequest,
  MigrationSummary,
  SimMove,
  SimulationResult,
  DefinitionGraph,
  DefinitionSummary,
  Draft,
  ErrorDetail,
  HistoryItem,
  ImportStatus,
  JobView,
  LintResponse,
  LocalizedText,
  Page,
  TaskItem,
  PrivacyHit,
  StepDurations,
  SignInMethods,
  SignOutAnswer,
  User,
} from './types.js';
import type { CaseRead, NewOrganisation, NewUser, Organisation, OrganisationChange, UserAccount, UserChange } from './organisation-types.js';

/** An error answer of the API, or a network failure (`status` 0, code `NETWORK`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Registers a callback for 401 answers (the session ran out); returns an unsubscribe function. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Builds a query string from defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) search.set(k, String(v));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

/**
 * Calls the API with JSON in and out; throws {@link ApiError} for non-2xx
 * answers and network failures. A 401 on anything but the session itself
 * notifies {@link onUnauthorized} so the shell can send the user to sign-in.
 */
export async function request<T>(method: string, path: string, body?: unknown, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // The chosen UI language, so messages written in definitions (a guard's reason) come back in it.
      headers: { accept: 'application/json', 'accept-language': uiLanguage(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...init,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json as ApiErrorBody | undefined)?.error;
    if (res.status === 401 && path !== '/api/session') unauthorizedListeners.forEach((l) => l());
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details ?? []);
  }
  return json as T;
}

/** The chosen UI language (`de` or `en`), sent as `accept-language` so the server's messages come back in it. */
export function uiLanguage(): string {
  try {
    return localStorage.getItem('agora.lang') === 'en' ? 'en' : 'de';
  } catch {
    return 'de';
  }
}

const enc = encodeURIComponent;

/** Typed calls for every route the UI uses (see docs/api.md). */
export const api = {
  session: () => request<{ user: User }>('GET', '/api/session'),
  signInMethods: () => request<SignInMethods>('GET', '/api/session/methods'),
  signIn: (username: string, password: string) => request<{ user: User }>('POST', '/api/session', { username, password }),
  /** Ends the session; a session from the identity provider answers where to end it there too. */
  signOut: () => request<SignOutAnswer | undefined>('DELETE', '/api/session'),

  definitions: (status?: 'draft' | 'published') => request<{ items: DefinitionSummary[] }>('GET', `/api/definitions${query({ status })}`),
  definition: (key: string, version: number) => request<DefinitionDetail>('GET', `/api/definitions/${enc(key)}/${version}`),
  graph: (key: string, version: number) => request<DefinitionGraph>('GET', `/api/definitions/${enc(key)}/${version}/graph`),
  importDefinition: (doc: unknown) => request<DefinitionSummary>('POST', '/api/definitions', doc),
  lint: (doc: unknown) => request<LintResponse>('POST', '/api/definitions/lint', doc),
  simulate: (document: unknown, paths?: SimMove[][]) => request<SimulationResult>('POST', '/api/definitions/simulate', paths ? { document, paths } : { document }),
  diffDefinitions: (before: unknown, after: unknown) => request<DefinitionDiff>('POST', '/api/definitions/diff', { before, after }),
  migrateCases: (key: string, body: MigrationRequest) => request<MigrationSummary>('POST', `/api/definitions/${enc(key)}/migrations`, body),
  publish: (key: string, version: number) => request<DefinitionSummary>('POST', `/api/definitions/${enc(key)}/${version}/publish`, {}),

  tasks: (params: { definition?: string; fieldOfAction?: string; limit?: number; cursor?: string }) =>
    request<Page<TaskItem>>('GET', `/api/tasks${query(params)}`),
  board: () => request<{ processes: BoardProcess[] }>('GET', '/api/board'),
  durations: (definition: string) => request<StepDurations>('GET', `/api/board/durations${query({ definition })}`),
  privacySearch: (q: string) => request<{ items: PrivacyHit[] }>('GET', `/api/privacy/cases${query({ q })}`),
  privacyExport: (ids: string[]) => request<unknown>('POST', '/api/privacy/export', { ids }),
  cases: (params: CaseFilter & { limit?: number; cursor?: string }) => request<Page<CaseSummary>>('GET', `/api/cases${query({ ...params })}`),
  /** Cases whose title or reference words begin with the words of `q` (search as you type); `signal` drops an outdated query. */
  searchCases: (q: string, limit: number, signal?: AbortSignal) => request<Page<CaseSummary>>('GET', `/api/cases${query({ q, limit })}`, undefined, { signal }),

  createCase: (definition: string, version?: number, parentId?: string, organisation?: string) =>
    request<CaseView>('POST', '/api/cases', { definition, version, parentId, organisation }),
  getCase: (id: string) => request<CaseView>('GET', `/api/cases/${enc(id)}`),
  history: (id: string) => request<{ items: HistoryItem[] }>('GET', `/api/cases/${enc(id)}/history`),
  sendEvent: (id: string, type: string, data: unknown, expectedVersion: number) =>
    request<CaseView>('POST', `/api/cases/${enc(id)}/events`, data === undefined ? { type, expectedVersion } : { type, data, expectedVersion }),
  caseReads: (id: string, params: { limit?: number; cursor?: string } = {}) => request<Page<CaseRead>>('GET', `/api/cases/${enc(id)}/reads${query(params)}`),
  getDraft: (id: string) => request<Draft>('GET', `/api/cases/${enc(id)}/draft`),
  putDraft: (id: string, form: string, data: unknown) => request<unknown>('PUT', `/api/cases/${enc(id)}/draft`, { form, data }),
  deleteDraft: (id: string) => request<void>('DELETE', `/api/cases/${enc(id)}/draft`),

  catalogue: (key: string) => request<{ key: string; title: LocalizedText | string; entries: CatalogueEntry[] }>('GET', `/api/catalogues/${enc(key)}`),

  organisations: (params: { kind?: string; disabled?: boolean } = {}) => request<{ items: Organisation[] }>('GET', `/api/organisations${query(params)}`),
  organisation: (key: string) => request<Organisation>('GET', `/api/organisations/${enc(key)}`),
  createOrganisation: (body: NewOrganisation) => request<Organisation>('POST', '/api/organisations', body),
  updateOrganisation: (key: string, change: OrganisationChange) => request<Organisation>('PUT', `/api/organisations/${enc(key)}`, change),

  users: () => request<{ items: UserAccount[] }>('GET', '/api/users'),
  createUser: (body: NewUser) => request<UserAccount>('POST', '/api/users', body),
  updateUser: (username: string, change: UserChange) => request<UserAccount>('PATCH', `/api/users/${enc(username)}`, change),

  startImport: (body: { definition: string; version?: number; form: string; csv: string }) => request<JobView>('POST', '/api/imports', body),
  job: (id: string) => request<JobView>('GET', `/api/jobs/${enc(id)}`),
  importStatus: (id: string) => request<ImportStatus>('GET', `/api/imports/${enc(id)}`),
};

/** Filters of the case list and its CSV export. */
export interface CaseFilter {
  definition?: string;
  state?: string;
  status?: 'active' | 'closed' | '';
  overdue?: boolean;
  q?: string;
  sort?: 'updatedAt' | 'createdAt' | 'dueAt' | 'definition' | 'state' | 'status';
  order?: 'asc' | 'desc';
}

/** URL of the CSV export with the same filters as the list. */
export function exportUrl(filter: CaseFilter): string {
  return `/api/cases/export.csv${query({ ...filter })}`;
}

/** Download URL of a definition document. */
export function definitionExportUrl(key: string, version: number): string {
  return `/api/definitions/${enc(key)}/${version}/export`;
}
