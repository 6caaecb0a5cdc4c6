import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { DefinitionDocument, ErrorDetail } from '../../api/types.js';

export { statePointer } from './model.js';

/** Lint problems and warnings of the draft, by JSON pointer. */
export interface DraftLint {
  problems: ErrorDetail[];
  warnings: ErrorDetail[];
  /** The draft the result belongs to has been checked. */
  checked: boolean;
}

/**
 * Lints the draft on the server (`POST /api/definitions/lint`, the same
 * check as saving) a moment after each change, so the editors can show
 * each problem at the state, transition or role it concerns.
 */
export function useDraftLint(document: DefinitionDocument, delayMs = 500): DraftLint {
  const [result, setResult] = useState<DraftLint>({ problems: [], warnings: [], checked: false });
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      api.lint(document).then(
        (r) => alive && setResult({ problems: r.problems, warnings: (r as { warnings?: ErrorDetail[] }).warnings ?? [], checked: true }),
        () => alive && setResult((prev) => ({ ...prev, checked: false })),
      );
    }, delayMs);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [document, delayMs]);
  return result;
}

/** The problems at `pointer` or below it (`/machine/states/a` also takes `/machine/states/a/meta/task`). */
export function problemsAt(problems: ErrorDetail[], pointer: string, opts: { exact?: boolean; exclude?: string } = {}): ErrorDetail[] {
  return problems.filter((p) => {
    if (opts.exclude && (p.path === opts.exclude || p.path.startsWith(`${opts.exclude}/`))) return false;
    return p.path === pointer || (!opts.exact && p.path.startsWith(`${pointer}/`));
  });
}
