import { api } from '../api/client.js';
import type { DefinitionDetail, DefinitionSummary, User } from '../api/types.js';
import { FIELDS_OF_ACTION, type Lang } from '../i18n/messages.js';
import { humanize } from '../forms/schema-titles.js';
import { useAsync, type AsyncState } from '../use-async.js';

/** The title of a field of action (Handlungsfeld) by its key; unknown keys are made readable. */
export function fieldOfActionTitle(key: string | null, lang: Lang): string {
  if (!key) return '–';
  const known = FIELDS_OF_ACTION[key];
  return known ? known[lang] : humanize(key);
}

/**
 * Published processes, newest version per key (what people can start and
 * filter by), sorted by title.
 */
export function latestPublished(items: DefinitionSummary[]): DefinitionSummary[] {
  const byKey = new Map<string, DefinitionSummary>();
  for (const d of items) {
    if (d.status !== 'published') continue;
    const seen = byKey.get(d.key);
    if (!seen || seen.version < d.version) byKey.set(d.key, d);
  }
  return [...byKey.values()].sort((a, b) => a.title.de.localeCompare(b.title.de, 'de'));
}

let cache: Promise<DefinitionSummary[]> | null = null;

/** Published processes, loaded once per page load. */
export function usePublishedProcesses(): AsyncState<DefinitionSummary[]> {
  return useAsync(() => {
    cache ??= api.definitions('published').then((r) => latestPublished(r.items)).catch((e: unknown) => {
      cache = null;
      throw e;
    });
    return cache;
  }, []);
}

/** Forgets the cached list (after publishing a new process). */
export function forgetProcesses(): void {
  cache = null;
  detailCache.clear();
}

/** Distinct fields of action of the given processes, in order of appearance. */
export function fieldsOf(processes: DefinitionSummary[]): string[] {
  return [...new Set(processes.map((p) => p.fieldOfAction).filter((f): f is string => !!f))];
}

const detailCache = new Map<string, Promise<DefinitionDetail[]>>();

/**
 * The documents of the published processes whose cases belong to a case of
 * `parentKey` (newest version each), loaded once per page load: the case page
 * reads their place limits from them. Only these few bodies are fetched; who
 * may start what comes from the summaries (`roles`, `parent`, `parentRequired`).
 */
export function useChildDetails(parentKey: string | undefined): AsyncState<DefinitionDetail[]> {
  return useAsync(() => {
    if (!parentKey) return Promise.resolve([]);
    let found = detailCache.get(parentKey);
    if (!found) {
      found = api
        .definitions('published')
        .then((r) => Promise.all(latestPublished(r.items).filter((p) => p.parent === parentKey).map((p) => api.definition(p.key, p.version))))
        .catch((e: unknown) => {
          detailCache.delete(parentKey);
          throw e;
        });
      detailCache.set(parentKey, found);
    }
    return found;
  }, [parentKey]);
}

/** Whether `user` may start cases of `d` (the engine's rule: admin, or a role of the process). */
export function mayStart(user: User | null, d: DefinitionSummary): boolean {
  return !!user && (user.roles.includes('admin') || d.roles.some((r) => user.roles.includes(r)));
}
