import type { ErrorSchema } from '@rjsf/utils';
import type { ErrorDetail } from '../api/types.js';

/** Splits a JSON pointer (`/a/0/b`) into unescaped segments; `/` and `` are the root. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Turns the server's 422 details (`path` = JSON pointer into the form data)
 * into rjsf's `extraErrors` shape, so each message shows at its field.
 */
export function detailsToErrorSchema(details: readonly ErrorDetail[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const d of details) {
    let node = root;
    for (const seg of pointerSegments(d.path)) {
      if (typeof node[seg] !== 'object' || node[seg] === null) node[seg] = {};
      node = node[seg] as Record<string, unknown>;
    }
    const list = (node.__errors as string[] | undefined) ?? [];
    if (!list.includes(d.message)) list.push(d.message);
    node.__errors = list;
  }
  return root as ErrorSchema;
}

/** The DOM id rjsf gives the field at `pointer` (`root_a_0_b` for idPrefix `root`). */
export function fieldIdFor(idPrefix: string, pointer: string): string {
  return [idPrefix, ...pointerSegments(pointer)].join('_');
}

/**
 * Focuses the first form control for the field at `pointer` inside `form`:
 * the element with the field's id, else the first control whose id starts
 * with it (radio and checkbox groups number their options).
 */
export function focusField(form: HTMLElement | null, idPrefix: string, pointer: string): boolean {
  if (!form) return false;
  const id = fieldIdFor(idPrefix, pointer);
  const exact = form.ownerDocument.getElementById(id);
  const target =
    exact && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(exact.tagName)
      ? exact
      : form.querySelector<HTMLElement>(`[id^="${CSS.escape(id)}"]:is(input, select, textarea)`);
  if (!target) return false;
  target.focus();
  return true;
}
