// What one write changed, as events: collected while the write runs (recordingWriter.ts),
// handed to the bus only once it has committed (publishingStore.ts). One event per thing
// changed, however often the write touched it.
import { randomBytes } from 'node:crypto';
import type { ObjectWrite, PutResult } from '../ports.ts';
import type { DeliveryEvent, DisclosureEvent, ObjectVersionEvent, StampedEvent, TearlineEvent, ThreatEvent, WarningCaseEvent } from '../ports/events.ts';

/**
 * Object versions named one by one per write; beyond this a bulk ingest is summarised by
 * one `objects-truncated` event (readers reload their lists), so neither a NOTIFY queue nor
 * an SSE client is flooded by a 200,000-object import.
 */
export const MAX_OBJECT_EVENTS_PER_WRITE = 200;

/** A new threat is also assessed in its first write: the stronger change is the one told. */
const THREAT_CHANGE_RANK: Readonly<Record<ThreatEvent['change'], number>> = { changed: 0, assessed: 1, created: 2 };

export class WriteEvents {
  readonly #objects: ObjectVersionEvent[] = [];
  #truncated = false;
  readonly #threats = new Map<string, ThreatEvent>();
  readonly #cases = new Map<string, WarningCaseEvent>();
  readonly #deliveries = new Map<string, DeliveryEvent | DisclosureEvent>();

  objectsPut(rows: readonly ObjectWrite[], results: readonly PutResult[]): void {
    results.forEach((result, i) => {
      if (result.outcome !== 'stored') return;
      if (this.#objects.length >= MAX_OBJECT_EVENTS_PER_WRITE) {
        this.#truncated = true;
        return;
      }
      this.#objects.push({ kind: 'object', id: result.id, type: rows[i]?.type ?? result.id.split('--')[0] ?? '', version: result.version });
    });
  }

  threat(threatId: string, change: ThreatEvent['change']): void {
    const known = this.#threats.get(threatId);
    if (known !== undefined && THREAT_CHANGE_RANK[known.change] >= THREAT_CHANGE_RANK[change]) return;
    this.#threats.set(threatId, { kind: 'threat', threatId, change });
  }

  caseSaved(caseId: string, state: string, version: number, change: WarningCaseEvent['change']): void {
    // A case opened and moved on in one write is still news of an opening, in its last state.
    const opened = this.#cases.get(caseId)?.change === 'opened';
    this.#cases.set(caseId, { kind: 'warning', caseId, state, version, change: opened ? 'opened' : change });
  }

  delivery(event: DeliveryEvent | DisclosureEvent): void {
    const key = event.kind === 'delivery' ? `d:${event.deliveryId}:${event.change}` : `s:${event.disclosureId}`;
    this.#deliveries.delete(key); // re-inserted last: the latest state, in write order
    this.#deliveries.set(key, event);
  }

  /** Objects first, then threats, cases and deliveries: the order a reader would reload in. */
  events(): readonly TearlineEvent[] {
    return [
      ...this.#objects,
      ...(this.#truncated ? [{ kind: 'objects-truncated' } as const] : []),
      ...this.#threats.values(),
      ...this.#cases.values(),
      ...this.#deliveries.values(),
    ];
  }
}

/** A fresh write id: time first (readable in logs), then randomness (unique across nodes). */
export function newWriteId(now: number = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(6).toString('base64url')}`;
}

/** Ids `<write id>.<n>`: every node hears the same ids, so a client can resume on any node. */
export function stamp(events: readonly TearlineEvent[], writeId: string = newWriteId()): StampedEvent[] {
  return events.map((event, n) => ({ id: `${writeId}.${n}`, event }));
}

/** The write an event id belongs to. */
export function writeIdOf(eventId: string): string {
  const dot = eventId.lastIndexOf('.');
  return dot < 0 ? eventId : eventId.slice(0, dot);
}
