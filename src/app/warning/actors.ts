// Who acts on warning cases, as the domain sees them (domain/warning/roles.ts) and as the
// audit log spells them (app/audit/actors.ts): a signed-in user acts with the roles stored
// on their account; the scheduler and the intake act as the system, which holds no role.
import type { Actor, SystemActor, UserActor } from '../../domain/warning/index.ts';
import type { UserRecord } from '../ports/users.ts';

/** The deadline scheduler: may only escalate breaches and re-open at re-review dates. */
export const SCHEDULER_ACTOR: SystemActor = Object.freeze({ kind: 'system', systemId: 'warning-scheduler' });

/** Opens cases for threats fusion flagged as duty-to-warn candidates. */
export const INTAKE_ACTOR: SystemActor = Object.freeze({ kind: 'system', systemId: 'warning-intake' });

/** A user account as a workflow actor; records and events name them by username. */
export function actorOfUser(user: Pick<UserRecord, 'username' | 'roles'>): UserActor {
  return { kind: 'user', userId: user.username, roles: [...user.roles] };
}

/** The audit spelling of a domain actor (`user:<username>`, `system:<component>`). */
export function auditActorOf(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : `system:${actor.systemId}`;
}
