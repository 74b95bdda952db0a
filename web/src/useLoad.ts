// Loads one API resource for a component: loading, data or a failure to show, and the
// request cancelled when the inputs change or the component goes away.
import { useEffect, useState, type DependencyList } from 'react';
import type { ApiFailure, ApiResult } from './api.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly error: ApiFailure };

export function useLoad<T>(load: (signal: AbortSignal) => Promise<ApiResult<T>>, deps: DependencyList): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ state: 'loading' });
    void load(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded(result.ok ? { state: 'ok', data: result.data } : { state: 'error', error: result });
    });
    return () => controller.abort();
    // The caller names what the load depends on, as with useEffect itself.
  }, deps);
  return loaded;
}
