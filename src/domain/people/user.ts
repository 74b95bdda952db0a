// An internal user (issue 8 "People and roles"): roles, a clearance (U/C/S/TS, DOMAIN.md §2)
// and compartments (need to know). Partner accounts are a different thing (domain/partners).
import { CLASSIFICATIONS, type Classification } from '../markings/model.ts';
import type { Role } from '../warning/roles.ts';
import { isRole } from './permissions.ts';

export type Clearance = Classification;

export interface UserProfile {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly clearance: Clearance;
  /** Compartments and other controls the user is read into, upper case, sorted. */
  readonly compartments: readonly string[];
}

export interface ProfileIssue {
  readonly field: 'username' | 'displayName' | 'roles' | 'clearance' | 'compartments';
  readonly message: string;
}

export type ProfileResult = { readonly ok: true; readonly profile: UserProfile } | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

/** Lower-case login names: no spaces, no look-alike tricks, usable in an audit actor (`user:<name>`). */
const USERNAME = /^[a-z][a-z0-9._-]{1,63}$/;
/** A control as banners write it (`SI`, `TK`, `HCS-P`, `ACCM ALPHA`). */
const COMPARTMENT = /^[A-Z0-9][A-Z0-9 _/-]{0,63}$/;

export function normaliseUsername(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Controls are compared the way the marking parser normalises them: trimmed, upper case, single spaces. */
export function normaliseCompartment(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}

export function isClearance(value: unknown): value is Clearance {
  return CLASSIFICATIONS.some((c) => c === value);
}

export interface ProfileInput {
  readonly username: unknown;
  readonly displayName?: unknown;
  readonly roles: unknown;
  readonly clearance: unknown;
  readonly compartments?: unknown;
}

/** Checks and normalises a profile from untrusted input (CLI flags, an API body). */
export function checkProfile(input: ProfileInput): ProfileResult {
  const issues: ProfileIssue[] = [];
  const username = typeof input.username === 'string' ? normaliseUsername(input.username) : '';
  if (!USERNAME.test(username)) {
    issues.push({ field: 'username', message: 'a username is 2-64 characters: a lower-case letter, then letters, digits, dot, dash or underscore' });
  }
  const rawName = input.displayName === undefined ? username : input.displayName;
  const displayName = typeof rawName === 'string' ? rawName.trim() : '';
  if (displayName === '' || displayName.length > 200 || /[\u0000-\u001f\u007f]/.test(displayName)) {
    issues.push({ field: 'displayName', message: 'a display name is 1-200 characters without control characters' });
  }
  const roles = Array.isArray(input.roles) ? input.roles : [];
  if (roles.length === 0) issues.push({ field: 'roles', message: 'a user needs at least one role' });
  for (const role of roles) {
    if (!isRole(role)) issues.push({ field: 'roles', message: `unknown role ${JSON.stringify(role)}` });
  }
  if (!isClearance(input.clearance)) {
    issues.push({ field: 'clearance', message: `clearance must be one of ${CLASSIFICATIONS.join(', ')}` });
  }
  const rawCompartments = input.compartments ?? [];
  const compartments: string[] = [];
  if (!Array.isArray(rawCompartments)) issues.push({ field: 'compartments', message: 'compartments must be a list' });
  else {
    for (const c of rawCompartments) {
      const name = typeof c === 'string' ? normaliseCompartment(c) : '';
      if (!COMPARTMENT.test(name)) issues.push({ field: 'compartments', message: `not a compartment name: ${JSON.stringify(c)}` });
      else compartments.push(name);
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    profile: {
      username,
      displayName,
      roles: [...new Set(roles as Role[])],
      clearance: input.clearance as Clearance,
      compartments: [...new Set(compartments)].sort(),
    },
  };
}
