/**
 * The error catalogue: every stable code the engine can answer with, its HTTP
 * status and a message template. Codes are never renamed or reused; retired
 * codes stay listed with `retired: true`. `docs/errors.md` mirrors this list
 * (a test checks both directions).
 */
export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The request is malformed: {reason}' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the expected shape.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send JSON with Content-Type: application/json.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is larger than {limit} bytes.' },
  NOT_FOUND: { status: 404, message: 'No such resource: {path}' },
  AUTH_REQUIRED: { status: 401, message: 'Sign in or send a valid API token.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'Username or password is wrong.' },
  AUTH_FORBIDDEN: { status: 403, message: 'Your roles do not allow this: {reason}' },
  RATE_LIMITED: { status: 429, message: 'Too many failed sign-ins from this address; try again in {seconds} seconds.' },
  CROSS_SITE_REQUEST: { status: 403, message: 'This request came from another site and was refused ({reason}); use Agora\'s own pages or an API token.' },
  DEFINITION_INVALID: { status: 400, message: 'The definition has {count} problem(s); see details.' },
  DEFINITION_NOT_FOUND: { status: 404, message: 'Definition {key} (version {version}) does not exist.' },
  DEFINITION_NOT_PUBLISHED: { status: 409, message: 'Definition {key} version {version} is a draft; publish it before starting cases.' },
  DEFINITION_EXISTS: { status: 409, message: 'Definition {key} version {version} is already published and cannot change; import it as a new version.' },
  CASE_NOT_FOUND: { status: 404, message: 'Case {id} does not exist.' },
  CASE_CLOSED: { status: 409, message: 'Case {id} is closed; no more events are possible.' },
  PARENT_REQUIRED: { status: 400, message: 'Definition {key} starts only as part of a {parent} case; give parentId.' },
  PARENT_INVALID: { status: 400, message: 'Parent case {id} is not a {parent} case of this office.' },
  VERSION_CONFLICT: { status: 409, message: 'The case has moved on to version {actual} (you sent {expected}); reload it and try again.' },
  EVENT_UNKNOWN: { status: 400, message: 'Event {type} does not exist in process {key}.' },
  EVENT_NOT_POSSIBLE: { status: 409, message: 'Event {type} is not possible in state {state}.' },
  EVENT_FORBIDDEN: { status: 403, message: 'Your roles may not send {type} in state {state}.' },
  GUARD_REJECTED: { status: 409, message: 'Event {type} is not allowed by the process rules in state {state}.' },
  FORM_INVALID: { status: 422, message: 'The form {form} has {count} error(s); see details.' },
  FORM_REQUIRED: { status: 422, message: 'Event {type} needs the data of form {form}.' },
  ATTACHMENT_NOT_FOUND: { status: 404, message: 'Case {id} has no attachment {attachment}.' },
  CATALOGUE_NOT_FOUND: { status: 404, message: 'Catalogue {key} does not exist.' },
  USER_EXISTS: { status: 409, message: 'A user named {username} already exists.' },
  USER_NOT_FOUND: { status: 404, message: 'User {username} does not exist.' },
  PASSWORD_TOO_SHORT: { status: 400, message: 'A password needs at least {min} characters.' },
  PASSWORD_TOO_WEAK: { status: 400, message: 'This password is refused: {reason}. Choose a longer phrase of your own.' },
  PASSWORD_CURRENT_WRONG: { status: 400, message: 'The current password is wrong; the password was not changed.' },
  DATA_FOLDER_LOCKED: { status: 409, message: 'The embedded database in {dir} is in use by another Agora process (pid {pid}). Stop the server first (Ctrl+C or `kill {pid}`), then run the command again; while it runs, use the web page or the API instead.' },
  JOB_NOT_FOUND: { status: 404, message: 'Job {id} does not exist.' },
  JOB_ABANDONED: { status: 500, message: 'The job was taken up {attempts} times and its worker stopped each time; it was given up.' },
  DRAFT_NOT_FOUND: { status: 404, message: 'There is no draft for this case.' },
  ORGANISATION_REQUIRED: { status: 400, message: 'You work for several organisations; say which one the case belongs to ({choices}).' },
  ORGANISATION_INVALID: { status: 400, message: 'Organisation {key} is not one you may start cases for.' },
  ORGANISATION_NOT_FOUND: { status: 404, message: 'Organisation {key} does not exist.' },
  ORGANISATION_EXISTS: { status: 409, message: 'An organisation with the key {key} already exists.' },
  START_DATA_NOT_ALLOWED: { status: 422, message: 'A new case takes only the data of its first task ({forms}); form {form} comes later in the process.' },
  MIGRATION_INVALID: { status: 400, message: 'Cases of {key} cannot move from version {from} to {to}: {reason}' },
  OIDC_NOT_CONFIGURED: { status: 404, message: 'Sign-in through an identity provider is not set up here (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET); sign in with a password.' },
  OIDC_STATE_INVALID: { status: 400, message: 'This sign-in answer does not belong to a sign-in started in this browser ({reason}); start the sign-in again.' },
  OIDC_SIGN_IN_FAILED: { status: 400, message: 'The identity provider did not confirm the sign-in ({reason}); start the sign-in again.' },
  OIDC_SIGN_IN_CANCELLED: { status: 403, message: 'The sign-in was cancelled at the identity provider, or the provider refused it; start it again, or ask the administrators whether your account may use Agora.' },
  OIDC_NO_ROLE: { status: 403, message: 'The identity provider names no role this office knows for this account (claim {claim}); ask the administrators to give the account an Agora role at the provider.' },
  OIDC_PROVIDER_UNAVAILABLE: { status: 502, message: 'The identity provider cannot be reached ({reason}); try again later, or sign in with a password.' },
  OIDC_ACCOUNT_DISABLED: { status: 403, message: 'This Agora account is disabled; ask the administrators.' },
  OIDC_ACCOUNT_CONFLICT: { status: 409, message: 'Agora has a local account of the same user name that is not linked to the identity provider; ask the administrators to rename or remove it.' },
  INDICATOR_NOT_FOUND: { status: 404, message: 'Indicator {key} does not exist; the list is at GET /api/monitoring/indicators.' },
  MONITORING_QUERY_INVALID: { status: 400, message: 'This indicator cannot be read that way: {reason}' },
  POPULATION_INVALID: { status: 400, message: 'The population table is not usable: {reason}' },
  OFFER_NOT_FOUND: { status: 404, message: 'Offer {id} does not exist or is not public (any more).' },
  OFFER_CLOSED: { status: 409, message: 'Registration for offer {id} is not open.' },
  REGISTRATION_DUPLICATE: { status: 409, message: 'This e-mail address is already registered (or waiting for confirmation) for this offer.' },
  REGISTRATION_TOKEN_INVALID: { status: 404, message: 'This link is not valid (any more); it may have been mistyped or replaced.' },
  REGISTRATION_TOKEN_EXPIRED: { status: 410, message: 'This confirmation link has expired; please register again.' },
  DATA_KEY_MISSING: { status: 503, message: 'Self-registration is off: its requests are stored encrypted and this installation has no data key (on PostgreSQL set AGORA_DATA_KEY, base64 of 32 random bytes).' },
  DATA_KEY_MISMATCH: { status: 500, message: 'A stored registration request was sealed with another data key (key id {stored}, configured {configured}); set AGORA_DATA_KEY back to the key it was made with. Nothing was changed.' },
  PUBLIC_RATE_LIMITED: { status: 429, message: 'Too many registrations from this address or for this e-mail; try again in {seconds} seconds.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side; the request was not carried out.' },
} as const satisfies Record<string, { status: number; message: string; retired?: boolean }>;

