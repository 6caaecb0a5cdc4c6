/** Accounts, password hashing, sessions, API tokens. */
export { AuthService, MIN_PASSWORD_LENGTH, SESSION_HOURS, type PublicUser } from './auth-service.js';
