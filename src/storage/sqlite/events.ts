// The event bus of a single node (SQLite: one process owns the file): publishing hands the
// events to this process's subscribers, on a later turn of the event loop so a slow
// subscriber never holds up the write that published.
import type { BusMessage, EventBus, StampedEvent } from '../../app/ports/events.ts';

export function inProcessEventBus(): EventBus {
  const listeners = new Set<(message: BusMessage) => void>();
  let closed = false;
  return {
    async publish(events: readonly StampedEvent[]): Promise<void> {
      if (closed || events.length === 0) return;
      const message: BusMessage = { kind: 'events', events };
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (const listener of [...listeners]) listener(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
