import type { JsonSchema } from '../api/types.js';
import { pointerSegments } from './server-errors.js';

/** The keyword that gives a field its initial value from the case's data (engine: `PREFILL_KEYWORD`). */
export const PREFILL_KEYWORD = 'x-prefill';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a JSON pointer into the case data (`/stammdaten/grundschule`). */
function valueAt(data: unknown, pointer: string): unknown {
  return pointerSegments(pointer).reduce<unknown>((v, k) => (isObject(v) ? v[k] : Array.isArray(v) && /^\d+$/.test(k) ? v[Number(k)] : undefined), data);
}

/**
 * A form's initial value from earlier answers (#12): each field with
 * `"x-prefill": "/<form>/<field>"` starts with that value of the case's
 * data, when the person may see it (the case view leaves out forms the
 * access rules hide). The person may change it. `undefined` when nothing
 * is filled in. Pure.
 */
export function prefill(schema: JsonSchema, caseData: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!isObject(schema.properties)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (!isObject(sub)) continue;
    const pointer = sub[PREFILL_KEYWORD];
    if (typeof pointer === 'string') {
      const value = valueAt(caseData, pointer);
      if (value !== undefined && value !== null && value !== '') out[name] = structuredClone(value);
    } else if (sub.type === 'object') {
      const nested = prefill(sub, caseData);
      if (nested) out[name] = nested;
    }
  }
  return Object.keys(out).length ? out : undefined;
}
