import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** The key file in the embedded database's data folder. */
export const DATA_KEY_FILE = 'agora-data.key';

/** Where the installation's data key comes from; `key` is base64, or null when there is none. */
export interface DataKeySource {
  key: string | null;
  source: 'env' | 'file' | 'memory' | 'none';
  /** The key file, for `source: 'file'`. */
  file?: string;
}

/**
 * Finds the data key that seals pending registrations (see DataKey):
 * 1. `AGORA_DATA_KEY` wins everywhere (checked by the caller);
 * 2. the embedded database in memory (tests): a random key for the process,
 *    which lives exactly as long as the data it protects;
 * 3. the embedded database in a folder: `agora-data.key` in that folder,
 *    made once with mode 0600 and read at every later start;
 * 4. PostgreSQL without `AGORA_DATA_KEY`: none. Several server processes on
 *    several machines share the database, so a key file one of them made
 *    would not open what another sealed, and a key stored in the database
 *    would protect nothing; self-registration then answers DATA_KEY_MISSING.
 */
export function findDataKey(options: { envValue?: string; kind: 'postgres' | 'pglite'; dataDir?: string; memory?: boolean }): DataKeySource {
  if (options.envValue?.trim()) return { key: options.envValue.trim(), source: 'env' };
  if (options.kind === 'postgres') return { key: null, source: 'none' };
  if (options.memory) return { key: randomBytes(32).toString('base64'), source: 'memory' };
  const file = path.join(path.resolve(options.dataDir ?? './data'), DATA_KEY_FILE);
  try {
    // `wx`: never overwrite a key that exists, even if two starts race.
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // A key file others can read protects nothing; narrow it (a restored backup often loses the mode).
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { key: readFileSync(file, 'utf8').trim(), source: 'file', file };
}
