// How actors are written in audit entries (app/ports/audit.ts AuditDraft.actor). One spelling
// per kind of actor, so oversight can filter by it.

/** A signed-in internal user. */
export function userActor(username: string): string {
  return `user:${username}`;
}

/**
 * The local operator running `tearline` on the database file. The CLI acts with the operator's
 * authority over that file (whoever can write the file can change anything in it), so it needs
 * no login; the entry names the operating-system account that ran it.
 */
export function cliActor(osUsername: string): string {
  const name = osUsername.trim();
  return `cli:${name === '' ? 'unknown' : name}`;
}

/** A part of Tearline acting on its own (first start, schedulers, the demo loader). */
export function systemActor(component: string): string {
  return `system:${component}`;
}

/** Someone not (yet) identified: a failed login names no account it could not verify. */
export const ANONYMOUS_ACTOR = 'anonymous';
