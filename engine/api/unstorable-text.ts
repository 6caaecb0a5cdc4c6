/**
 * Text PostgreSQL cannot store: NUL (not allowed in `text`, nor as `\u0000`
 * in `jsonb`) and UTF-16 surrogates without their pair (no Unicode code point,
 * rejected by `jsonb`). Found by the hostile-input tests: such strings used to
 * reach the database and come back as 500 INTERNAL.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether any string or key inside `value` is unstorable; iterative, so deep nesting cannot overflow the stack. */
export function hasUnstorableText(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [key, sub] of Object.entries(v)) {
        if (UNSTORABLE.test(key)) return true;
        stack.push(sub);
      }
    }
  }
  return false;
}
