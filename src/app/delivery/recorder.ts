// Who records a machine's delivery on the warning case. DOMAIN.md §1 "A delivery records
// who, to whom, when, channel": people record deliveries and acknowledgements with a
// delivering role (domain/warning/states.ts DELIVERERS); the system may record only what a
// machine channel did (a release over TAXII, webhook or email, a failed attempt, an
// acknowledgement that came back on one; domain/warning/apply.ts). So a delivery the
// dispatcher made is recorded in the name of
//   1. the configured recorder account (TEARLINE_DELIVERY_RECORDER), when set, else
//   2. the person who requested it (the last approver), when they hold a delivering role, else
//   3. the system actor `system:delivery` (the default of a server started with no delivery
//      settings: every machine delivery is still recorded on its case).
// A refusal (e.g. the case is escalated) is kept on the outbox row (caseRecord) for the
// delivery officer to record by hand (`tearline delivery record <id> --as <user>`).
import type { Actor, Role, WarningCommand } from '../../domain/warning/index.ts';
import { actorOfUser } from '../warning/actors.ts';
import { applyWarningCommand } from '../warning/applyCommand.ts';
import type { StoreWriter, StoreReader } from '../ports.ts';
import type { DeliveryRow } from '../ports/deliveries.ts';

export const DELIVERY_SYSTEM_ACTOR: Actor = { kind: 'system', systemId: 'delivery' };
const DELIVERING_ROLES: readonly Role[] = ['delivery_officer', 'duty_to_warn_officer'];

/** The internal user an audit-style actor string (`user:<id or name>`) or a bare name names. */
export async function userActorFor(store: StoreReader, name: string): Promise<Actor | null> {
  const key = name.startsWith('user:') ? name.slice('user:'.length) : name;
  if (key === '') return null;
  const user = (await store.users.getUser(key)) ?? (await store.users.findUser(key.toLowerCase()));
  if (user === null || user.disabled) return null;
  // As everywhere on cases and in the audit log, a person is named by username (warning/actors.ts).
  return actorOfUser(user);
}

export function canDeliver(actor: Actor): boolean {
  return actor.kind === 'user' && actor.roles.some((role) => DELIVERING_ROLES.includes(role));
}

export async function recorderFor(store: StoreReader, row: DeliveryRow, configured: string | null): Promise<Actor> {
  if (configured !== null) {
    const actor = await userActorFor(store, configured);
    if (actor !== null) return actor;
  }
  const requester = await userActorFor(store, row.requestedBy);
  if (requester !== null && canDeliver(requester)) return requester;
  return DELIVERY_SYSTEM_ACTOR;
}

/** Applies a command to the case; the workflow's answer as one line (`recorded …` or `refused …`). */
export async function applyOnCase(tx: StoreWriter, caseId: string, command: WarningCommand, actor: Actor, now: string): Promise<string> {
  const result = await applyWarningCommand(tx, caseId, command, actor, now);
  return result.ok ? `recorded ${command.type}` : `refused ${command.type}: ${result.code}: ${result.message}`;
}

/**
 * Applies a delivery command to the case and keeps how it went on the row. A refusal is not
 * an error of the delivery: the product went out (or did not) whatever the case says, so
 * the outcome stays recorded and the refusal is shown to the delivery officer.
 */
export async function recordOnCase(tx: StoreWriter, row: DeliveryRow, command: WarningCommand, actor: Actor, now: string): Promise<string> {
  const note = await applyOnCase(tx, row.caseId, command, actor, now);
  await tx.deliveries.setCaseRecord(row.id, note, now);
  return note;
}
