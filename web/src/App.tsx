// The shell: classification banners around everything; who is signed in decides what is
// between them: the sign-in form, the one-time password change, or the workbench (top bar,
// navigation, the current view).
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { MeResponse, PermissionName, RoleName } from '../../src/http/wire.ts';
import { fetchMe, logout, setCsrfToken, UNAUTHENTICATED_EVENT, type ApiResult } from './api.ts';
import { takeArrivedSession, takeBootSession } from './boot.ts';
import { dropEarlyReads } from './earlyReads.ts';
import { BrandMark } from './components/BrandMark.tsx';
import { ClassificationBanner } from './components/ClassificationBanner.tsx';
import { NotAvailable } from './components/NotAvailable.tsx';
import { ServerStatus } from './components/ServerStatus.tsx';
import { UserMenu } from './components/UserMenu.tsx';
import { ViewHeader } from './components/ViewHeader.tsx';
import { Navigation } from './Navigation.tsx';
import { hrefFor, type Route } from './routing.ts';
import { SessionContext, sessionFrom, type Session, type SessionValue } from './session/session.ts';
import { SYSTEM_MARKING } from './systemMarking.ts';
import { useHashRoute } from './useHashRoute.ts';
import { ChangePasswordView } from './views/ChangePasswordView.tsx';
import { SignInView } from './views/SignInView.tsx';
import { defaultViewFor, findView, mayOpen, preloadViews, type ViewDefinition } from './views.tsx';

type Gate =
  | { readonly state: 'checking' }
  | { readonly state: 'signed-out'; readonly notice?: string }
  | { readonly state: 'must-change'; readonly session: Session }
  | { readonly state: 'signed-in'; readonly session: Session };

/** Who the session answer says is here; the answer that arrived at boot is used at once. */
function gateFor(me: ApiResult<MeResponse> | undefined): Gate {
  if (me === undefined) return { state: 'checking' };
  if (!me.ok) return { state: 'signed-out', ...(me.status === 401 ? {} : { notice: me.message }) };
  const session = sessionFrom(me.data);
  return session.user.mustChangePassword ? { state: 'must-change', session } : { state: 'signed-in', session };
}

