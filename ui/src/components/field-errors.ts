import { ApiError } from '../api/client.js';

/** Messages by field name of an own (non-rjsf) form. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** The JSON pointer of a detail without fastify's `body` prefix: `body/title/de` -> `/title/de`. */
export function bodyPointer(path: string): string {
  const p = path.replace(/^\/?body(?=\/|$)/, '');
  return p.startsWith('/') ? p : `/${p}`;
}

/**
 * Puts an API error's messages at the fields they concern: each detail by its
 * pointer (`fieldOf` maps a pointer to a field name, or null when no field
 * shows it), and whole-request codes through `byCode` (e.g. `ORGANISATION_EXISTS`
 * at the key). What no field takes comes back in `rest`, for a box above the form.
 */
export function fieldErrorsOf<F extends string>(
  err: unknown,
  fieldOf: (pointer: string) => F | null,
  byCode: Partial<Record<string, { field: F; message: string }>> = {},
): { fields: FieldErrors<F>; rest: boolean } {
  const fields: FieldErrors<F> = {};
  if (!(err instanceof ApiError)) return { fields, rest: true };
  const coded = byCode[err.code];
  if (coded) return { fields: { [coded.field]: coded.message } as FieldErrors<F>, rest: false };
  let rest = err.details.length === 0;
  for (const d of err.details) {
    const field = fieldOf(bodyPointer(d.path));
    if (field === null) rest = true;
    else fields[field] ??= d.message;
  }
  return { fields, rest };
}
