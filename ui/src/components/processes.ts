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
  detailCache = null;
}

/** Distinct fields of action of the given processes, in order of appearance. */
export function fieldsOf(processes: DefinitionSummary[]): string[] {
  return [...new Set(processes.map((p) => p.fieldOfAction).filter((f): f is string => !!f))];
}

let detailCache: Promise<DefinitionDetail[]> | null = null;

/**
 * The documents of the published processes (newest version each), loaded once
 * per page load: they say who may start a process and whether it starts
 * inside a parent case, which the summaries do not.
 */
export function usePublishedDetails(): AsyncState<DefinitionDetail[]> {
  return useAsync(() => {
    detailCache ??= api
      .definitions('published')
      .then((r) => Promise.all(latestPublished(r.items).map((p) => api.definition(p.key, p.version))))
      .catch((e: unknown) => {
        detailCache = null;
        throw e;
      });
    return detailCache;
  }, []);
}

/** Whether `user` may start cases of `d` (the engine's rule: admin, or a role of the process). */
export function mayStart(user: User | null, d: DefinitionDetail): boolean {
  return !!user && (user.roles.includes('admin') || d.body.roles.some((r) => user.roles.includes(r)));
}
