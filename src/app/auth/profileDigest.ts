// What the audit log proves about a user before and after a change: a digest of the profile
// and its state, never of the credentials.
import { digestOf } from '../audit/digest.ts';
import type { UserRecord } from '../ports/users.ts';

export function profileDigest(user: UserRecord): string {
  return digestOf({
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles].sort(),
    clearance: user.clearance,
    compartments: [...user.compartments],
    disabled: user.disabled,
  });
}

export function userSubject(username: string): string {
  return `user:${username}`;
}
