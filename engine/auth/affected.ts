/** Rows a Knex update or delete changed: a number from pg, a result object from PGlite. */
export function affected(result: unknown): number {
  if (typeof result === 'number') return result;
  const r = result as { affectedRows?: number; rowCount?: number } | null;
  return Number(r?.affectedRows ?? r?.rowCount ?? 0);
}
