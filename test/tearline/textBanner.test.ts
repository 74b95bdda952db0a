// A report pasted as text carries its banner line as a statement marking-definition created by
// the text extractor. That definition must be able to travel with a release, or nothing a
// field report says could ever be released (found by the workbench's browser flow).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertInput } from '../../src/ingest/convertInput.ts';
import { computeTearline } from '../../src/app/computeTearline.ts';
import { releasePolicy } from '../../src/policy/policy.ts';
import { TEARLINE_IDENTITY_ID } from '../../src/domain/markings/extension.ts';
import { TEXT_EXTRACTOR_IDENTITY_ID } from '../../src/domain/markings/systemIdentities.ts';
import { validateBundle } from '../../src/domain/stix/index.ts';
import type { StixObject } from '../../src/domain/stix/object.ts';
import type { Partner } from '../../src/domain/partners/partner.ts';

const TEXT = [
  'SECRET//REL TO USA, GBR',
  '',
  'Field report, 3 March 2025. Members of the Crimson Hand were seen near the Al-Noor Shrine in Damascus',
  'on 1 March 2025, photographing the gates. A car bomb attack is planned for 14 March 2025.',
  '',
  'SECRET//REL TO USA, GBR',
].join('\n');

const partner = (name: string, country: string): Partner => ({
  name,
  identityRef: `identity--0a1b2c3d-0000-4000-8000-${country === 'GBR' ? '0000000000b1' : '0000000000b2'}`,
  country,
  organization: name,
  clearance: 'S',
  communities: [],
  channels: [],
  consents: [],
  sharingScopes: [],
});

function extracted(): StixObject[] {
  const converted = convertInput('text', Buffer.from(TEXT, 'utf8'), { maxBytes: 1 << 20, now: '2025-03-03T10:00:00.000Z', published: '2025-03-03' });
  assert.ok(converted.ok, 'the text converts');
  return converted.objects as StixObject[];
}

function release(objects: StixObject[], to: Partner) {
  return computeTearline({
    objects,
    partner: to,
    policy: releasePolicy({ ourCountry: 'USA', ourIdentityRef: TEARLINE_IDENTITY_ID, ourIdentityName: 'Tearline' }),
    releaseId: 'rel-text-banner',
    releasedAt: '2025-03-03T11:00:00.000Z',
    secret: 'k',
  });
}

test('a banner statement from the text extractor travels with a release the banner allows', () => {
  const objects = extracted();
  const banner = objects.find((o) => o.type === 'marking-definition' && o.created_by_ref === TEXT_EXTRACTOR_IDENTITY_ID);
  assert.ok(banner !== undefined, 'the extractor wrote the banner as a marking-definition');
  const report = objects.find((o) => o.type === 'report');
  assert.ok(report !== undefined);
  assert.ok((report.object_marking_refs as string[] | undefined)?.includes(banner.id), 'the report carries the banner marking');

  const toBritain = release(objects, partner('UK liaison', 'GBR'));
  assert.deepEqual(validateBundle(toBritain.bundle).errors, []);
  const released = toBritain.bundle.objects ?? [];
  assert.ok(released.some((o) => o.id === banner.id), 'the banner definition is released unchanged');
  assert.ok(released.some((o) => o.type === 'report'), 'the report is released to a partner the banner covers');
  assert.match(toBritain.marking.banner, /SECRET\/\/REL TO USA, GBR/);
  assert.equal(toBritain.withheld.find((w) => w.id === banner.id), undefined);
});

test('the same report stays withheld from a partner the banner does not cover', () => {
  const objects = extracted();
  const toSyria = release(objects, partner('GSS', 'SYR'));
  const released = toSyria.bundle.objects ?? [];
  assert.equal(released.some((o) => o.type === 'report'), false);
  const report = objects.find((o) => o.type === 'report') as StixObject;
  assert.ok(toSyria.withheld.some((w) => w.id === report.id), 'the report is listed as withheld with its reasons');
  assert.equal(JSON.stringify(toSyria.bundle).includes('Crimson Hand'), false);
});
