// One node's view of the event bus for its live streams: it fans the bus out to every
// connected client and keeps the latest events, so a client that reconnects (to this node or
// another: every node hears the same events in the same order, with the same ids) resumes
// after the last event it saw (SSE Last-Event-ID). When resuming is impossible — the id is
// older than what is kept, or this node may have missed events — the client is told to
// reset: reload what it shows.
import type { BusMessage, EventBus, StampedEvent } from '../ports/events.ts';

export type FeedMessage = { readonly kind: 'events'; readonly events: readonly StampedEvent[] } | { readonly kind: 'reset' };

export interface FeedSubscription {
  /** Events after `after`, to send before anything new; 'reset' when they cannot be known. */
  readonly replay: readonly StampedEvent[] | 'reset';
  unsubscribe(): void;
}

export const DEFAULT_FEED_MEMORY = 1000;

export class EventFeed {
  readonly #recent: StampedEvent[] = [];
  readonly #listeners = new Set<(message: FeedMessage) => void>();
  readonly #capacity: number;
  readonly #stopListening: () => void;

  /** Without a bus (a server built without one, in tests) the feed stays silent. */
  constructor(bus: EventBus | undefined, capacity = DEFAULT_FEED_MEMORY) {
    this.#capacity = capacity;
    this.#stopListening = bus === undefined ? () => undefined : bus.subscribe((message) => this.#hear(message));
  }

  /**
   * Listens from now on. The replay is taken in the same step, so no event falls between
   * it and the first message the listener gets.
   */
  subscribe(listener: (message: FeedMessage) => void, after?: string): FeedSubscription {
    this.#listeners.add(listener);
    return { replay: after === undefined ? [] : this.#after(after), unsubscribe: () => this.#listeners.delete(listener) };
  }

  close(): void {
    this.#stopListening();
    this.#listeners.clear();
  }

  #after(id: string): readonly StampedEvent[] | 'reset' {
    for (let i = this.#recent.length - 1; i >= 0; i -= 1) {
      if (this.#recent[i]?.id === id) return this.#recent.slice(i + 1);
    }
    return 'reset';
  }

  #hear(message: BusMessage): void {
    if (message.kind === 'gap') {
      // Events may have been missed: nothing kept can anchor a resume any more.
      this.#recent.length = 0;
      this.#tell({ kind: 'reset' });
      return;
    }
    this.#recent.push(...message.events);
    if (this.#recent.length > this.#capacity) this.#recent.splice(0, this.#recent.length - this.#capacity);
    this.#tell({ kind: 'events', events: message.events });
  }

  #tell(message: FeedMessage): void {
    for (const listener of [...this.#listeners]) listener(message);
  }
}
