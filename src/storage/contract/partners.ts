// Contract: the `partners` facet (port: src/app/ports/partners.ts) — partner profiles keyed by
// handle with every version kept, soft removal, distinct active identities, and the versioned
// release policy, all committing or rolling back with the write they belong to.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { PartnerPut } from '../../app/ports/partners.ts';
import type { StoreTest } from './harness.ts';

const T0 = '2025-07-01T00:00:00.000Z';
const T1 = '2025-07-01T01:00:00.000Z';
const T2 = '2025-07-01T02:00:00.000Z';
const T3 = '2025-07-01T03:00:00.000Z';

function identity(n: number): string {
  return `identity--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** A put whose JSON text differs with `label`; the store never parses it. */
function put(name: string, n: number, label: string, at = T0): PartnerPut {
  return { name, identityRef: identity(n), profileJson: JSON.stringify({ name: label, identity_ref: identity(n) }), at, actor: 'cli:tester' };
}

export function partnersContract(storeTest: StoreTest): void {
  describe('partners', () => {
    storeTest('adds a partner at version 1 and reads it back by name and identity', async ({ store }) => {
      const p = put('syria-gss', 1, 'Syrian GSS');
      const result = await store.write((tx) => tx.partners.putPartner(p));
      assert.deepEqual(result, { outcome: 'created', version: 1 });
      const expected = { name: 'syria-gss', version: 1, profileJson: p.profileJson, identityRef: identity(1), recordedAt: T0, actor: 'cli:tester', createdAt: T0, updatedAt: T0, removedAt: null };
      assert.deepEqual(await store.partners.getPartner('syria-gss'), expected);
      assert.deepEqual(await store.partners.findPartnerByIdentity(identity(1)), expected);
      assert.equal(await store.partners.getPartner('iraq-inis'), null);
      assert.equal(await store.partners.findPartnerByIdentity(identity(2)), null);
    });

    storeTest('a changed profile is a new version; the old one stays readable; an identical one writes nothing', async ({ store }) => {
      await store.write((tx) => tx.partners.putPartner(put('syria-gss', 1, 'first')));
      const second = put('syria-gss', 1, 'second', T1);
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(second)), { outcome: 'updated', version: 2 });
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner({ ...second, at: T2 })), { outcome: 'unchanged', version: 2 });
      const current = await store.partners.getPartner('syria-gss');
      assert.equal(current?.version, 2);
      assert.equal(current?.profileJson, second.profileJson);
      assert.equal(current?.createdAt, T0);
      assert.equal(current?.updatedAt, T1, 'an unchanged put does not touch the dates');
      const v1 = await store.partners.getPartnerVersion('syria-gss', 1);
      assert.equal(v1?.profileJson, put('syria-gss', 1, 'first').profileJson);
      assert.equal(v1?.recordedAt, T0);
      assert.equal(await store.partners.getPartnerVersion('syria-gss', 3), null);
      assert.deepEqual((await store.partners.partnerHistory('syria-gss')).map((v) => v.version), [1, 2]);
      assert.deepEqual(await store.partners.partnerHistory('nobody'), []);
    });

    storeTest('lists active partners by name; removal is soft and keeps every version', async ({ store }) => {
      await store.write(async (tx) => {
        await tx.partners.putPartner(put('zeta', 3, 'Z'));
        await tx.partners.putPartner(put('alpha', 1, 'A'));
        await tx.partners.putPartner(put('mid', 2, 'M'));
      });
      assert.deepEqual((await store.partners.listPartners()).map((p) => p.name), ['alpha', 'mid', 'zeta']);
      assert.equal(await store.write((tx) => tx.partners.removePartner('mid', T1)), true);
      assert.equal(await store.write((tx) => tx.partners.removePartner('mid', T2)), false, 'already removed');
      assert.equal(await store.write((tx) => tx.partners.removePartner('nobody', T2)), false);
      assert.deepEqual((await store.partners.listPartners()).map((p) => p.name), ['alpha', 'zeta']);
      const all = await store.partners.listPartners({ includeRemoved: true });
      assert.deepEqual(all.map((p) => [p.name, p.removedAt]), [['alpha', null], ['mid', T1], ['zeta', null]]);
      assert.equal(await store.partners.getPartner('mid'), null, 'a removed partner is not releasable');
      assert.equal(await store.partners.findPartnerByIdentity(identity(2)), null);
      assert.equal((await store.partners.getPartnerVersion('mid', 1))?.profileJson, put('mid', 2, 'M').profileJson, 'kept for the record');
    });

    storeTest('putting a profile under a removed name restores it with a new version', async ({ store }) => {
      await store.write((tx) => tx.partners.putPartner(put('mid', 2, 'M')));
      await store.write((tx) => tx.partners.removePartner('mid', T1));
      // The same JSON as before: still a new version, since the partner comes back.
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(put('mid', 2, 'M', T2))), { outcome: 'restored', version: 2 });
      const back = await store.partners.getPartner('mid');
      assert.equal(back?.removedAt, null);
      assert.equal(back?.updatedAt, T2);
      assert.equal(back?.createdAt, T0);
    });

    storeTest('two active partners never share an identity; a removed one frees it', async ({ store }) => {
      await store.write((tx) => tx.partners.putPartner(put('first', 7, 'one')));
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(put('second', 7, 'two'))), { outcome: 'identity-taken', by: 'first' });
      assert.equal(await store.partners.getPartner('second'), null, 'nothing was written');
      assert.deepEqual(await store.partners.partnerHistory('second'), []);
      // The same partner may keep its identity across versions.
      assert.equal((await store.write((tx) => tx.partners.putPartner(put('first', 7, 'one, renamed', T1)))).outcome, 'updated');
      await store.write((tx) => tx.partners.removePartner('first', T2));
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(put('second', 7, 'two', T3))), { outcome: 'created', version: 1 });
      // Restoring `first` now would share the identity: refused.
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(put('first', 7, 'one', T3))), { outcome: 'identity-taken', by: 'second' });
      assert.equal(await store.partners.getPartner('first'), null);
    });

    storeTest('a partner may change its identity to a free one', async ({ store }) => {
      await store.write((tx) => tx.partners.putPartner(put('p', 1, 'x')));
      assert.deepEqual(await store.write((tx) => tx.partners.putPartner(put('p', 2, 'x', T1))), { outcome: 'updated', version: 2 });
      assert.equal(await store.partners.findPartnerByIdentity(identity(1)), null);
      assert.equal((await store.partners.findPartnerByIdentity(identity(2)))?.name, 'p');
      assert.equal((await store.partners.getPartnerVersion('p', 1))?.identityRef, identity(1));
    });

    storeTest('a failed write leaves no partner, version or policy behind', async ({ store }) => {
      await store.write((tx) => tx.partners.putPartner(put('kept', 1, 'k')));
      await assert.rejects(
        store.write(async (tx) => {
          await tx.partners.putPartner(put('gone', 2, 'g'));
          await tx.partners.putPartner(put('kept', 1, 'k2', T1));
          await tx.partners.removePartner('kept', T1);
          await tx.partners.putReleasePolicy({ policyJson: '{"our_identity_ref":"x"}', at: T1, actor: 'a' });
          assert.equal((await tx.partners.getPartnerVersion('kept', 2))?.version, 2, 'the write sees its own changes');
          throw new Error('abort');
        }),
        /abort/,
      );
      assert.equal(await store.partners.getPartner('gone'), null);
      assert.deepEqual(await store.partners.partnerHistory('gone'), []);
      const kept = await store.partners.getPartner('kept');
      assert.equal(kept?.version, 1);
      assert.equal(kept?.removedAt, null);
      assert.equal(await store.partners.getReleasePolicy(), null);
    });

    storeTest('the release policy is a versioned singleton', async ({ store }) => {
      assert.equal(await store.partners.getReleasePolicy(), null);
      const a = '{"our_identity_ref":"identity--a"}';
      const b = '{"our_identity_ref":"identity--b"}';
      assert.deepEqual(await store.write((tx) => tx.partners.putReleasePolicy({ policyJson: a, at: T0, actor: 'cli:x' })), { version: 1, changed: true });
      assert.deepEqual(await store.write((tx) => tx.partners.putReleasePolicy({ policyJson: a, at: T1, actor: 'cli:x' })), { version: 1, changed: false });
      assert.deepEqual(await store.write((tx) => tx.partners.putReleasePolicy({ policyJson: b, at: T2, actor: 'user:admin' })), { version: 2, changed: true });
      assert.deepEqual(await store.partners.getReleasePolicy(), { version: 2, policyJson: b, recordedAt: T2, actor: 'user:admin' });
      assert.deepEqual(await store.partners.getReleasePolicyVersion(1), { version: 1, policyJson: a, recordedAt: T0, actor: 'cli:x' });
      assert.equal(await store.partners.getReleasePolicyVersion(3), null);
    });

    storeTest('partners and their versions survive a reopen', async ({ store, reopen }) => {
      await store.write(async (tx) => {
        await tx.partners.putPartner(put('p', 1, 'one'));
        await tx.partners.putPartner(put('p', 1, 'two', T1));
        await tx.partners.putReleasePolicy({ policyJson: '{}', at: T0, actor: 'a' });
      });
      await store.close();
      const again = await (reopen as () => Promise<typeof store>)();
      assert.equal((await again.partners.getPartner('p'))?.version, 2);
      assert.equal((await again.partners.partnerHistory('p')).length, 2);
      assert.equal((await again.partners.getReleasePolicy())?.version, 1);
    }, { reopen: true });
  });
}
