/** How deep request JSON may nest; forms nest a few levels, nothing legitimate comes near this. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests objects and arrays deeper than `max`; iterative, so
 * the check itself cannot overflow the stack. Deeper data used to reach
 * recursive code (validation, storage) and answer 500.
 */
export function isNestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const sub of Object.values(v)) if (sub !== null && typeof sub === 'object') stack.push([sub, depth + 1]);
  }
  return false;
}
