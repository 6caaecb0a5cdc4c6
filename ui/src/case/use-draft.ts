import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.js';

/** A half-filled form of one case. */
export interface DraftValue {
  form: string;
  data: unknown;
  savedAt: string;
}

interface LocalDraft extends DraftValue {
  /** Whether the server has this version too. */
  synced: boolean;
}

/** Where the draft is: being saved, saved on the server, only on this device, or failed. */
export type DraftStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'local'; at: string };

const DEBOUNCE_MS = 800;
const storageKey = (userId: string, caseId: string) => `agora.draft.${userId}.${caseId}`;

function readLocal(key: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as LocalDraft) : null;
  } catch {
    return null;
  }
}

function writeLocal(key: string, value: LocalDraft | null): void {
  try {
    if (value) localStorage.setItem(key, JSON.stringify(value));
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the server copy still exists.
  }
}

/**
 * Keeps a case's half-filled form safe: every change is mirrored to
 * localStorage at once and sent to `PUT /api/cases/:id/draft` after a pause
 * in typing. On load the newer of the server and the local copy wins; a
 * local copy the server never got is sent again when the connection is back.
 */
export function useDraft(caseId: string, userId: string) {
  const key = storageKey(userId, caseId);
  const [initial, setInitial] = useState<DraftValue | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<DraftStatus>({ kind: 'idle' });
  const timer = useRef<number | undefined>(undefined);
  const pending = useRef<LocalDraft | null>(null);

  const push = useCallback(
    async (draft: LocalDraft) => {
      setStatus({ kind: 'saving' });
      try {
        await api.putDraft(caseId, draft.form, draft.data);
        const current = readLocal(key);
        if (current && current.savedAt === draft.savedAt) writeLocal(key, { ...draft, synced: true });
        setStatus({ kind: 'saved', at: new Date().toISOString() });
      } catch {
        // Offline or refused: the copy on this device stays and is sent again later.
        setStatus({ kind: 'local', at: draft.savedAt });
      }
    },
    [caseId, key],
  );

  useEffect(() => {
    let alive = true;
    setLoaded(false);
    const local = readLocal(key);
    api.getDraft(caseId).then(
      (server) => {
        if (!alive) return;
        const serverDraft: DraftValue = { form: server.form, data: server.data, savedAt: server.updatedAt };
        if (local && !local.synced && local.savedAt > server.updatedAt) {
          setInitial(local);
          void push(local);
        } else {
          setInitial(serverDraft);
          writeLocal(key, { ...serverDraft, synced: true });
        }
        setLoaded(true);
      },
      (err: unknown) => {
        if (!alive) return;
        const offline = err instanceof ApiError && err.status === 0;
        if (local && (offline || !local.synced)) {
          // The server has none (or is unreachable): the local copy is all there is.
          setInitial(local);
          if (!offline) void push(local);
          else setStatus({ kind: 'local', at: local.savedAt });
        } else {
          setInitial(null);
          if (local) writeLocal(key, null);
        }
        setLoaded(true);
      },
    );
    return () => {
      alive = false;
    };
  }, [caseId, key, push]);

  useEffect(() => {
    const retry = () => {
      const local = readLocal(key);
      if (local && !local.synced) void push(local);
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [key, push]);

  // Leaving the page sends what is still waiting for the pause in typing.
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (pending.current) void push(pending.current);
    },
    [push],
  );

  const save = useCallback(
    (form: string, data: unknown) => {
      const draft: LocalDraft = { form, data, savedAt: new Date().toISOString(), synced: false };
      writeLocal(key, draft);
      pending.current = draft;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        pending.current = null;
        void push(draft);
      }, DEBOUNCE_MS);
    },
    [key, push],
  );

  /** Forgets the draft here and (unless the server already did, after an event) there. */
  const clear = useCallback(
    async (alsoServer: boolean) => {
      window.clearTimeout(timer.current);
      pending.current = null;
      writeLocal(key, null);
      setInitial(null);
      setStatus({ kind: 'idle' });
      if (alsoServer) {
        try {
          await api.deleteDraft(caseId);
        } catch {
          // Nothing to delete, or offline: the next successful event deletes it anyway.
        }
      }
    },
    [caseId, key],
  );

  return { initial, loaded, status, save, clear };
}
