/** Accounts, password hashing, sessions, API tokens. */
export { AuthService, MIN_PASSWORD_LENGTH, SESSION_HOURS, type PublicUser } from './auth-service.js';
export { displayNameOf, nameDemoUsers, DEMO_DISPLAY_NAMES } from './display-name.js';
