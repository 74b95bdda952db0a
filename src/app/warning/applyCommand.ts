// The one application path that moves a stored warning case (DOMAIN.md §1): load the case
// inside the caller's write, let the pure domain `apply` decide, store the next version and
// its events, audit the change, and run what an approved release sets off (delivery
// requests for the frozen product). Everything commits with the caller's write or not at all.
import { apply, type Actor, type WarningCase, type WarningCommand } from '../../domain/warning/index.ts';
import type { Clock, StoreWriter } from '../ports.ts';
import { cancelStoppedDeliveries } from '../delivery/cancel.ts';
import { auditActorOf } from './actors.ts';
import { auditWarningChange } from './auditCase.ts';
import { requestReleasedDeliveries } from './releaseDeliveries.ts';

export type ApplyWarningResult =
  | { ok: true; case: WarningCase }
  | { ok: false; code: string; message: string };

/**
 * Applies `command` to the stored case `caseId` on behalf of `actor` at `at`. Refusals
 * (unknown case, any domain refusal) come back as values and write nothing.
 *
 * Given a clock, the time is read after the case is loaded: a command that waited on
 * another node's commit to the same case must not carry a time from before that commit,
 * or the domain would refuse it as a clock regression instead of applying it to the case
 * it now sees (or losing cleanly with `case-version-conflict`).
 */
export async function applyWarningCommand(
  tx: StoreWriter,
  caseId: string,
  command: WarningCommand,
  actor: Actor,
  at: string | Clock,
): Promise<{ ok: true; case: WarningCase } | { ok: false; code: string; message: string }> {
  const stored = await tx.warnings.getCase(caseId);
  if (stored === null) return { ok: false, code: 'case-not-found', message: `no warning case ${caseId}` };
  const now = typeof at === 'string' ? at : at.now();
  const result = apply(stored.case, command, actor, now);
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  const version = await tx.warnings.saveCase(result.case, stored.version, result.events);
  // DOMAIN.md §1 release: once every approval is in, the frozen product goes out on the
  // partner's channels; requested in this same write so an approval never exists without it.
  const deliveryIds = result.events.some((event) => event.type === 'release_approved')
    ? await requestReleasedDeliveries(tx, result.case, actor, result.case.updatedAt)
    : [];
  await auditWarningChange(tx, { before: stored.case, after: result.case, events: result.events, actor, version, threatId: stored.threatId, command: command.type, deliveryIds });
  // Waived or closed: what has not gone out is cancelled in this same write, so nothing is
  // sent after the decision (delivery/cancel.ts).
  if (result.case.state !== stored.case.state) await cancelStoppedDeliveries(tx, result.case, auditActorOf(actor), result.case.updatedAt);
  return { ok: true, case: result.case };
}
