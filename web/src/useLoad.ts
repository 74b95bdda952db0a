// Loads one API resource for a component: loading, data or a failure to show, and the
// request cancelled when the inputs change or the component goes away.
import { useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiFailure, ApiResult } from './api.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly error: ApiFailure };

/**
 * `revision` (useLiveRevision) re-reads the resource in place: what is shown stays until the
 * new answer arrives, so a live update does not blank the view.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<ApiResult<T>>, deps: DependencyList, revision = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const shownRevision = useRef(revision);
  useEffect(() => {
    const controller = new AbortController();
    const refresh = shownRevision.current !== revision;
    shownRevision.current = revision;
    if (!refresh) setLoaded({ state: 'loading' });
    void load(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setLoaded(result.ok ? { state: 'ok', data: result.data } : { state: 'error', error: result });
    });
    return () => controller.abort();
    // The caller names what the load depends on, as with useEffect itself.
  }, [...deps, revision]);
  return loaded;
}
