import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('CI (#11)', () => {
  const run = readFileSync('.ci/run', 'utf8');
  const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>;

  it('type-checks and lints before it runs the tests', () => {
    const at = (cmd: string) => run.indexOf(`\n${cmd}\n`);
    expect(at('npm run typecheck')).toBeGreaterThan(0);
    expect(at('npm run lint')).toBeGreaterThan(0);
    expect(at('npm run typecheck')).toBeLessThan(at('npm test'));
    expect(at('npm run lint')).toBeLessThan(at('npm test'));
  });

  it('has a lint script that fails on warnings and a typecheck script over the whole project', () => {
    expect(scripts.lint).toMatch(/^eslint --max-warnings=0 \.$/);
    expect(scripts.typecheck).toContain('tsc --noEmit');
  });
});
