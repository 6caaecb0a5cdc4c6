import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUiIfStale, ROOT } from '../e2e/browser.js';

const DIST = path.join(ROOT, 'ui/dist');

/** Files a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), relative to its folder. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => path.resolve(path.dirname(file), m[1]));
}

/** Every script a first page load runs: the entry, what it preloads, and everything they import statically. */
function mainBundle(): string[] {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => path.join(DIST, m[1]));
  const seen = new Set<string>();
  while (queue.length) {
    const f = queue.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    queue.push(...staticImports(f));
  }
  return [...seen];
}

/** Strings only the studio's libraries contain: CodeMirror's editor class, dnd-kit's screen-reader hint element. */
const STUDIO_MARKERS = ['cm-content', 'DndDescribedBy'];

describe('the studio stays out of the main bundle (#13)', () => {
  beforeAll(async () => {
    await buildUiIfStale();
  }, 300_000);

  it('loads CodeMirror, dnd-kit and the studio pages only through dynamic imports', () => {
    const main = mainBundle();
    expect(main.length).toBeGreaterThan(0);
    for (const f of main) {
      expect(path.basename(f)).not.toMatch(/^(studio|definition-page|forms-tab|expert-tab)/);
      const code = readFileSync(f, 'utf8');
      for (const marker of STUDIO_MARKERS) expect(code.includes(marker), `${path.basename(f)} contains ${marker}`).toBe(false);
    }
    // The markers are real: the studio's chunks hold them.
    const all = readdirSync(path.join(DIST, 'assets')).filter((n) => n.endsWith('.js'));
    for (const marker of STUDIO_MARKERS) expect(all.some((n) => readFileSync(path.join(DIST, 'assets', n), 'utf8').includes(marker)), marker).toBe(true);
    expect(existsSync(path.join(DIST, 'index.html'))).toBe(true);
  });
});
