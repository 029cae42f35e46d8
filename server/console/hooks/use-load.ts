import { useCallback, useEffect, useState } from 'react';
import { ConsoleApiError } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  error: ConsoleApiError | null;
  loading: boolean;
  reload(): void;
}

/** Loads once per `key` and on reload(); a page's one way to read the server. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ConsoleApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` reads
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: null, error: asApiError(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function asApiError(e: unknown): ConsoleApiError {
  return e instanceof ConsoleApiError
    ? e
    : new ConsoleApiError(0, { code: 'INTERNAL', zh: String(e), en: String(e), details: {} });
}
