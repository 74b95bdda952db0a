// The NOTIFY payload of the event bus (events.ts): stamped events as JSON, split so that
// each payload stays under PostgreSQL's limit (8000 bytes by default, NOTIFY docs), and read
// back defensively: anyone who may connect to the database may NOTIFY on the channel, so a
// payload is input, and what does not parse as our events is dropped.
import type { StampedEvent, TearlineEvent } from '../../app/ports/events.ts';
import { DELIVERY_STATES } from '../../app/ports/deliveries.ts';

/** Below the server's 8000-byte default, with room for the channel name in the message. */
export const MAX_PAYLOAD_BYTES = 7500;

/** Payloads of at most MAX_PAYLOAD_BYTES, in order; an event too big for one alone is left out (and named). */
export function encodePayloads(events: readonly StampedEvent[]): { readonly payloads: string[]; readonly tooBig: readonly string[] } {
  const payloads: string[] = [];
  const tooBig: string[] = [];
  let current: string[] = [];
  let size = 2; // the brackets
  for (const stamped of events) {
    const text = JSON.stringify([stamped.id, stamped.event]);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes + 2 > MAX_PAYLOAD_BYTES) {
      tooBig.push(stamped.id);
      continue;
    }
    if (current.length > 0 && size + 1 + bytes > MAX_PAYLOAD_BYTES) {
      payloads.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    size += bytes + (current.length > 0 ? 1 : 0);
    current.push(text);
  }
  if (current.length > 0) payloads.push(`[${current.join(',')}]`);
  return { payloads, tooBig };
}

/** The events of one payload; null when it is not one of ours. */
export function decodePayload(payload: string): StampedEvent[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const events: StampedEvent[] = [];
  for (const item of parsed) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string' || !EVENT_ID.test(item[0])) return null;
    const event = asEvent(item[1]);
    if (event === null) return null;
    events.push({ id: item[0], event });
  }
  return events;
}

/** `<write id>.<n>` as app/events/writeEvents.ts makes them; safe in an SSE `id:` line. */
const EVENT_ID = /^[A-Za-z0-9_-]{1,64}\.\d{1,9}$/;
const MAX_TEXT = 512;

function text(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

function asEvent(value: unknown): TearlineEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'object':
      return text(v.id) && text(v.type) && typeof v.version === 'string' && v.version.length <= MAX_TEXT ? { kind: 'object', id: v.id, type: v.type, version: v.version } : null;
    case 'objects-truncated':
      return { kind: 'objects-truncated' };
    case 'threat':
      return text(v.threatId) && (v.change === 'created' || v.change === 'changed' || v.change === 'assessed') ? { kind: 'threat', threatId: v.threatId, change: v.change } : null;
    case 'warning':
      return text(v.caseId) && text(v.state) && Number.isSafeInteger(v.version) && (v.change === 'opened' || v.change === 'changed')
        ? { kind: 'warning', caseId: v.caseId, state: v.state, version: v.version as number, change: v.change }
        : null;
    case 'delivery': {
      const changes = ['requested', 'attempted', 'requeued', 'acknowledged', 'feedback'] as const;
      const change = changes.find((c) => c === v.change);
      if (!text(v.deliveryId) || change === undefined) return null;
      if (v.state === undefined) return { kind: 'delivery', deliveryId: v.deliveryId, change };
      const state = DELIVERY_STATES.find((s) => s === v.state);
      return state === undefined ? null : { kind: 'delivery', deliveryId: v.deliveryId, change, state };
    }
    case 'disclosure':
      return text(v.caseId) && text(v.disclosureId) ? { kind: 'disclosure', caseId: v.caseId, disclosureId: v.disclosureId } : null;
    default:
      return null;
  }
}
