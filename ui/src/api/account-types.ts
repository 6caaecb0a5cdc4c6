import type { FromSchema } from 'json-schema-to-ts';
import type { changePasswordBody, notificationPatch, notificationSettings, tokenInfo, userRecord } from '../../../engine/schemas/accounts.js';
import type { createUserBody, updateUserBody } from '../../../engine/schemas/api.js';

/** A user as administrators see it; derived from the engine's schema, so it cannot drift. */
export type UserRecord = FromSchema<typeof userRecord>;
/** The body of `POST /api/users`; new fields of the schema (such as `organisations`) appear here by themselves. */
export type NewUser = FromSchema<typeof createUserBody>;
/** The body of `PATCH /api/users/:id`. */
export type UserChange = FromSchema<typeof updateUserBody>;
/** An API token as its owner sees it. */
export type TokenInfo = FromSchema<typeof tokenInfo>;
/** One's own staff e-mail settings (`GET /api/account/notifications`). */
export type NotificationSettings = FromSchema<typeof notificationSettings>;
/** The body of `PATCH /api/account/notifications`: the address itself is not changed there. */
export type NotificationPatch = FromSchema<typeof notificationPatch>;
/** The body of `PUT /api/session/password`. */
export type PasswordChange = FromSchema<typeof changePasswordBody>;
