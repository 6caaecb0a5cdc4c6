import type { CompiledDefinition } from '../../engine/definition/index.js';
import { applyConditionals, sampleValue, type Random } from '../../engine/definition/index.js';
import { checkForm } from '../../engine/runtime/index.js';
import type { CatalogueValues } from '../../engine/runtime/index.js';

// The generator itself lives in the engine (engine/definition/sample-data.ts) so the studio's simulation can use it.
export { seededRandom, sampleValue, type Random } from '../../engine/definition/index.js';

/**
 * A value for form `form` of a definition that its validator accepts, or
 * null when a few tries did not find one (forms with rules the generator
 * does not understand).
 */
export function validFormData(compiled: CompiledDefinition, form: string, rnd: Random, catalogues: CatalogueValues = {}, tries = 12): unknown {
  const schema = compiled.definition.forms[form]?.schema as any;
  if (!schema) return null;
  for (let i = 0; i < tries; i++) {
    const value = sampleValue(schema, rnd, catalogues);
    applyConditionals(schema, value, (s) => sampleValue(s, rnd, catalogues));
    if (checkForm(compiled, form, value, catalogues).length === 0) return value;
  }
  return null;
}