/** `arrived`: the session answer to draw with, on the server (server/drawFirstView.tsx); in the browser, boot.ts's. */
export function App({ arrived }: { readonly arrived?: ApiResult<MeResponse> } = {}) {
  // When boot.ts's GET /api/auth/me has already answered, the first render shows the workbench.
  const [gate, setGate] = useState<Gate>(() => gateFor(arrived ?? takeArrivedSession()));
  const checking = useRef(gate.state === 'checking');

  const enter = useCallback((session: Session, csrf: string | undefined): void => {
    setCsrfToken(csrf);
    setGate(session.user.mustChangePassword ? { state: 'must-change', session } : { state: 'signed-in', session });
  }, []);

  useEffect(() => {
    if (!checking.current) return undefined;
    const controller = new AbortController();
    void (takeBootSession() ?? fetchMe(controller.signal)).then((me) => {
      if (controller.signal.aborted) return;
      if (me.ok) enter(sessionFrom(me.data), me.data.csrfToken);
      else setGate(gateFor(me));
    });
    return () => controller.abort();
  }, [enter]);

  useEffect(() => {
    const ended = (): void => {
      setCsrfToken(undefined);
      dropEarlyReads();
      setGate({ state: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' });
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, ended);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, ended);
  }, []);

  const signOut = useCallback(async (): Promise<void> => {
    await logout();
    setCsrfToken(undefined);
    dropEarlyReads();
    // The next person to sign in starts at the start page, not at this one's last view.
    window.history.replaceState(null, '', window.location.pathname);
    setGate({ state: 'signed-out', notice: 'You have signed out.' });
  }, []);

  return (
    <div className="shell">
      <ClassificationBanner level={SYSTEM_MARKING.level} text={SYSTEM_MARKING.text} />
      {gate.state === 'checking' ? <div className="gate-loading muted">Loading the workbench…</div> : null}
      {gate.state === 'signed-out' ? (
        <SignInView notice={gate.notice} onSignedIn={(answer) => enter(sessionFrom(answer), answer.csrfToken)} />
      ) : null}
      {gate.state === 'must-change' ? (
        <ChangePasswordView
          user={gate.session.user}
          forced
          onChanged={() => setGate({ state: 'signed-in', session: { ...gate.session, user: { ...gate.session.user, mustChangePassword: false } } })}
          onSignOut={() => void signOut()}
        />
      ) : null}
      {gate.state === 'signed-in' ? <Workbench session={gate.session} signOut={signOut} /> : null}
      <ClassificationBanner level={SYSTEM_MARKING.level} text={SYSTEM_MARKING.text} repeat />
    </div>
  );
}

function Workbench({ session, signOut }: { readonly session: Session; readonly signOut: () => Promise<void> }) {
  const value = useMemo<SessionValue>(
    () => ({
      session,
      can: (permission: PermissionName) => session.permissions.has(permission),
      holds: (role: RoleName) => session.user.roles.includes(role),
      signOut,
    }),
    [session, signOut],
  );
  const route = useHashRoute();
  const fallback = defaultViewFor(session.permissions);
  const viewId = route.view === '' ? fallback : route.view;
  const view = findView(viewId);
  useFocusOnViewChange(viewId);
  usePreloadedViews(session.permissions);
  useEffect(() => {
    document.title = `${view?.label ?? 'Not found'} · Tearline`;
  }, [view]);

  return (
    <SessionContext.Provider value={value}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <BrandMark />
          <span className="brand-name">Tearline</span>
          <span className="brand-sub">Analyst workbench</span>
        </div>
        <div className="topbar-right">
          <ServerStatus />
          <UserMenu />
        </div>
      </header>
      <div className="workspace">
        <Navigation currentId={view?.id} permissions={session.permissions} />
        <main id="main" className="main" tabIndex={-1}>
          {view === undefined ? <UnknownView id={viewId} fallback={fallback} /> : renderView(view, route, session.permissions)}
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function renderView(view: ViewDefinition, route: Route, permissions: ReadonlySet<PermissionName>): ReactNode {
  if (!mayOpen(view, permissions)) {
    return (
      <>
        <ViewHeader title={view.label} />
        <div className="card" data-testid="not-permitted">
          <p>Your roles do not include this view. It needs the <code>{view.requires}</code> permission.</p>
        </div>
      </>
    );
  }
  if (view.status === 'waiting') return <NotAvailable key={view.id} title={view.label} purpose={view.purpose} missing={view.missing} />;
  // A view whose code is not loaded yet (lazyView.tsx) shows this until it is.
  return (
    <Suspense key={view.id} fallback={<p className="muted loading">Loading {view.label.toLowerCase()}…</p>}>
      <view.Component route={route} />
    </Suspense>
  );
}

function UnknownView({ id, fallback }: { readonly id: string; readonly fallback: string }) {
  return (
    <>
      <ViewHeader title="Page not found" />
      <div className="card">
        <p>
          There is no view called <code>{id}</code>. Go to <a href={hrefFor(fallback)}>the start page</a>.
        </p>
      </div>
    </>
  );
}

/**
 * Keyboard and screen-reader users land on the new view's heading, not back at the top. A view
 * whose code is still loading has no heading yet: the focus goes to it when it appears.
 */
function useFocusOnViewChange(viewId: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const heading = document.getElementById('view-title');
    if (heading !== null) {
      heading.focus();
      return undefined;
    }
    const main = document.getElementById('main');
    if (main === null) return undefined;
    const watch = new MutationObserver(() => {
      const appeared = document.getElementById('view-title');
      if (appeared === null) return;
      watch.disconnect();
      appeared.focus();
    });
    watch.observe(main, { childList: true, subtree: true });
    return () => watch.disconnect();
  }, [viewId]);
}

/** Once the first view is on screen and the page is idle, the other views' code is fetched. */
function usePreloadedViews(permissions: ReadonlySet<PermissionName>): void {
  useEffect(() => {
    let cancelled = false;
    const preload = (): void => {
      if (!cancelled) void preloadViews(permissions);
    };
    if (typeof window.requestIdleCallback === 'function') {
      const handle = window.requestIdleCallback(preload, { timeout: 3000 });
      return () => {
        cancelled = true;
        window.cancelIdleCallback(handle);
      };
    }
    const timer = window.setTimeout(preload, 1000);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [permissions]);
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>): void {
  // The hash is the router's; focus the main region without touching it.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
