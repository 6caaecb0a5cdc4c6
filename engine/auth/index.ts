/** Accounts, password hashing, sessions, API tokens, sign-in throttling. */
export { AuthService, SESSION_HOURS, type Credential, type PublicUser } from './auth-service.js';
export { MIN_PASSWORD_LENGTH, passwordProblem } from './password-rules.js';
export { RateLimitedError, SignInThrottle } from './sign-in-throttle.js';
export type { TokenInfo, TokenScope } from './token-store.js';
export { displayNameOf, nameDemoUsers, DEMO_DISPLAY_NAMES } from './display-name.js';
export { OidcSignIn, failureReason, oidcSettingsFromEnv, type OidcSettings, type OidcIdentity, type PendingSignIn } from './oidc.js';
export { EFFECTIVE_ORGANISATIONS } from './effective-organisations.js';
