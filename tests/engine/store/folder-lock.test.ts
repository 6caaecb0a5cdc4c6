import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAgora } from '../../../engine/boot.js';
import { LOCK_FILE, lockDataFolder } from '../../../engine/store/folder-lock.js';

const agoraCli = (args: string[], env: Record<string, string>, input?: string) =>
  spawnSync(process.execPath, ['bin/agora.js', ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env }, input, timeout: 120_000 });

describe('the embedded database folder lock (#11)', () => {
  it('refuses `agora user add` while a server holds the folder, and says to stop the server', { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agora-lock-'));
    const server = await startAgora({ dataDir: dir, seedDefinitions: false, scheduler: false });
    try {
      const res = agoraCli(['user', 'add', 'erika', '--roles', 'kita'], { AGORA_DATA_DIR: dir }, 'ein-langes-eigenes-Wort\n');
      expect(res.status).toBe(1);
      expect(res.stdout).not.toContain('created');
      expect(res.stderr).toContain('DATA_FOLDER_LOCKED');
      expect(res.stderr).toContain(`in use by another Agora process (pid ${process.pid})`);
      expect(res.stderr).toContain('Stop the server first');
    } finally {
      await server.close();
    }
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    // With the server stopped the same command works, and the user is there after a restart.
    expect(agoraCli(['user', 'add', 'erika', '--roles', 'kita'], { AGORA_DATA_DIR: dir }, 'ein-langes-eigenes-Wort\n').stdout).toContain('user erika created');
    const again = await startAgora({ dataDir: dir, seedDefinitions: false, scheduler: false });
    try {
      expect((await again.services.auth.listUsers('default')).map((u) => u.username)).toContain('erika');
    } finally {
      await again.close();
    }
  });

  it('takes over a lock whose process is gone (a crash) and refuses one whose process runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agora-lock-'));
    const gone = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid!;
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: gone, host: hostname() }));
    const release = lockDataFolder(dir);
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, host: hostname() }));
      expect(() => lockDataFolder(dir)).toThrow(/in use by another Agora process \(pid \d+\)/);
    } finally {
      other.kill();
    }
  });
});
