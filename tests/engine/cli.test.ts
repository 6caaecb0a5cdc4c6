import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASE_URL } from '../helpers/databases.js';
import { minimal } from '../fixtures/definitions.js';

const agora = (args: string[], env: Record<string, string> = {}, input?: string) =>
  spawnSync(process.execPath, ['bin/agora.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, input, timeout: 150_000 });

describe('agora command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'agora-cli-'));

  it('validates a good file with exit 0 and lists every problem of a bad one with exit 1', () => {
    const bad = minimal();
    bad.machine.states.start.meta.task.form = 'fehlt';
    bad.machine.states.start.after = { bald: 'ende' };
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(minimal()));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
    expect(agora(['validate', path.join(dir, 'good.json')]).status).toBe(0);
    const res = agora(['validate', path.join(dir, 'bad.json')]);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('/machine/states/start/meta/task/form: form "fehlt" does not exist');
    expect(res.stdout).toContain('/machine/states/start/after/bald');
  });

  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => drop?.());

  // PostgreSQL when the suite has one (each PGlite start costs seconds), else the embedded database.
  it('checks catalogue seed files as catalogues, including the shipped ones', () => {
    writeFileSync(path.join(dir, 'cat.json'), JSON.stringify({ key: 'orte', title: { de: 'Orte' }, entries: [{ value: 'a', label: { de: 'A' } }, { value: 'a', label: {} }] }));
    const res = agora(['validate', path.join(dir, 'cat.json'), 'definitions/catalogues/stadtteile.json']);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('/entries/1/value: duplicate value "a"');
    expect(res.stdout).toContain('/entries/1/label/de');
    expect(res.stdout).toContain('stadtteile.json: ok');
  });

  it('imports and publishes, exports, adds a user from stdin and creates a token', { timeout: 600_000 }, async () => {
    let env = { AGORA_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '' };
    if (TEST_DATABASE_URL) {
      const db = await createTestDatabase();
      drop = db.drop;
      env = { ...env, DATABASE_URL: db.url };
    }
    const imported = agora(['import', path.join(dir, 'good.json'), '--publish'], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain('minimal v1: published');
    const exported = agora(['export', 'minimal'], env);
    expect(JSON.parse(exported.stdout)).toEqual(minimal());
    expect(agora(['user', 'add', 'erika', '--roles', 'staff,kita'], env, 'ein-langes-passwort\n').stdout).toContain('user erika created with roles staff, kita');
    const unknownOrg = agora(['user', 'add', 'olga', '--roles', 'kita', '--organisations', 'kita-gibt-es-nicht'], env, 'ein-langes-passwort\n');
    expect(unknownOrg.stderr).toContain('ORGANISATION_NOT_FOUND');
    expect(unknownOrg.stdout).not.toContain('created');
    const token = agora(['token', 'create', 'erika'], env).stdout.trim();
    expect(token).toMatch(/^agora_[A-Za-z0-9_-]{40,}$/);
    expect(agora(['token', 'create', 'niemand'], env).stderr).toContain('USER_NOT_FOUND');
    expect(agora(['token', 'create', 'erika', '--scope', 'read', '--days', '30'], env).stdout.trim()).toMatch(/^agora_/);
    expect(agora(['user', 'disable', 'erika'], env).stdout).toContain('user erika: disabled');
    expect(agora(['user', 'password', 'erika'], env, 'password\n').stderr).toContain('PASSWORD_TOO_SHORT');
  });

  it('prints usage and exits 1 without a command', () => {
    const res = spawnSync(process.execPath, ['bin/agora.js'], { encoding: 'utf8' });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('agora validate');
    expect(execFileSync(process.execPath, ['bin/agora.js', '--help'], { encoding: 'utf8' })).toContain('agora serve');
  });
});
