// Who acts on a warning case (DOMAIN.md §1 "Roles"). Authority comes from roles held, never
// from being an administrator: an administrator manages accounts, and may approve only
// when they also hold the approving role.

export const ROLES = [
  'analyst',
  'duty_to_warn_officer',
  'legal_counsel',
  'foreign_disclosure_officer',
  'originator',
  'delivery_officer',
  'oversight',
  'administrator',
] as const;
export type Role = (typeof ROLES)[number];

/** A person signed in to Tearline. */
export interface UserActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly roles: readonly Role[];
}

/**
 * A machine: the deadline scheduler or the delivery dispatcher. It holds no role, so it can
 * never approve anything; it may only escalate a breached deadline, re-open a waiver whose
 * re-review date has come, and record what a machine channel (TAXII, webhook, email) did.
 */
export interface SystemActor {
  readonly kind: 'system';
  readonly systemId: string;
}

export type Actor = UserActor | SystemActor;

export function holds(actor: UserActor, role: Role): boolean {
  return actor.roles.includes(role);
}

/** The identifier written into records and events: the user id, or `system:<id>`. */
export function actorId(actor: Actor): string {
  return actor.kind === 'user' ? actor.userId : `system:${actor.systemId}`;
}

/** Oversight sees everything, including waivers, and can do nothing (DOMAIN.md §1). */
export function isReadOnly(actor: UserActor): boolean {
  return actor.roles.every((role) => role === 'oversight');
}

function isRole(value: unknown): value is Role {
  return ROLES.some((role) => role === value);
}

/** Run-time check of an actor handed in by the application layer. */
export function isActor(value: unknown): value is Actor {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (candidate.kind === 'system') {
    return typeof candidate.systemId === 'string' && candidate.systemId.length > 0;
  }
  return (
    candidate.kind === 'user' &&
    typeof candidate.userId === 'string' &&
    candidate.userId.trim().length > 0 &&
    Array.isArray(candidate.roles) &&
    candidate.roles.every(isRole)
  );
}
