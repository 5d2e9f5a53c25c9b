import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" class="muted">
      Loading {what}…
    </p>
  );
}

/** An error as the user should read it: the service's own message, and what to do for the common cases. */
export function ErrorNotice({ error, children }: { error: unknown; children?: ComponentChildren }) {
  return (
    <div role="alert" class="notice error">
      <p>{describeError(error)}</p>
      {children}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const from = error.service ? `The ${error.service} service` : 'The console';
    if (error.status === 403) return `${from} refused: ${error.message}`;
    if (error.status === 502 || error.status === 504) return error.message;
    return error.status >= 500 ? `${from} failed (${error.status}): ${error.message}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs `load` when `deps` change and keeps its latest answer; an answer that arrives after the deps
 * changed again is dropped, so a slow page never overwrites a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setState((previous) => ({ data: previous.data, loading: true }));
    load().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error: unknown) => call === latest.current && setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
