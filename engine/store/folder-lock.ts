import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { AgoraError } from '../errors.js';

/** The lock file inside an embedded database's data folder. */
export const LOCK_FILE = 'agora.lock';

/** Whether a process with this id runs on this machine. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data folder for this process. PGlite is one process's database:
 * a second process on the same folder (say `agora user add` while the server
 * runs) would write to a copy that the first one overwrites. The lock file
 * holds the owner's pid; a lock whose process is gone (a crash, `kill -9`) is
 * stale and taken over. Returns the function that releases the lock.
 */
export function lockDataFolder(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(file, 'utf8') === mine) rmSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner: { pid?: number; host?: string } = {};
    try {
      owner = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // Unreadable (a crash while writing it): stale.
    }
    const foreignHost = owner.host !== undefined && owner.host !== hostname();
    if (typeof owner.pid === 'number' && (foreignHost || isAlive(owner.pid))) {
      throw new AgoraError('DATA_FOLDER_LOCKED', { dir, pid: owner.pid });
    }
    rmSync(file, { force: true });
  }
  throw new AgoraError('DATA_FOLDER_LOCKED', { dir, pid: 'unknown' });
}
