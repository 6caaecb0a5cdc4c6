import { dictionary } from '@zxcvbn-ts/language-common';
import { AgoraError } from '../errors.js';

/** Passwords shorter than this are refused (BSI IT-Grundschutz ORP.4, NIST SP 800-63B: length over composition). */
export const MIN_PASSWORD_LENGTH = 12;

/** German words that the (mostly English) list does not have. */
const GERMAN = ['qwertzuiop', 'qwertzuiopü', 'passwort123', 'passwort1234', 'geheimgeheim', 'bildungsbuero', 'bildungsbüro', 'willkommen123', 'sommersonne'];

let common: Set<string> | null = null;
/** The ~50,000 most common passwords of zxcvbn-ts, lower-cased, loaded on first use. */
function commonPasswords(): Set<string> {
  common ??= new Set([...dictionary['passwords-common'], ...GERMAN].map((p) => p.toLowerCase()));
  return common;
}

/**
 * Why a new password is refused, or null. Rules after NIST SP 800-63B and the
 * BSI: at least {@link MIN_PASSWORD_LENGTH} characters, not a common password
 * (also not one with digits or symbols appended), not the user name, not one
 * character repeated. No composition rules: a long phrase is a good password.
 */
export function passwordProblem(password: string, username: string): AgoraError | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return new AgoraError('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH });
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return new AgoraError('PASSWORD_TOO_WEAK', { reason: 'it contains the user name' });
  if (new Set(lower.replace(/\s/g, '')).size < 4) return new AgoraError('PASSWORD_TOO_WEAK', { reason: 'it repeats too few different characters' });
  const stem = lower.replace(/[\d\W_]+$/u, '');
  const list = commonPasswords();
  if (list.has(lower) || list.has(lower.trim()) || (stem.length >= 4 && list.has(stem))) {
    return new AgoraError('PASSWORD_TOO_WEAK', { reason: 'it is on the list of common passwords' });
  }
  return null;
}

/** Throws the problem of {@link passwordProblem}, if any. */
export function checkPassword(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw problem;
}
