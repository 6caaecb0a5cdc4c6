import { api } from '../api/client.js';
import type { Organisation } from '../api/organisation-types.js';
import type { LocalizedText } from '../api/types.js';
import { humanize } from '../forms/schema-titles.js';
import type { MessageKey } from '../i18n/messages.js';
import { useAsync, type AsyncState } from '../use-async.js';

/**
 * The kinds of organisation the office works with (DESIGN.md, "Organisations
 * and access"), in the order the admin page offers them. The API accepts
 * other kinds too; those are shown by their key.
 */
export const ORGANISATION_KINDS = ['kita', 'grundschule', 'hort', 'schule', 'bpunkt', 'betrieb', 'kursort', 'partner', 'traeger', 'amt'] as const;

/** The message key of a kind's label (`org.kind.kita` = „Kita“). */
export function kindMessage(kind: string): MessageKey | null {
  return (ORGANISATION_KINDS as readonly string[]).includes(kind) ? (`org.kind.${kind}` as MessageKey) : null;
}

/** A kind's label in the UI language; unknown kinds are made readable from their key. */
export function kindLabel(kind: string, t: (key: MessageKey) => string): string {
  const key = kindMessage(kind);
  return key ? t(key) : humanize(kind);
}

/** Folds case and German umlauts/accents so „sonnenschein“ finds „Kita Sonnenschein“ and „grun“ finds „Grün“. */
export function fold(text: string): string {
  return text
    .toLocaleLowerCase('de')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Whether an organisation matches a search: every word occurs in its German or English title or its key. */
export function matchesSearch(o: { key: string; title: LocalizedText }, search: string): boolean {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = fold(`${o.title.de} ${o.title.en ?? ''} ${o.key}`);
  return words.every((w) => hay.includes(w));
}

/** Sorts organisations by their title in the UI language (German collation). */
export function byTitle(lang: 'de' | 'en'): (a: Organisation, b: Organisation) => number {
  return (a, b) => ((lang === 'en' && a.title.en) || a.title.de).localeCompare((lang === 'en' && b.title.en) || b.title.de, 'de');
}

let cache: Promise<Organisation[]> | null = null;

/**
 * The tenant's active organisations, loaded once per page load (for pickers
 * and titles); {@link forgetOrganisations} after a change.
 */
export function useOrganisations(): AsyncState<Organisation[]> {
  return useAsync(() => {
    cache ??= api
      .organisations()
      .then((r) => r.items)
      .catch((e: unknown) => {
        cache = null;
        throw e;
      });
    return cache;
  }, []);
}

/** Forgets the cached list (after an administrator created or changed an organisation). */
export function forgetOrganisations(): void {
  cache = null;
}
