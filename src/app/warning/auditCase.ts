// Audit entries for warning cases (issue 8: every consequential write is audited in the same
// write). One entry per applied command or opening, with before/after digests of the case so
// the log proves what the case was without holding its (possibly classified) content.
import { digestOf } from '../audit/digest.ts';
import type { JsonValue } from '../ports/audit.ts';
import type { StoreWriter } from '../ports.ts';
import type { Actor, WarningCase, WarningEvent } from '../../domain/warning/index.ts';
import { auditActorOf } from './actors.ts';

export interface WarningChange {
  readonly before: WarningCase | null;
  readonly after: WarningCase;
  readonly events: readonly WarningEvent[];
  readonly actor: Actor;
  readonly version: number;
  readonly threatId: string | null;
  /** The command type, or 'open'. */
  readonly command: string;
  /** Outbox rows the change requested (an approved release). */
  readonly deliveryIds?: readonly string[];
}

function asJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** The written reason a command carried, when it had one: what oversight reads first. */
function reasonOf(events: readonly WarningEvent[]): string | null {
  const parts: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'waiver_proposed':
        parts.push(...event.reasons.map((entry) => `${entry.reason}: ${entry.justification}`));
        break;
      case 'duty_established':
        parts.push(event.basis);
        break;
      case 'not_triggered_found':
      case 'waiver_rejected':
      case 'release_rejected':
      case 'escalated':
      case 'escalation_resolved':
        parts.push(event.reason);
        break;
      case 'closed':
        parts.push(event.note === null ? event.outcome : `${event.outcome}: ${event.note}`);
        break;
      case 'reopened':
        parts.push(event.note === null ? event.reason : `${event.reason}: ${event.note}`);
        break;
      default:
        break;
    }
  }
  const text = parts.join(' | ');
  return text === '' ? null : text.slice(0, 4000);
}

function partnerOf(c: WarningCase): string | null {
  return c.cycle.warning?.recipient.name ?? null;
}

export async function auditWarningChange(tx: StoreWriter, change: WarningChange): Promise<void> {
  const { before, after, events } = change;
  await tx.audit.append({
    at: after.updatedAt,
    actor: auditActorOf(change.actor),
    action: `warning.${change.command.replaceAll('_', '-')}`,
    subject: after.id,
    reason: reasonOf(events),
    before: before === null ? null : digestOf(asJson(before)),
    after: digestOf(asJson(after)),
    threat: change.threatId ?? after.id,
    partner: partnerOf(after),
    details: {
      caseId: after.id,
      version: change.version,
      from: before?.state ?? null,
      to: after.state,
      events: events.map((event) => event.type),
      // The exact product a draft, an approval or a delivery names (approvals bind to it).
      productHashes: [...new Set(events.flatMap((event) => ('productHash' in event ? [event.productHash] : [])))],
      deliveryIds: [...(change.deliveryIds ?? [])],
    },
  });
}
