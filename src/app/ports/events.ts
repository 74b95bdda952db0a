// Port of the live event stream (issue 10 "live updates"): what changed in the store, said in
// ids and kinds only, published after the write that made the change has committed, and
// delivered to every node serving the same store. The SQLite adapter is an in-process
// emitter (one node); the PostgreSQL adapter carries events over LISTEN/NOTIFY, so an event
// written through one node reaches the subscribers of every other.
//
// Events never carry content: a subscriber is told *that* something changed and reads it
// through the ordinary, policy-filtered routes. Even so, an event names an object, a threat
// or a case, so what a subscriber is sent is filtered per reader (app/events/visibleEvents.ts).
import type { DeliveryState } from './deliveries.ts';

/** A new stored version of a STIX object. */
export interface ObjectVersionEvent {
  readonly kind: 'object';
  readonly id: string;
  readonly type: string;
  readonly version: string;
}

/**
 * The write stored more versions than it names in object events (a bulk ingest): lists
 * should be reloaded. Carries no count, so it says nothing about objects a reader may not see.
 */
export interface ObjectsTruncatedEvent {
  readonly kind: 'objects-truncated';
}

export interface ThreatEvent {
  readonly kind: 'threat';
  /** The id of the threat's STIX grouping. */
  readonly threatId: string;
  /** created: first stored; changed: membership, name or status; assessed: a new assessment row. */
  readonly change: 'created' | 'changed' | 'assessed';
}

export interface WarningCaseEvent {
  readonly kind: 'warning';
  readonly caseId: string;
  /** The case's workflow state after the write. */
  readonly state: string;
  /** The case's stored version after the write. */
  readonly version: number;
  readonly change: 'opened' | 'changed';
}

export interface DeliveryEvent {
  readonly kind: 'delivery';
  readonly deliveryId: string;
  readonly change: 'requested' | 'attempted' | 'requeued' | 'acknowledged' | 'feedback';
  /** The row's state after the write, when the write said it. */
  readonly state?: DeliveryState;
}

export interface DisclosureEvent {
  readonly kind: 'disclosure';
  readonly caseId: string;
  readonly disclosureId: string;
}

export type TearlineEvent = ObjectVersionEvent | ObjectsTruncatedEvent | ThreatEvent | WarningCaseEvent | DeliveryEvent | DisclosureEvent;
export type TearlineEventKind = TearlineEvent['kind'];

/**
 * An event with its id: `<write id>.<n>`, the same on every node (the publisher stamps it),
 * so a client that reconnects to another node can resume after it (SSE Last-Event-ID).
 */
export interface StampedEvent {
  readonly id: string;
  readonly event: TearlineEvent;
}

/**
 * What a subscriber hears: events in the order every node hears them, or `gap` when this
 * node may have missed some (its PostgreSQL listening connection was lost and re-made).
 */
export type BusMessage = { readonly kind: 'events'; readonly events: readonly StampedEvent[] } | { readonly kind: 'gap' };

export interface EventBus {
  /**
   * Sends events to every subscriber on every node, this one included. Called after the
   * write committed; a failure loses the events (the write stands) and is reported.
   */
  publish(events: readonly StampedEvent[]): Promise<void>;
  /** Listens from now on; returns the function that stops listening. Listeners must not throw. */
  subscribe(listener: (message: BusMessage) => void): () => void;
  /** Stops listening and publishing; pending publishes finish first. */
  close(): Promise<void>;
}
