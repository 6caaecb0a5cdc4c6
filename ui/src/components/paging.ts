import { useRef } from 'react';
import { setQuery, useLocation } from '../router.js';

/**
 * Cursor paging kept in the URL (`?page=2&cursor=…`) so a reload shows the
 * same page. The cursors of earlier pages are remembered while the page
 * lives; after a reload "back" starts again at the first page.
 */
export function useCursorPaging() {
  const { search } = useLocation();
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const cursor = search.get('cursor') ?? undefined;
  const known = useRef(new Map<number, string | undefined>([[1, undefined]]));
  known.current.set(page, cursor);
  return {
    page,
    cursor,
    next: (nextCursor: string) => setQuery({ page: String(page + 1), cursor: nextCursor }),
    prev:
      page > 1
        ? () => {
            const target = known.current.has(page - 1) ? page - 1 : 1;
            const c = known.current.get(target);
            setQuery({ page: target === 1 ? undefined : String(target), cursor: c });
          }
        : null,
    /** Query values that reset paging when filters change. */
    reset: { page: undefined, cursor: undefined } as Record<string, undefined>,
  };
}
