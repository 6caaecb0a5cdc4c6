import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDefinition, type CompiledDefinition } from '../../engine/definition/index.js';
import type { CatalogueValues } from '../../engine/runtime/index.js';
import { definitionFiles } from '../../engine/seed.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shipped definitions folder and the fixtures folder. */
export const SHIPPED_DIR = path.join(ROOT, 'definitions');
export const FIXTURES_DIR = path.join(ROOT, 'tests/fixtures');

/** A definition document with the file it came from. */
export interface DefinitionFile {
  file: string;
  doc: any;
}

/**
 * The shipped process definitions (`definitions/**.json` without catalogues),
 * or the fixtures while none are shipped yet.
 */
export function shippedOrFixtureDefinitions(): DefinitionFile[] {
  const shipped = existsSync(SHIPPED_DIR) ? definitionFiles(SHIPPED_DIR) : [];
  const files = shipped.length ? shipped : readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).map((f) => path.join(FIXTURES_DIR, f));
  return files.map((file) => ({ file, doc: JSON.parse(readFileSync(file, 'utf8')) }));
}

/** Compiles what compiles; returns the rest with their error, so callers can report them. */
export function compileAll(files: DefinitionFile[]): { compiled: Array<{ file: string; compiled: CompiledDefinition }>; failed: Array<{ file: string; error: string }> } {
  const compiled: Array<{ file: string; compiled: CompiledDefinition }> = [];
  const failed: Array<{ file: string; error: string }> = [];
  for (const { file, doc } of files) {
    try {
      compiled.push({ file, compiled: compileDefinition(doc) });
    } catch (e) {
      failed.push({ file, error: `${(e as Error).message} ${JSON.stringify((e as any).details ?? []).slice(0, 300)}` });
    }
  }
  return { compiled, failed };
}

/** The shipped catalogues (`definitions/catalogues/*.json`) as the runtime's value sets, with their documents. */
export function shippedCatalogues(): { values: CatalogueValues; docs: any[] } {
  const dir = path.join(SHIPPED_DIR, 'catalogues');
  const docs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) : [];
  const values: CatalogueValues = Object.fromEntries(docs.map((d) => [d.key, new Set<string>(d.entries.map((e: { value: string }) => e.value))]));
  return { values, docs };
}
