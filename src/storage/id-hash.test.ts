import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idHash } from './id-hash.ts';

test('is pinned: these values are stored on disk', () => {
  // Changing idHash needs a migration that recomputes objects.id_hash.
  assert.equal(idHash(''), 6025115438983963);
  assert.equal(idHash('indicator--00000000-0000-4000-8000-000000000001'), 8615395098140817);
  assert.equal(idHash('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'), 2943786667254941);
  assert.equal(idHash('identity--é'), 4312388095937801);
});

test('gives safe integers that differ for near-identical ids', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 50_000; i++) {
    const hash = idHash(`indicator--00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    assert.ok(Number.isSafeInteger(hash) && hash >= 0);
    seen.add(hash);
  }
  assert.equal(seen.size, 50_000);
});
