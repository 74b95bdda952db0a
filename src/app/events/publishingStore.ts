// The Store, publishing what each write changed once it has committed (issue 10 "live
// updates"). Every write path of the application (ingest, fusion, the warning workflow and
// its deadlines, deliveries, feeds, TAXII, the CLI) goes through `store.write`, so wrapping
// the store once in the composition root publishes for all of them, and a path added later
// cannot forget to. A write that rolls back publishes nothing.
//
// Publishing runs behind the write, in write order, and never fails it: the write has
// committed by then, so a lost event is reported (onError) and the write stands. Readers
// that must not miss anything reload on a `reset` (feed.ts).
import type { Store, StoreWriter } from '../ports.ts';
import type { DeliveriesWrites } from '../ports/deliveries.ts';
import type { EventBus } from '../ports/events.ts';
import type { ThreatsWrites } from '../ports/threats.ts';
import type { WarningsWrites } from '../ports/warnings.ts';
import { stamp, WriteEvents } from './writeEvents.ts';

export interface PublishingOptions {
  /** Told when a committed write's events could not be published. */
  readonly onError?: (error: unknown) => void;
}

/** `store`, publishing to `bus`; closing it closes the store, then the bus (after pending publishes). */
export function publishingStore<S extends Store>(store: S, bus: EventBus, options: PublishingOptions = {}): S {
  let publishing: Promise<void> = Promise.resolve();
  const onError = options.onError ?? (() => undefined);
  const write = async <T>(work: (tx: StoreWriter) => Promise<T>): Promise<T> => {
    const changes = new WriteEvents();
    const result = await store.write((tx) => work(recordingWriter(tx, changes)));
    const events = changes.events();
    if (events.length > 0) {
      const stamped = stamp(events);
      publishing = publishing.then(() => bus.publish(stamped)).catch(onError);
    }
    return result;
  };
  const close = async (): Promise<void> => {
    // Writes queued before close still run (and publish); then the bus goes.
    await store.close();
    await publishing;
    await bus.close();
  };
  return overriding(store, { write, close } as Partial<S>);
}

/** The transaction, noting what each change-making call changed. */
function recordingWriter(tx: StoreWriter, changes: WriteEvents): StoreWriter {
  const threats = overriding<ThreatsWrites>(tx.threats, {
    putThreat: async (threat) => {
      await tx.threats.putThreat(threat);
      changes.threat(threat.id, threat.createdAt === threat.updatedAt ? 'created' : 'changed');
    },
    appendAssessment: async (record) => {
      const seq = await tx.threats.appendAssessment(record);
      changes.threat(record.threatId, 'assessed');
      return seq;
    },
  });
  const warnings = overriding<WarningsWrites>(tx.warnings, {
    createCase: async (opened, events, threatId) => {
      const created = await tx.warnings.createCase(opened, events, threatId);
      if (created) changes.caseSaved(opened.id, opened.state, 1, 'opened');
      return created;
    },
    saveCase: async (next, expectedVersion, events) => {
      const version = await tx.warnings.saveCase(next, expectedVersion, events);
      changes.caseSaved(next.id, next.state, version, 'changed');
      return version;
    },
  });
  const deliveries = overriding<DeliveriesWrites>(tx.deliveries, {
    enqueue: async (delivery) => {
      const outcome = await tx.deliveries.enqueue(delivery);
      if (outcome.created) changes.delivery({ kind: 'delivery', deliveryId: outcome.row.id, change: 'requested', state: outcome.row.state });
      return outcome;
    },
    finishAttempt: async (finish) => {
      const result = await tx.deliveries.finishAttempt(finish);
      if (result.ok) changes.delivery({ kind: 'delivery', deliveryId: result.row.id, change: 'attempted', state: result.row.state });
      return result;
    },
    requeue: async (id, now) => {
      const requeued = await tx.deliveries.requeue(id, now);
      if (requeued) changes.delivery({ kind: 'delivery', deliveryId: id, change: 'requeued', state: 'pending' });
      return requeued;
    },
    markAcknowledged: async (id, at) => {
      const marked = await tx.deliveries.markAcknowledged(id, at);
      if (marked) changes.delivery({ kind: 'delivery', deliveryId: id, change: 'acknowledged' });
      return marked;
    },
    linkFeedback: async (link) => {
      const linked = await tx.deliveries.linkFeedback(link);
      if (linked) changes.delivery({ kind: 'delivery', deliveryId: link.deliveryId, change: 'feedback' });
      return linked;
    },
    putDisclosure: async (record) => {
      const stored = await tx.deliveries.putDisclosure(record);
      if (stored) changes.delivery({ kind: 'disclosure', caseId: record.caseId, disclosureId: record.id });
      return stored;
    },
  });
  return overriding(tx, {
    putObjects: async (objects) => {
      const results = await tx.putObjects(objects);
      changes.objectsPut(objects, results);
      return results;
    },
    threats,
    warnings,
    deliveries,
  });
}

/**
 * `target` with some members replaced; every other member is the target's own, methods
 * bound to it (adapters keep private state that a proxy receiver would not reach).
 */
function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      let method = bound.get(property);
      if (method === undefined) {
        method = (value as (...args: unknown[]) => unknown).bind(object);
        bound.set(property, method);
      }
      return method;
    },
  });
}
