// The shell: classification banners, top bar, navigation, and the current view.
import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { ClassificationBanner } from './components/ClassificationBanner.tsx';
import { NotAvailable } from './components/NotAvailable.tsx';
import { ServerStatus } from './components/ServerStatus.tsx';
import { ViewHeader } from './components/ViewHeader.tsx';
import { Navigation } from './Navigation.tsx';
import { hrefFor, useHashRoute, type Route } from './routing.ts';
import { SYSTEM_MARKING } from './systemMarking.ts';
import { DEFAULT_VIEW_ID, findView, type ViewDefinition } from './views.tsx';

export function App() {
  const route = useHashRoute();
  const viewId = route.view === '' ? DEFAULT_VIEW_ID : route.view;
  const view = findView(viewId);
  useFocusOnViewChange(viewId);
  useEffect(() => {
    document.title = `${view?.label ?? 'Not found'} · Tearline`;
  }, [view]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <ClassificationBanner level={SYSTEM_MARKING.level} text={SYSTEM_MARKING.text} />
      <header className="topbar">
        <div className="brand">
          <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="6" />
            <path d="M7 10h18M7 16h18" className="brand-line" />
            <path d="M7 22h18" className="brand-tear" />
          </svg>
          <span className="brand-name">Tearline</span>
          <span className="brand-sub">Analyst workbench</span>
        </div>
        <ServerStatus />
      </header>
      <div className="workspace">
        <Navigation currentId={view?.id} />
        <main id="main" className="main" tabIndex={-1}>
          {view === undefined ? <UnknownView id={viewId} /> : renderView(view, route)}
        </main>
      </div>
      <ClassificationBanner level={SYSTEM_MARKING.level} text={SYSTEM_MARKING.text} repeat />
    </div>
  );
}

function renderView(view: ViewDefinition, route: Route): ReactNode {
  if (view.status === 'waiting') return <NotAvailable key={view.id} title={view.label} purpose={view.purpose} missing={view.missing} />;
  return <view.Component key={view.id} route={route} />;
}

function UnknownView({ id }: { readonly id: string }) {
  return (
    <>
      <ViewHeader title="Page not found" />
      <div className="card">
        <p>
          There is no view called <code>{id}</code>. Go to <a href={hrefFor(DEFAULT_VIEW_ID)}>the objects browser</a>.
        </p>
      </div>
    </>
  );
}

/** Keyboard and screen-reader users land on the new view's heading, not back at the top. */
function useFocusOnViewChange(viewId: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('view-title')?.focus();
  }, [viewId]);
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  // The hash is the router's; focus the main region without touching it.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
