// Who is signed in, and what their roles let them do. The UI hides what a role cannot do
// (the `permissions` list the server sends); the API still checks every request itself.
import { createContext, useContext } from 'react';
import type { MeResponse, PermissionName, RoleName, UserJson } from '../../../src/http/wire.ts';

export interface Session {
  readonly user: UserJson;
  readonly permissions: ReadonlySet<PermissionName>;
  readonly via: 'session' | 'token';
}

export interface SessionValue {
  readonly session: Session;
  /** Whether the user's roles grant this permission. */
  can(permission: PermissionName): boolean;
  /** Whether the user holds this role (the warning workflow decides by role, DOMAIN.md §1). */
  holds(role: RoleName): boolean;
  signOut(): Promise<void>;
}

export function sessionFrom(me: Pick<MeResponse, 'user' | 'permissions'> & { readonly via?: 'session' | 'token' }): Session {
  return { user: me.user, permissions: new Set(me.permissions), via: me.via ?? 'session' };
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside the signed-in shell');
  return value;
}

export const ROLE_LABELS: Readonly<Record<RoleName, string>> = {
  analyst: 'Analyst',
  duty_to_warn_officer: 'Duty-to-warn officer',
  legal_counsel: 'Legal counsel',
  foreign_disclosure_officer: 'Foreign disclosure officer',
  originator: 'Originator',
  delivery_officer: 'Delivery officer',
  oversight: 'Oversight',
  administrator: 'Administrator',
};

export const CLEARANCE_LABELS: Readonly<Record<string, string>> = {
  U: 'Unclassified',
  C: 'Confidential',
  S: 'Secret',
  TS: 'Top Secret',
};
