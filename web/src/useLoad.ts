// Loads one API resource for a component: loading, data or a failure to show, and the
// request cancelled when the inputs change or the component goes away.
import { useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiFailure, ApiResult } from './api.ts';
import { takeArrivedEarly } from './earlyReads.ts';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ok'; readonly data: T }
  | { readonly state: 'error'; readonly error: ApiFailure };

/**
 * `revision` (useLiveRevision) re-reads the resource in place: what is shown stays until the
 * new answer arrives, so a live update does not blank the view.
 *
 * `earlyUrl`: the URL the first load reads, when the page may have read it early (api.ts
 * readEarly, earlyReads.ts). If that answer is already here the first render shows it, with
 * no loading state and no request; if it is still on its way, the first load waits for it
 * (the request takes it) instead of asking again.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<ApiResult<T>>, deps: DependencyList, revision = 0, earlyUrl?: string): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>(() => {
    const early = earlyUrl === undefined ? undefined : takeArrivedEarly<T>(earlyUrl);
    return early === undefined ? { state: 'loading' } : { state: 'ok', data: early };
  });
  const shownRevision = useRef(revision);
  // The first render already shows the early answer: the first effect has nothing to load.
  const loadedEarly = useRef(loaded.state === 'ok');
  useEffect(() => {
    if (loadedEarly.current) {
      loadedEarly.current = false;
      return undefined;
    }
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
