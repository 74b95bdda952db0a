// A view whose code is loaded when it is first needed, so the bundle a page needs to draw the
// threat board does not carry every other view (issue 9: the board's first load). Unlike
// React.lazy, a view that has been preloaded renders at once, with no loading placeholder in
// between, so moving to it neither flashes nor loses the focus the shell gives its heading.
import { use, type ComponentType } from 'react';
import { Alert } from './components/Alert.tsx';

type Loaded<P> = { readonly ok: true; readonly Component: ComponentType<P> } | { readonly ok: false; readonly message: string };

export interface LazyView<P> {
  readonly Component: ComponentType<P>;
  /** Loads the view's code if it is not loaded yet. */
  preload(): Promise<unknown>;
}

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: Loaded<P> | undefined;
  let loading: Promise<Loaded<P>> | undefined;
  const preload = (): Promise<Loaded<P>> => {
    loading ??= load().then(
      (Component): Loaded<P> => (loaded = { ok: true, Component }),
      // Typically a bundle replaced by a newer build while this page was open.
      (error: unknown): Loaded<P> => (loaded = { ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
    return loading;
  };
  function LazyComponent(props: P) {
    // Suspends (the shell's Suspense shows a placeholder) until the code is here.
    const view = loaded ?? use(preload());
    if (!view.ok) {
      return (
        <Alert tone="error" title="This view could not be loaded">
          <p>Reload the page to load the current version of the workbench. ({view.message})</p>
        </Alert>
      );
    }
    return <view.Component {...props} />;
  }
  return { Component: LazyComponent, preload };
}
