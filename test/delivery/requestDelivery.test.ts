// requestDelivery: one outbox row per idempotency key, in the caller's write; a product whose
// hash is not its bytes' is refused and the caller's write rolls back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/storage/sqlite/index.ts';
import { carriedIds, deliveryIdFor, requestDelivery, sha256Hex, type DeliveryRequest } from '../../src/app/delivery/requestDelivery.ts';

const bundleJson = '{"type":"bundle","id":"bundle--6b1a","objects":[{"type":"indicator","id":"indicator--1"}]}';
const REQUEST: DeliveryRequest = {
  idempotencyKey: 'warning:case-1:cycle-1:abc:syria-gss:webhook',
  caseId: 'case-1',
  partnerName: 'syria-gss',
  channel: 'webhook',
  product: {
    productId: `product--${sha256Hex(bundleJson)}`,
    sha256: sha256Hex(bundleJson),
    bundleJson,
    banner: 'SECRET//REL TO USA, SYR',
    warningText: 'A warning.',
    mediaType: 'application/stix+json;version=2.1',
  },
  requestedBy: 'user:olga',
  requestedAt: '2025-03-07T08:00:00.000Z',
};

test('one row per idempotency key; the id is derived from the key', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    const first = await store.write((tx) => requestDelivery(tx, REQUEST));
    assert.deepEqual(first, { deliveryId: deliveryIdFor(REQUEST.idempotencyKey), created: true });
    assert.match(first.deliveryId, /^delivery--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = await store.write((tx) => requestDelivery(tx, { ...REQUEST, requestedAt: '2025-03-07T09:00:00.000Z' }));
    assert.deepEqual(again, { deliveryId: first.deliveryId, created: false });
    const row = await store.deliveries.get(first.deliveryId);
    assert.equal(row?.state, 'pending');
    assert.equal(row?.requestedAt, REQUEST.requestedAt);
    assert.deepEqual((await store.deliveries.deliveriesCarrying('indicator--1')).map((r) => r.id), [first.deliveryId]);
  } finally {
    await store.close();
  }
});

test('a product whose hash is not its bytes is refused, and the caller write rolls back', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  try {
    await assert.rejects(store.write(async (tx) => {
      await tx.deliveries.enqueue({ ...REQUEST, id: 'delivery--other', idempotencyKey: 'other', productId: 'p', productSha256: 'a'.repeat(64), bundleJson: '{}', banner: '', warningText: '', mediaType: 'x', objectIds: [] });
      await requestDelivery(tx, { ...REQUEST, product: { ...REQUEST.product, bundleJson: `${bundleJson} ` } });
    }), /not the SHA-256 of product.bundleJson/);
    assert.equal(await store.deliveries.get('delivery--other'), null);
    await assert.rejects(store.write((tx) => requestDelivery(tx, { ...REQUEST, idempotencyKey: ' ' })), /idempotencyKey is empty/);
  } finally {
    await store.close();
  }
});

test('carried ids: the product, the bundle and every object; an unreadable bundle carries only the product', () => {
  assert.deepEqual(carriedIds(REQUEST.product), [REQUEST.product.productId, 'bundle--6b1a', 'indicator--1']);
  assert.deepEqual(carriedIds({ ...REQUEST.product, bundleJson: 'not json' }), [REQUEST.product.productId]);
});
