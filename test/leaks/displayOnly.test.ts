// Regression (found by the random leak test, seeds 3 and 8): under a release policy in
// `disclosure` mode the engine tears DISPLAY ONLY portions into the product — right for a
// meeting — and the warning workflow then sent that product as a copy on TAXII, webhook and
// email. DISPLAY ONLY may be shown or told, never handed over as a copy (DOMAIN.md §2, issue
// 4), so a draft that carries it is refused on any electronic channel; drafted with no
// channel it can still be approved and disclosed in person, and nothing is sent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { IDS } from '../../src/app/tearline/fixtures/founding-scenario.ts';
import { toMarkingDefinition } from '../../src/domain/markings/extension.ts';
import { marking } from '../../src/domain/markings/model.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { canaryMaker } from './oracle.ts';
import { buildGolden } from './release.ts';
import { foundingPackage, type LeakPackage } from './scenarios.ts';
import { copyDatabase, startLeakServer } from './server.ts';
import { startPeers, type Peers } from './suite.ts';

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => {
  await peers.close();
});

/** The founding package under a disclosure-mode policy, plus one portion Syria may be shown but not given. */
function withDisplayOnly(pkg: LeakPackage, canary: string): LeakPackage {
  const displayOnly = toMarkingDefinition(marking({ classification: 'S', displayOnly: true, displayTo: ['SYR'] }), { createdByRef: IDS.agency });
  const safeHouse: StixObject = {
    type: 'location', spec_version: '2.1', id: 'location--5d1c0b7e-3a44-4c2e-9f61-0e8b7d2a9c15', created: '2025-07-03T06:00:00.000Z', modified: '2025-07-03T06:00:00.000Z',
    created_by_ref: IDS.agency, name: `Safe house used by the cell ${canary}`, country: 'SY', object_marking_refs: [displayOnly.id],
  };
  const extra = pkg.extra.map((o) => (o.type === 'note' ? { ...o, object_refs: [...(o.object_refs as string[]), safeHouse.id] } : o));
  return { ...pkg, extra: [displayOnly, safeHouse, ...extra], policy: { ...pkg.policy, mode: 'disclosure' } };
}

test('DISPLAY ONLY material is never sent as a copy: the draft is refused on electronic channels, and goes in person only', async () => {
  const now = new Date();
  const tag = randomBytes(3).toString('hex');
  const canary = `cnry${tag}n999q`;
  const pkg = withDisplayOnly(foundingPackage(now, peers.webhooks.baseUrl, canaryMaker(tag)), canary);
  const golden = await buildGolden(pkg, now);
  const dir = copyDatabase(golden.dir.db, 'tearline-leaks-display-only-');
  const server = await startLeakServer(dir.db, peers.env);
  try {
    const { auth, caseId } = golden;
    const preview = await server.request('POST', `/api/warnings/${caseId}/release-preview`, { auth: auth.olga, body: { partnerName: 'syria-gss' } });
    assert.equal(preview.status, 200, preview.text());
    const shown = preview.json<{ marking: { marking: { displayOnly: boolean } }; bundle: unknown }>();
    assert.equal(shown.marking.marking.displayOnly, true, 'in a disclosure, Syria may be shown the safe house');
    assert.ok(JSON.stringify(shown.bundle).includes(canary));

    const text = 'A vehicle bomb attack is planned against the Sayyida Zaynab shrine within 72 hours.';
    const refused = await server.request('POST', `/api/warnings/${caseId}/draft`, { auth: auth.ana, body: { partnerName: 'syria-gss', warningText: text } });
    assert.equal(refused.status, 409, refused.text());
    assert.equal(refused.json<{ error: { code: string } }>().error.code, 'display-only-copy');
    const explicit = await server.request('POST', `/api/warnings/${caseId}/draft`, { auth: auth.ana, body: { partnerName: 'syria-gss', warningText: text, channels: ['email'] } });
    assert.equal(explicit.status, 409, 'not on one channel either');
    const detail = await server.request('GET', `/api/warnings/${caseId}`, { auth: auth.olga });
    assert.deepEqual(detail.json<{ products: unknown[] }>().products, [], 'nothing was frozen');

    // In person: drafted with no channel, approved by three others, and nothing is sent.
    const drafted = await server.request('POST', `/api/warnings/${caseId}/draft`, { auth: auth.ana, body: { partnerName: 'syria-gss', warningText: text, channels: [] } });
    assert.equal(drafted.status, 200, drafted.text());
    const hash = drafted.json<{ product: { sha256: string } }>().product.sha256;
    const command = async (who: string, body: Record<string, unknown>): Promise<void> => {
      const answer = await server.request('POST', `/api/warnings/${caseId}/commands`, { auth: auth[who], body });
      assert.equal(answer.status, 200, `${String(body.type)} by ${who}: ${answer.text()}`);
    };
    await command('ana', { type: 'submit_for_release' });
    await command('olga', { type: 'approve_release', as: 'duty_to_warn_officer', productHash: hash });
    await command('finn', { type: 'approve_release', as: 'foreign_disclosure_officer', productHash: hash });
    await command('orla', { type: 'approve_release', as: 'originator', productHash: hash });
    const outbox = await server.request('GET', `/api/deliveries?caseId=${caseId}`, { auth: auth.dan });
    assert.deepEqual(outbox.json<{ items: unknown[] }>().items, [], 'no delivery was requested');
    assert.equal((await server.dispatch()).claimed, 0);
    assert.equal(peers.webhooks.received.length + peers.mail.messages.length, 0, 'nothing left the server');
  } finally {
    await server.close();
    dir.cleanup();
    golden.dir.cleanup();
  }
});
