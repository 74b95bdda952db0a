// Which events one reader may be sent (issue 10 live updates, under issue 8's reading rules).
// An event names an object, a threat or a case; a reader hears of it only when the ordinary
// read routes would show it to them, decided by the same code (app/auth/visibleObjects.ts,
// through policy/):
// - an object version: objects.read, and that version visible to the reader (portions cut
//   out still count: the object page lists it too);
// - a threat: objects.read, and its grouping visible whole (as GET /api/threats/:id);
// - a warning case, a delivery, a disclosure: warnings.read, and the case's threat visible
//   whole, or the case has none (as GET /api/warnings/:caseId);
// - `objects-truncated`: only after an object event of the same write was sent to this
//   reader, so a bulk write whose objects are all hidden leaves no trace.
// Anything that cannot be found (yet, or any more) is not sent: fail closed.
import type { Principal } from '../auth/context.ts';
import { visibleOnly } from '../auth/visibleObjects.ts';
import type { Store } from '../ports.ts';
import type { StampedEvent } from '../ports/events.ts';
import type { UserRecord } from '../ports/users.ts';
import { writeIdOf } from './writeEvents.ts';

/** Writes remembered per reader for `objects-truncated` (a bulk write's events arrive together). */
const REMEMBERED_WRITES = 64;

export class EventFilter {
  readonly #principal: Principal;
  readonly #store: Store;
  readonly #writesShown: string[] = [];

  constructor(principal: Principal, store: Store) {
    this.#principal = principal;
    this.#store = store;
  }

  /** The events of `events` this reader may be sent, in order. */
  async visible(events: readonly StampedEvent[]): Promise<StampedEvent[]> {
    const threats = new Map<string, Promise<boolean>>();
    const cases = new Map<string, Promise<boolean>>();
    const threatShown = (threatId: string): Promise<boolean> => memo(threats, threatId, () => this.#threatVisible(threatId));
    const caseShown = (caseId: string): Promise<boolean> => memo(cases, caseId, () => this.#caseVisible(caseId, threatShown));
    const may = this.#principal.permissions;
    const shown: StampedEvent[] = [];
    for (const stamped of events) {
      const event = stamped.event;
      let ok = false;
      switch (event.kind) {
        case 'object':
          ok = may.has('objects.read') && (await this.#versionVisible(event.id, event.version));
          if (ok) this.#rememberWrite(writeIdOf(stamped.id));
          break;
        case 'objects-truncated':
          ok = this.#writesShown.includes(writeIdOf(stamped.id));
          break;
        case 'threat':
          ok = may.has('objects.read') && (await threatShown(event.threatId));
          break;
        case 'warning':
          ok = may.has('warnings.read') && (await caseShown(event.caseId));
          break;
        case 'disclosure':
          ok = may.has('warnings.read') && (await caseShown(event.caseId));
          break;
        case 'delivery': {
          if (!may.has('warnings.read')) break;
          const row = await this.#store.deliveries.get(event.deliveryId);
          ok = row !== null && (await caseShown(row.caseId));
          break;
        }
      }
      if (ok) shown.push(stamped);
    }
    return shown;
  }

  async #versionVisible(id: string, version: string): Promise<boolean> {
    const record = (await this.#store.getObjectVersions(id)).find((r) => r.version === version);
    if (record === undefined) return false;
    return (await visibleOnly([record], this.#principal, this.#store)).length === 1;
  }

  async #threatVisible(threatId: string): Promise<boolean> {
    const record = await this.#store.getLatestObject(threatId);
    if (record === null) return false;
    const shown = await visibleOnly([record], this.#principal, this.#store);
    return shown.length === 1 && shown[0]?.redacted === false;
  }

  async #caseVisible(caseId: string, threatShown: (threatId: string) => Promise<boolean>): Promise<boolean> {
    const stored = await this.#store.warnings.getCase(caseId);
    if (stored === null) return false;
    return stored.threatId === null || threatShown(stored.threatId);
  }

  #rememberWrite(writeId: string): void {
    if (this.#writesShown.includes(writeId)) return;
    this.#writesShown.push(writeId);
    if (this.#writesShown.length > REMEMBERED_WRITES) this.#writesShown.shift();
  }
}

function memo(cache: Map<string, Promise<boolean>>, key: string, compute: () => Promise<boolean>): Promise<boolean> {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

/**
 * Whether a stream opened for `before` may go on for the account as it is now: a disabled
 * account, or changed roles, clearance or compartments, end the stream (the client
 * reconnects and is judged afresh).
 */
export function sameReader(before: UserRecord, now: UserRecord | null): boolean {
  if (now === null || now.disabled) return false;
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
  return now.clearance === before.clearance && same(now.roles, before.roles) && same(now.compartments, before.compartments);
}
