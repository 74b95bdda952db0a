// Recorded disclosure (DOMAIN.md §1 "Disclosure vs release"): a liaison meeting where the
// warning is told (no copy left) is recorded with who, whom, when, where and the exact
// substance's hash; a meeting where the printed warning is handed over is a release, and its
// substance is the printable document rendered from the approved product.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { recordDisclosure } from '../../src/app/delivery/recordDisclosure.ts';
import { renderPrintable } from '../../src/app/delivery/printable.ts';
import { actor, approvedCase, BANNER, openTestStore, PARTNER, testClock, WARNING_TEXT } from './support.ts';

const IN_PERSON = [{ kind: 'in-person' }];

test('a liaison meeting disclosure: recorded with its exact substance, the case delivered as a disclosure', async () => {
  const clock = testClock();
  const subject = openTestStore();
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: [], partnerChannels: IN_PERSON });
    clock.advance(3_600_000);
    const substance = 'Told Col. Haddad: a vehicle bomb is planned against the shrine before Friday prayers; guard the southern gate.';
    const meeting = new Date(Date.parse(clock.now()) - 30 * 60_000).toISOString();
    const base = {
      caseId: approved.caseId, channel: 'liaison_meeting' as const, kind: 'disclosure' as const, by: 'Damascus station chief',
      toName: 'Col. Haddad', partnerName: PARTNER, at: meeting, place: 'Liaison office, Damascus', actor: actor('dan'),
    };
    assert.equal((await recordDisclosure({ store, clock }, { ...base, substance: undefined } as never)).ok, false, 'a disclosure needs its substance');
    assert.equal((await recordDisclosure({ store, clock }, { ...base, substance, actor: actor('ana') })).ok, false, 'an analyst cannot record deliveries');
    assert.equal((await recordDisclosure({ store, clock }, { ...base, substance, at: '2099-01-01T00:00:00Z' })).ok, false, 'not in the future');
    const outcome = await recordDisclosure({ store, clock }, { ...base, substance });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(outcome.record.substanceSha256, createHash('sha256').update(substance).digest('hex'));
    assert.deepEqual([outcome.record.toOrganisation, outcome.record.toCountry], ['General Security Service', 'SYR'], 'whom: from the partner profile');
    assert.equal(outcome.caseRecord, 'recorded record_delivery');
    const stored = await store.warnings.getCase(approved.caseId);
    assert.equal(stored?.case.state, 'delivered');
    assert.deepEqual(stored?.case.deliveries.map((d) => [d.channel, d.kind, d.productHash, d.deliveredAt, d.deliveredBy]), [
      ['liaison_meeting', 'disclosure', approved.sha256, meeting, 'dan'],
    ]);
    assert.deepEqual((await store.deliveries.disclosures(approved.caseId)).map((d) => d.id), [outcome.record.id]);
    assert.equal((await store.deliveries.list({ limit: 10, caseId: approved.caseId })).items.length, 0, 'a disclosure leaves no copy: no outbox row');
  } finally {
    await subject.dispose();
  }
});

test('handing over the printed warning is a release whose substance is the rendered document', async () => {
  const clock = testClock();
  const subject = openTestStore();
  try {
    const { store } = subject;
    const approved = await approvedCase(store, clock, { channels: [], partnerChannels: IN_PERSON });
    clock.advance(60_000);
    const outcome = await recordDisclosure({ store, clock }, {
      caseId: approved.caseId, channel: 'in_person_meeting', kind: 'release', by: 'dan', toName: 'Col. Haddad', partnerName: PARTNER,
      at: clock.now(), place: 'Embassy, Damascus', actor: actor('dan'),
    });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const expected = renderPrintable({
      banner: BANNER, warningText: WARNING_TEXT, productId: `product--${approved.sha256}`, productSha256: approved.sha256,
      recipient: 'Syrian General Security Service, liaison desk',
    });
    assert.equal(outcome.record.substanceSha256, expected.sha256, 'the record names the rendered document');
    assert.equal((await store.warnings.getCase(approved.caseId))?.case.deliveries[0]?.kind, 'release');
  } finally {
    await subject.dispose();
  }
});
