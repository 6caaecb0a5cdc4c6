import type { FromSchema } from 'json-schema-to-ts';
import type { tokenInfo, userRecord } from '../../../engine/schemas/accounts.js';
import type { createUserBody, updateUserBody } from '../../../engine/schemas/api.js';

/** A user as administrators see it; derived from the engine's schema, so it cannot drift. */
export type UserRecord = FromSchema<typeof userRecord>;
/** The body of `POST /api/users`; new fields of the schema (such as `organisations`) appear here by themselves. */
export type NewUser = FromSchema<typeof createUserBody>;
/** The body of `PATCH /api/users/:id`. */
export type UserChange = FromSchema<typeof updateUserBody>;
/** An API token as its owner sees it. */
export type TokenInfo = FromSchema<typeof tokenInfo>;
