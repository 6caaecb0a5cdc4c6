import { createContext, createElement, useContext, useState, useSyncExternalStore, type ReactNode } from 'react';
import { produce, type Draft } from 'immer';
import { api, ApiError } from '../api/client.js';
import type { DefinitionDocument, DefinitionSummary, ErrorDetail } from '../api/types.js';

/**
 * The studio's one in-memory definition document and its edit history.
 *
 * Every editor of the definition page (forms, statechart, access, JSON, ...)
 * reads `document` and changes it only through `update` (or `replace`), so
 * all views stay in sync and undo/redo covers every edit. The document is the
 * same JSON `POST /api/definitions` imports; editors must keep what they do
 * not understand untouched. See ./model/README.md for the contract.
 */
export interface DefinitionDraft {
  /** The document as edited now (immutable: never mutate it, use `update`). */
  document: DefinitionDocument;
  /** The document as last loaded or saved. */
  saved: DefinitionDocument;
  /** Status of the loaded version: editing a published one saves a draft of the next version. */
  status: 'draft' | 'published';
  /** Whether `document` differs from `saved`. */
  dirty: boolean;
  canUndo: boolean;
  canRedo: boolean;
  /** A JSON pointer into the document some view asked to show (a lint problem's place); views may react to it. */
  focus: string | null;
  /**
   * Applies an immutable change: `recipe` gets an immer draft to mutate (or
   * returns a new document). One call is one undo step, except that
   * consecutive calls with the same `coalesce` tag (typing into one input)
   * make one step together.
   */
  update(recipe: (draft: Draft<DefinitionDocument>) => void | DefinitionDocument, options?: { coalesce?: string }): void;
  /** Replaces the whole document (the JSON view after a successful parse); one undo step. */
  replace(document: DefinitionDocument): void;
  undo(): void;
  redo(): void;
  /** Asks the views to show the element at this JSON pointer (or nothing). */
  setFocus(pointer: string | null): void;
  /**
   * Stores the document as a draft (`POST /api/definitions`): a draft
   * version is replaced in place; a published version is saved as a draft of
   * the next free version number. Resolves with the stored summary, or with
   * the server's problems (400 `DEFINITION_INVALID`); other errors throw.
   */
  save(): Promise<{ saved: DefinitionSummary; problems?: undefined } | { saved?: undefined; problems: ErrorDetail[] }>;
}

/** Undo steps kept. */
const HISTORY_LIMIT = 200;

interface State {
  past: DefinitionDocument[];
  present: DefinitionDocument;
  future: DefinitionDocument[];
  saved: DefinitionDocument;
  status: 'draft' | 'published';
  focus: string | null;
  /** The `coalesce` tag of the last update. */
  lastTag?: string;
}

/** The store behind {@link useDefinitionDraft}: framework-free so it can be tested without React. */
export interface DraftStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): DefinitionDraft;
}

/** Options of {@link createDraftStore}: the saving call can be replaced in tests. */
export interface DraftStoreOptions {
  importDefinition?: (doc: DefinitionDocument) => Promise<DefinitionSummary>;
  /** Versions of this key that exist (to find the next free number); defaults to `GET /api/definitions`. */
  versionsOf?: (key: string) => Promise<number[]>;
}

/** Creates a draft store for a loaded definition version. */
export function createDraftStore(document: DefinitionDocument, status: 'draft' | 'published', options: DraftStoreOptions = {}): DraftStore {
  const importDefinition = options.importDefinition ?? ((doc: DefinitionDocument) => api.importDefinition(doc));
  const versionsOf =
    options.versionsOf ?? (async (key: string) => (await api.definitions()).items.filter((d) => d.key === key).map((d) => d.version));
  let state: State = { past: [], present: document, future: [], saved: document, status, focus: null };
  const listeners = new Set<() => void>();

  const set = (next: State) => {
    state = next;
    snapshot = makeSnapshot();
    listeners.forEach((l) => l());
  };

  const commit = (next: DefinitionDocument, tag?: string) => {
    if (next === state.present) return;
    if (tag !== undefined && tag === state.lastTag && state.past.length) set({ ...state, present: next, future: [] });
    else set({ ...state, past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: next, future: [], lastTag: tag });
  };

  const methods = {
    update: (recipe: (draft: Draft<DefinitionDocument>) => void | DefinitionDocument, options: { coalesce?: string } = {}) =>
      commit(produce(state.present, recipe) as DefinitionDocument, options.coalesce),
    replace: (doc: DefinitionDocument) => commit(doc),
    undo: () => {
      const prev = state.past[state.past.length - 1];
      if (prev) set({ ...state, past: state.past.slice(0, -1), present: prev, future: [state.present, ...state.future], lastTag: undefined });
    },
    redo: () => {
      const [next, ...rest] = state.future;
      if (next) set({ ...state, past: [...state.past, state.present], present: next, future: rest, lastTag: undefined });
    },
    setFocus: (pointer: string | null) => set({ ...state, focus: pointer }),
    save: async () => {
      let doc = state.present;
      if (state.status === 'published') {
        const versions = await versionsOf(doc.key);
        const next = Math.max(doc.version, ...versions) + 1;
        doc = { ...doc, version: next };
      }
      try {
        const saved = await importDefinition(doc);
        set({ ...state, present: doc, saved: doc, status: 'draft' });
        return { saved };
      } catch (err) {
        if (err instanceof ApiError && err.code === 'DEFINITION_INVALID') return { problems: err.details };
        throw err;
      }
    },
  };

  const makeSnapshot = (): DefinitionDraft => ({
    document: state.present,
    saved: state.saved,
    status: state.status,
    dirty: state.present !== state.saved && JSON.stringify(state.present) !== JSON.stringify(state.saved),
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    focus: state.focus,
    ...methods,
  });
  let snapshot = makeSnapshot();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
  };
}

const DraftContext = createContext<DraftStore | null>(null);

/** Provides one draft store to the definition page's tabs; created once per mounted page. */
export function DraftProvider({ document, status, children }: { document: DefinitionDocument; status: 'draft' | 'published'; children: ReactNode }) {
  const [store] = useState(() => createDraftStore(document, status));
  return createElement(DraftContext.Provider, { value: store }, children);
}

/** The definition being edited on this page, with its undo history and save (see {@link DefinitionDraft}). */
export function useDefinitionDraft(): DefinitionDraft {
  const store = useContext(DraftContext);
  if (!store) throw new Error('useDefinitionDraft needs a <DraftProvider> (the definition page provides one)');
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