/** A stable error code from the catalogue. */
export type ErrorCode = keyof typeof ERRORS;

/**
 * The codes a failed sign-in through the identity provider may show at
 * `/login?error=`: the catalogue's `OIDC_` codes, nothing else (the login
 * page shows only these, whatever a link puts into the query).
 */
export function isSignInErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value.startsWith('OIDC_') && Object.hasOwn(ERRORS, value);
}

/** One problem inside an error: where (JSON path or pointer) and what. */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
  /** The message in German and English; the HTTP layer answers in the person's language and drops this. */
  text?: { de: string; en?: string };
  /** The schema keyword's parameters (`{ limit: 2020 }`), so a client can word the message in its language. */
  params?: Record<string, unknown>;
}

/** Fills `{name}` placeholders of a message template. */
export function formatMessage(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    params[name] === undefined ? `{${name}}` : String(params[name]),
  );
}

/**
 * An expected failure with a stable code. The API maps it to
 * `{ error: { code, message, details } }` with the catalogue's status.
 */
export class AgoraError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, params: Record<string, unknown> = {}, details?: ErrorDetail[]) {
    super(formatMessage(ERRORS[code].message, params));
    this.name = 'AgoraError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details?: ErrorDetail[] } {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Whether a value is an {@link AgoraError}. */
export function isAgoraError(value: unknown): value is AgoraError {
  return value instanceof AgoraError;
}
