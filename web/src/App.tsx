// The shell: classification banners around everything; who is signed in decides what is
// between them: the sign-in form, the one-time password change, or the workbench (top bar,
// navigation, the current view).
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import type { PermissionName, RoleName } from '../../src/http/wire.ts';
import { fetchMe, logout, setCsrfToken, UNAUTHENTICATED_EVENT } from './api.ts';
import { BrandMark } from './components/BrandMark.tsx';
import { ClassificationBanner } from './components/ClassificationBanner.tsx';
import { NotAvailable } from './components/NotAvailable.tsx';
import { ServerStatus } from './components/ServerStatus.tsx';
import { UserMenu } from './components/UserMenu.tsx';
import { ViewHeader } from './components/ViewHeader.tsx';
import { Navigation } from './Navigation.tsx';
import { hrefFor, useHashRoute, type Route } from './routing.ts';
import { SessionContext, sessionFrom, type Session, type SessionValue } from './session/session.ts';
import { SYSTEM_MARKING } from './systemMarking.ts';
import { ChangePasswordView } from './views/ChangePasswordView.tsx';
import { SignInView } from './views/SignInView.tsx';
import { defaultViewFor, findView, mayOpen, type ViewDefinition } from './views.tsx';

type Gate =
  | { readonly state: 'checking' }
  | { readonly state: 'signed-out'; readonly notice?: string }
  | { readonly state: 'must-change'; readonly session: Session }
  | { readonly state: 'signed-in'; readonly session: Session };

export function App() {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });

  const enter = useCallback((session: Session, csrf: string | undefined): void => {
    setCsrfToken(csrf);
    setGate(session.user.mustChangePassword ? { state: 'must-change', session } : { state: 'signed-in', session });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void fetchMe(controller.signal).then((me) => {
      if (controller.signal.aborted) return;
      if (me.ok) enter(sessionFrom(me.data), me.data.csrfToken);
      else setGate({ state: 'signed-out', ...(me.status === 401 ? {} : { notice: me.message }) });
    });
    return () => controller.abort();
  }, [enter]);

  useEffect(() => {
    const ended = (): void => {
      setCsrfToken(undefined);
      setGate({ state: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' });
    };
    window.addEventListener(UNAUTHENTICATED_EVENT, ended);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, ended);
  }, []);

  const signOut = useCallback(async (): Promise<void> => {
    await logout();
    setCsrfToken(undefined);
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
  return <view.Component key={view.id} route={route} />;
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
