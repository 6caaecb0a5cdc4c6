/**
 * JSON Schemas of account administration: passwords, API tokens, the user
 * list (#11). `createUserBody` and `updateUserBody` live in `api.ts`.
 */

const password = { type: 'string', minLength: 1, maxLength: 1000 } as const;

/** A user as administrators see it. */
export const userRecord = {
  type: 'object',
  required: ['id', 'username', 'roles'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    organisations: { type: 'array', items: { type: 'string' } },
    email: { type: ['string', 'null'] },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
  additionalProperties: false,
} as const;

export const userList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: userRecord } }, additionalProperties: false } as const;

export const tokenIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;

/** `PUT /api/users/:username/password`: an administrator sets a new password. */
export const resetPasswordBody = { type: 'object', required: ['password'], properties: { password }, additionalProperties: false } as const;

/** `PUT /api/session/password`: one's own password, after the current one. */
export const changePasswordBody = {
  type: 'object',
  required: ['current', 'password'],
  properties: { current: password, password },
  additionalProperties: false,
} as const;

export const tokenInfo = {
  type: 'object',
  required: ['id', 'name', 'scope', 'createdAt', 'expiresAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scope: { type: 'string', enum: ['read', 'full'] },
    createdAt: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    lastUsedAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
  },
  additionalProperties: false,
} as const;

export const tokenList = { type: 'object', required: ['items'], properties: { items: { type: 'array', items: tokenInfo } }, additionalProperties: false } as const;

/** `POST /api/tokens`: a token for oneself; it expires after `expiresInDays` (default 90). */
export const createTokenBody = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    scope: { type: 'string', enum: ['read', 'full'], default: 'read' },
    expiresInDays: { type: 'integer', minimum: 1, maximum: 366, default: 90 },
  },
  additionalProperties: false,
} as const;

export const createdToken = {
  ...tokenInfo,
  required: [...tokenInfo.required, 'token'],
  properties: { ...tokenInfo.properties, token: { type: 'string' } },
} as const;

/** An e-mail address of an account (empty: none). */
export const emailAddress = { anyOf: [{ type: 'string', format: 'email', maxLength: 320 }, { type: 'string', maxLength: 0 }, { type: 'null' }] } as const;

/** The languages staff e-mails are written in (the mail templates have both). */
export const mailLanguage = { type: 'string', enum: ['de', 'en'], description: 'language of one\'s staff e-mails: de (default) or en' } as const;

/** Which staff e-mails one gets, and in which language (`GET`/`PATCH /api/account/notifications`). */
export const notificationSettings = {
  type: 'object',
  required: ['newTask', 'reminder', 'overdueDigest', 'language'],
  properties: { newTask: { type: 'boolean' }, reminder: { type: 'boolean' }, overdueDigest: { type: 'boolean' }, language: mailLanguage, email: { type: ['string', 'null'] } },
  additionalProperties: false,
} as const;

export const notificationPatch = {
  type: 'object',
  properties: { newTask: { type: 'boolean' }, reminder: { type: 'boolean' }, overdueDigest: { type: 'boolean' }, language: mailLanguage },
  additionalProperties: false,
} as const;
