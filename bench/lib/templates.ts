import { CATALOGUE_KEYWORD, type CompiledDefinition } from '../../engine/definition/index.js';
import type { CatalogueValues, Step } from '../../engine/runtime/index.js';
import { seededRandom, type Random } from '../../tests/helpers/form-samples.js';
import { randomWalk } from '../../tests/helpers/random-walk.js';

/** The moment template cases start; variants shift every timestamp from here. */
export const TEMPLATE_EPOCH = Date.parse('2020-01-01T00:00:00.000Z');
/** The placeholder case id inside templates. */
export const TEMPLATE_ID = '00000000-0000-4000-8000-000000000000';

/** A case as the real runtime left it after some steps: the rows one case needs. */
export interface CaseTemplate {
  compiled: CompiledDefinition;
  steps: Step[];
  /** Form-data paths that hold a district (`x-catalogue: stadtteile`): [form, ...field path]. */
  districtPaths: string[][];
}

const last = <T>(a: T[]) => a[a.length - 1];

function districtPathsOf(compiled: CompiledDefinition, catalogue: string): string[][] {
  const out: string[][] = [];
  for (const [form, spec] of Object.entries(compiled.definition.forms)) {
    if (spec.collection) continue;
    const walk = (schema: any, path: string[]) => {
      if (!schema || typeof schema !== 'object') return;
      if (schema[CATALOGUE_KEYWORD] === catalogue) out.push([form, ...path]);
      for (const [k, sub] of Object.entries<any>(schema.properties ?? {})) walk(sub, [...path, k]);
    };
    walk(spec.schema, []);
  }
  return out;
}

/**
 * Realistic cases of each definition, made by the pure runtime: random walks
 * (valid form data, timers fired when due) cut after every step, so there are
 * cases in every state the walks reach, open and closed, with their events,
 * tasks and timers. Definitions that only start under a parent are skipped.
 */
export function caseTemplates(definitions: CompiledDefinition[], catalogues: CatalogueValues, options: { walks: number; maxSteps: number; seed: number }): CaseTemplate[] {
  const rnd: Random = seededRandom(options.seed);
  const out: CaseTemplate[] = [];
  for (const compiled of definitions) {
    if (compiled.definition.parent?.required) continue;
    const districtPaths = districtPathsOf(compiled, 'stadtteile');
    const seen = new Set<string>();
    for (let w = 0; w < options.walks; w++) {
      const walk = randomWalk(compiled, seededRandom(Math.floor(rnd() * 2 ** 31)), catalogues, {
        id: TEMPLATE_ID,
        start: new Date(TEMPLATE_EPOCH),
        maxSteps: options.maxSteps,
      });
      for (let i = 1; i <= walk.steps.length; i++) {
        const steps = walk.steps.slice(0, i);
        const key = `${last(steps).case.statePaths.join(',')}#${i}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ compiled, steps, districtPaths });
      }
    }
  }
  return out;
}
