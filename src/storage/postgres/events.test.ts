// The PostgreSQL event bus (issue 10 live updates): payloads split under NOTIFY's limit and
// read back defensively; events published by one node reach another's subscribers whole and
// in order; a lost listening connection is re-made and announced as a gap; schemas stay apart.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BusMessage, EventBus, StampedEvent } from '../../app/ports/events.ts';
import { stamp } from '../../app/events/writeEvents.ts';
import { decodePayload, encodePayloads, MAX_PAYLOAD_BYTES } from './events-payload.ts';
import { eventChannel, postgresEventBus } from './events.ts';
import { pgTestSkipReason, testSchema } from './test-database.ts';

const skip = pgTestSkipReason();

function objectEvents(count: number): StampedEvent[] {
  return stamp(Array.from({ length: count }, (_, i) => ({
    kind: 'object' as const, id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'indicator', version: '2025-01-01T00:00:00.000Z',
  })));
}

/** Collects what a bus tells one subscriber; `until` waits for a condition on it. */
function listen(bus: EventBus): { messages: BusMessage[]; events(): StampedEvent[]; until(ok: () => boolean, what: string): Promise<void> } {
  const messages: BusMessage[] = [];
  bus.subscribe((m) => messages.push(m));
  return {
    messages,
    events: () => messages.flatMap((m) => (m.kind === 'events' ? [...m.events] : [])),
    async until(ok, what) {
      const deadline = Date.now() + 10_000;
      while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; heard ${JSON.stringify(messages).slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/**
 * LISTEN is issued with the first subscription, asynchronously: probes are published until
 * every listener has heard one. Returns the probes' ids, to leave out of later comparisons.
 */
async function untilListening(publisher: EventBus, listeners: readonly { events(): StampedEvent[] }[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let i = 0; i < 100; i += 1) {
    const probe = objectEvents(1);
    ids.add(probe[0]?.id as string);
    await publisher.publish(probe);
    await new Promise((r) => setTimeout(r, 100));
    if (listeners.every((l) => l.events().some((e) => ids.has(e.id)))) {
      await new Promise((r) => setTimeout(r, 200)); // probes still in flight arrive now
      return ids;
    }
  }
  throw new Error('the listeners never heard a probe');
}

const without = (events: readonly StampedEvent[], ids: ReadonlySet<string>): StampedEvent[] => events.filter((e) => !ids.has(e.id));

describe('NOTIFY payloads', () => {
  test('a write of many events is split into payloads under the limit, and read back whole and in order', () => {
    const events = objectEvents(500);
    const { payloads, tooBig } = encodePayloads(events);
    assert.deepEqual(tooBig, []);
    assert.ok(payloads.length > 1);
    for (const payload of payloads) assert.ok(Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES, `${Buffer.byteLength(payload)} bytes`);
    assert.deepEqual(payloads.flatMap((p) => decodePayload(p) ?? []), events);
  });

  test('an event too big for a payload of its own is left out and named', () => {
    const [big] = stamp([{ kind: 'object', id: `indicator--${'a'.repeat(9000)}`, type: 'indicator', version: 'v' }]);
    const [small] = objectEvents(1);
    const { payloads, tooBig } = encodePayloads([big as StampedEvent, small as StampedEvent]);
    assert.deepEqual(tooBig, [big?.id]);
    assert.deepEqual(payloads.flatMap((p) => decodePayload(p) ?? []), [small]);
  });

  test('what is not our events is refused, whole', () => {
    for (const bad of ['', 'not json', '{}', '[1]', '[["x", {"kind": "object"}]]', '[["w.1", {"kind": "nope"}]]', '[["w.1", {"kind": "warning", "caseId": "c", "state": "s", "version": "1", "change": "opened"}]]', '[["bad id", {"kind": "objects-truncated"}]]']) {
      assert.equal(decodePayload(bad), null, bad);
    }
    assert.deepEqual(decodePayload('[["w-1.0", {"kind": "delivery", "deliveryId": "d", "change": "attempted", "state": "sent", "extra": true}]]'), [
      { id: 'w-1.0', event: { kind: 'delivery', deliveryId: 'd', change: 'attempted', state: 'sent' } },
    ]);
  });
});

describe('PostgreSQL event bus', { skip: skip ?? false }, () => {
  test('events published by one node reach every node of the schema, in order, and no other schema', async () => {
    const target = await testSchema();
    const elsewhere = await testSchema();
    const a = postgresEventBus({ url: target.url, schema: target.schema });
    const b = postgresEventBus({ url: target.url, schema: target.schema });
    const other = postgresEventBus({ url: elsewhere.url, schema: elsewhere.schema });
    try {
      const onA = listen(a);
      const onB = listen(b);
      const onOther = listen(other);
      const probes = await untilListening(a, [onA, onB]);
      const otherProbes = await untilListening(other, [onOther]);

      const first = objectEvents(300);
      const second = objectEvents(2);
      await a.publish(first);
      await b.publish(second);
      for (const heard of [onA, onB]) {
        await heard.until(() => without(heard.events(), probes).length >= 302, '302 events');
        assert.deepEqual(without(heard.events(), probes), [...first, ...second]);
      }
      assert.deepEqual(without(onOther.events(), otherProbes), [], 'another schema is another channel');
      assert.ok(!onA.events().some((e) => otherProbes.has(e.id)));
      assert.notEqual(eventChannel(target.schema), eventChannel(elsewhere.schema));
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
      await target.drop();
      await elsewhere.drop();
    }
  });

  test('a lost listening connection is re-made and announced as a gap; foreign notifications are ignored', async () => {
    const target = await testSchema();
    const errors: string[] = [];
    const a = postgresEventBus({ url: target.url, schema: target.schema, reconnectMs: 100, onError: (e) => errors.push(e.message) });
    try {
      const heard = listen(a);
      const probes = await untilListening(a, [heard]);

      await target.admin(`SELECT pg_notify($1, 'not ours')`, [eventChannel(target.schema)]);
      await heard.until(() => errors.some((e) => /not Tearline events/.test(e)), 'the foreign notification reported');

      const killed = await target.admin<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [`tearline:${target.schema}:events`],
      );
      assert.equal(killed.length, 1);
      await heard.until(() => heard.messages.some((m) => m.kind === 'gap'), 'the gap');
      const after = objectEvents(1);
      await a.publish(after);
      await heard.until(() => heard.events().some((e) => e.id === after[0]?.id), 'an event after the reconnection');
      assert.ok(errors.some((e) => /listening connection was lost/.test(e)), errors.join('; '));
      assert.equal(without(heard.events(), probes).length, 1, 'the foreign payload produced no event');
    } finally {
      await a.close();
      await target.drop();
    }
  });
});
