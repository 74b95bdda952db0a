// The signed-in user in the top bar: name, roles and clearance at a glance; a menu with the
// account's details, changing the password and signing out.
import { useEffect, useRef, useState } from 'react';
import { CLEARANCE_LABELS, ROLE_LABELS, useSession } from '../session/session.ts';
import { ChangePasswordView } from '../views/ChangePasswordView.tsx';
import { Modal } from './Modal.tsx';

export function UserMenu() {
  const { session, signOut } = useSession();
  const { user } = session;
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [changed, setChanged] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent): void => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const roles = user.roles.map((role) => ROLE_LABELS[role]).join(', ');
  return (
    <div className="user-menu" ref={root}>
      <button type="button" className="user-button" aria-expanded={open} aria-haspopup="true" aria-controls="user-menu-panel" onClick={() => setOpen((o) => !o)} data-testid="user-menu">
        <span className="user-avatar" aria-hidden="true">
          {initials(user.displayName || user.username)}
        </span>
        <span className="user-text">
          <span className="user-name">{user.displayName || user.username}</span>
          <span className="user-roles">{roles}</span>
        </span>
        <span className={`clearance-tag clearance-${user.clearance.toLowerCase()}`} title={`Clearance: ${CLEARANCE_LABELS[user.clearance] ?? user.clearance}`}>
          {user.clearance}
        </span>
      </button>
      {open ? (
        <div id="user-menu-panel" className="user-panel" role="region" aria-label="Your account">
          <dl className="user-facts">
            <dt>Username</dt>
            <dd>{user.username}</dd>
            <dt>Roles</dt>
            <dd>{roles || '—'}</dd>
            <dt>Clearance</dt>
            <dd>{CLEARANCE_LABELS[user.clearance] ?? user.clearance}</dd>
            <dt>Compartments</dt>
            <dd>{user.compartments.length === 0 ? 'none' : user.compartments.join(', ')}</dd>
          </dl>
          {changed ? <p className="hint">Your password was changed.</p> : null}
          <div className="user-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setOpen(false);
                setChanging(true);
              }}
            >
              Change password
            </button>
            <button type="button" className="button button-danger" onClick={() => void signOut()} data-testid="sign-out">
              Sign out
            </button>
          </div>
        </div>
      ) : null}
      {changing ? (
        <Modal label="Change password" onClose={() => setChanging(false)}>
          <ChangePasswordView
            user={user}
            forced={false}
            onCancel={() => setChanging(false)}
            onChanged={() => {
              setChanging(false);
              setChanged(true);
            }}
          />
        </Modal>
      ) : null}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter((p) => p !== '');
  const letters = parts.length >= 2 ? `${parts[0]?.[0] ?? ''}${parts[parts.length - 1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}
