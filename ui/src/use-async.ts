import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

/** The state of one loaded resource. */
export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again (after a change); keeps the old data visible meanwhile. */
  reload: () => void;
  /** Replaces the data locally (e.g. with a server answer). */
  set: (data: T) => void;
}

/**
 * Runs `load` when `deps` change and tracks its result; answers of outdated
 * runs are dropped, so a fast filter change never shows stale rows.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const id = ++run.current;
    setLoading(true);
    setError(undefined);
    load().then(
      (d) => {
        if (id !== run.current) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (id !== run.current) return;
        setError(e);
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
