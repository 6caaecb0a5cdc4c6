import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SECOND_ACCOUNTS, definitionFiles, DEFINITIONS_DIR } from '../../engine/seed.js';

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('opens with the two commands that work on a fresh machine', () => {
    expect(readme.split('\n').slice(0, 8).join('\n')).toContain('npm install && npm start\nnpm test');
  });

  it('lists exactly the demo accounts npm start creates: admin, datenschutz, one per role of the shipped processes and the second accounts', () => {
    const roles = new Set(definitionFiles(DEFINITIONS_DIR).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).roles as string[]));
    const section = readme.slice(readme.indexOf('## Demo accounts'), readme.indexOf('## The embedded database'));
    const accounts = [...section.matchAll(/^\| `([a-z_0-9]+)` \|/gm)].map((m) => m[1]);
    expect(accounts.sort()).toEqual(['admin', 'datenschutz', ...roles, ...DEMO_SECOND_ACCOUNTS.map((a) => a.username)].sort());
  });
});
