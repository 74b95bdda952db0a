// What each role may do, as data (issue 8 "Authorisation"). Roles are the duty-to-warn roles of
// DOMAIN.md §1 (domain/warning/roles.ts); this table only says which product actions they open.
// What a user may *see* is decided separately, by clearance and compartments (policy/).
import { ROLES, type Role } from '../warning/roles.ts';

export const PERMISSIONS = [
  /** Read stored STIX objects (what is visible still depends on clearance and compartments). */
  'objects.read',
  /** Store STIX input (bundles, imports). */
  'objects.ingest',
  /** Read warning cases and their timelines. */
  'warnings.read',
  /** Open and draft warning cases, screening records and warning texts. */
  'warnings.draft',
  /** Approve or refuse duty-to-warn decisions, waivers and releases (the workflow checks which role signs what). */
  'warnings.decide',
  /** Record deliveries and acknowledgements. */
  'warnings.deliver',
  /** Read waivers and their justifications. */
  'waivers.read',
  /** Read the audit log and verify its chain. */
  'audit.read',
  /** Read internal user accounts (never their credentials). */
  'users.read',
  /** Create, change, disable internal users; reset their passwords. */
  'users.manage',
  /** Manage partner accounts and profiles (TAXII and acknowledgements). */
  'partners.manage',
  /** Read the effective configuration (without secrets). */
  'config.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_INTELLIGENCE: readonly Permission[] = ['objects.read', 'warnings.read'];

/**
 * DOMAIN.md §1: the drafter never approves, so analysts draft and officers decide; oversight
 * is read-only and sees everything including waivers; an administrator manages accounts and
 * holds no workflow authority (roles.ts). Reading objects is open to every role: clearance
 * and compartments, not the role, decide which objects a reader sees.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  analyst: [...READ_INTELLIGENCE, 'objects.ingest', 'warnings.draft'],
  duty_to_warn_officer: [...READ_INTELLIGENCE, 'warnings.decide', 'waivers.read'],
  legal_counsel: [...READ_INTELLIGENCE, 'warnings.decide', 'waivers.read'],
  foreign_disclosure_officer: [...READ_INTELLIGENCE, 'warnings.decide'],
  originator: [...READ_INTELLIGENCE, 'warnings.decide'],
  delivery_officer: [...READ_INTELLIGENCE, 'warnings.deliver'],
  oversight: [...READ_INTELLIGENCE, 'waivers.read', 'audit.read', 'users.read', 'config.read'],
  administrator: ['objects.read', 'audit.read', 'users.read', 'users.manage', 'partners.manage', 'config.read'],
};

export function isPermission(value: unknown): value is Permission {
  return PERMISSIONS.some((p) => p === value);
}

export function isRole(value: unknown): value is Role {
  return ROLES.some((r) => r === value);
}

/** Every permission the roles open together. */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

/** Roles that open a permission (for error messages and the route table test). */
export function rolesGranting(permission: Permission): readonly Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
