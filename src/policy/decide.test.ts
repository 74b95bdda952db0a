import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decidePortion, decideObject, releaseContext } from './decide.ts';
import { releasePolicy, type PolicyConsent, type ReleasePolicy } from './policy.ts';
import { combine, marking, type Marking } from '../domain/markings/model.ts';
import { arbMarking } from '../domain/markings/testing.ts';
import { portionsOf } from '../domain/markings/portions.ts';
import { buildMarkingIndex } from '../domain/markings/resolver.ts';
import { toMarkingDefinition } from '../domain/markings/extension.ts';
import type { Partner } from '../domain/partners/partner.ts';

const US = 'identity--11111111-1111-4111-8111-111111111111';
const UK_LIAISON = 'identity--22222222-2222-4222-8222-222222222222';
const OBJ = 'report--33333333-3333-4333-8333-333333333333';

const syria: Partner = {
  name: 'Syrian GSS',
  identityRef: 'identity--44444444-4444-4444-8444-444444444444',
  country: 'SYR',
  organization: 'GSS',
  clearance: 'S',
  communities: ['levant-ct'],
  channels: [],
  consents: [],
  sharingScopes: [],
};
const domestic: Partner = { ...syria, name: 'FBI', identityRef: 'identity--55555555-5555-4555-8555-555555555555', country: 'USA', clearance: 'TS', communities: [] };

const policy = (extra: Partial<ReleasePolicy> = {}) => releasePolicy({ ourCountry: 'USA', ourIdentityRef: US, ...extra });

function decide(m: Marking, opts: { partner?: Partner; policy?: ReleasePolicy; originator?: string; releaseId?: string } = {}) {
  const ctx = releaseContext(opts.policy ?? policy(), opts.partner ?? syria, opts.releaseId ?? 'rel-1');
  return decidePortion(m, { objectId: OBJ, ...(opts.originator !== undefined ? { originator: opts.originator } : {}) }, ctx);
}

const codes = (d: { reasons: readonly { code: string }[] }) => d.reasons.map((r) => r.code);

describe('classification and dissemination', () => {
  test('classification above the partner clearance withholds', () => {
    assert.deepEqual(codes(decide(marking({ classification: 'TS', relTo: ['USA', 'SYR'] }))), ['above-clearance']);
    assert.ok(decide(marking({ classification: 'S', relTo: ['USA', 'SYR'] })).release);
  });

  test('NOFORN withholds from a foreign partner, not from a domestic one', () => {
    assert.deepEqual(codes(decide(marking({ classification: 'S', noforn: true }))), ['noforn']);
    assert.ok(decide(marking({ classification: 'S', noforn: true }), { partner: domestic }).release);
  });

  test('without our country configured every partner is foreign', () => {
    const p = releasePolicy({ ourIdentityRef: US });
    assert.deepEqual(codes(decide(marking({ classification: 'S', noforn: true }), { partner: domestic, policy: p })), ['noforn']);
  });

  test('REL TO must cover the partner country; classified without REL TO stays home', () => {
    assert.deepEqual(codes(decide(marking({ classification: 'S', relTo: ['USA', 'GBR'] }))), ['rel-to-excludes']);
    assert.deepEqual(codes(decide(marking({ classification: 'C' }))), ['no-foreign-release']);
    assert.ok(decide(marking({ classification: 'U' })).release);
    assert.deepEqual(codes(decide(marking({ classification: 'U', relTo: ['USA'] }))), ['rel-to-excludes']);
  });

  test('ORCON needs a recorded originator consent for this release', () => {
    const m = marking({ classification: 'S', relTo: ['USA', 'SYR'], orcon: true });
    assert.deepEqual(codes(decide(m, { originator: UK_LIAISON })), ['orcon-no-consent']);
    const consent: PolicyConsent = { type: 'orcon', originator: UK_LIAISON, partner: syria.identityRef, releaseId: 'rel-1' };
    assert.ok(decide(m, { originator: UK_LIAISON, policy: policy({ consents: [consent] }) }).release);
    // Recorded for another release, another partner or another originator: does not hold.
    assert.ok(!decide(m, { originator: UK_LIAISON, policy: policy({ consents: [consent] }), releaseId: 'rel-2' }).release);
    assert.ok(!decide(m, { originator: UK_LIAISON, policy: policy({ consents: [{ ...consent, partner: domestic.identityRef }] }) }).release);
    assert.ok(!decide(m, { originator: US, policy: policy({ consents: [consent] }) }).release);
    // A standing consent in the partner profile holds for every release.
    const standing = { ...syria, consents: [{ type: 'orcon' as const, originator: UK_LIAISON }] };
    assert.ok(decide(m, { originator: UK_LIAISON, partner: standing, releaseId: 'any' }).release);
  });

  test('RELIDO needs a recorded disclosure-officer decision, which extends REL TO', () => {
    const m = marking({ classification: 'S', relTo: ['USA', 'GBR'], relido: true });
    assert.deepEqual(codes(decide(m)), ['relido-no-decision']);
    const decision: PolicyConsent = { type: 'relido', grantedBy: 'FDO J. Smith', partner: syria.identityRef };
    const d = decide(m, { policy: policy({ consents: [decision] }) });
    assert.ok(d.release);
    assert.deepEqual(d.effective.relTo, ['GBR', 'SYR', 'USA']);
    // Not needed where REL TO already covers the partner.
    assert.ok(decide(marking({ classification: 'S', relTo: ['USA', 'SYR'], relido: true })).release);
  });

  test('DISPLAY ONLY: disclosed in a meeting, never released as a copy', () => {
    const m = marking({ classification: 'S', displayOnly: true, displayTo: ['SYR'] });
    assert.deepEqual(codes(decide(m)).sort(), ['display-only', 'no-foreign-release']);
    assert.deepEqual(codes(decide(marking({ classification: 'S', relTo: ['USA', 'SYR'], displayOnly: true }))), ['display-only']);
    assert.ok(decide(m, { policy: policy({ mode: 'disclosure' }) }).release);
    assert.deepEqual(codes(decide(marking({ classification: 'S', displayOnly: true, displayTo: ['IRQ'] }), { policy: policy({ mode: 'disclosure' }) })), ['no-foreign-release']);
    assert.deepEqual(codes(decide(m, { partner: domestic })), ['display-only']);
  });

  test('source-protected portions are never released, not even at home', () => {
    assert.deepEqual(codes(decide(marking({ sourceProtected: true }), { partner: domestic })), ['source-protected']);
  });

  test('controls we do not interpret withhold unless the policy lists them', () => {
    const m = marking({ classification: 'U', otherControls: ['FOUO'] });
    assert.deepEqual(codes(decide(m)), ['unknown-control']);
    assert.ok(decide(m, { policy: policy({ releasableControls: ['FOUO'] }) }).release);
  });

  test('ACS further-sharing scopes must include the partner', () => {
    const m = marking({ classification: 'U', sharingScopes: ['USA.USG'] });
    assert.deepEqual(codes(decide(m)), ['sharing-scope']);
    assert.ok(decide(m, { partner: { ...syria, sharingScopes: ['USA.USG'] } }).release);
    assert.ok(decide(marking({ sharingScopes: ['SYR'] })).release);
  });

  test('every applicable reason is reported', () => {
    const d = decide(marking({ classification: 'TS', noforn: true, orcon: true, sourceProtected: true }));
    assert.deepEqual(codes(d).sort(), ['above-clearance', 'noforn', 'orcon-no-consent', 'source-protected']);
  });
});

describe('TLP', () => {
  test('TLP on our own material travels and binds; it never stops our release', () => {
    for (const tlp of ['green', 'amber', 'amber+strict', 'red'] as const) {
      assert.ok(decide(marking({ tlp }), { originator: US, partner: { ...syria, communities: [] } }).release, tlp);
    }
  });

  test('others material: CLEAR to anyone, GREEN within a shared community', () => {
    assert.ok(decide(marking({ tlp: 'clear' }), { originator: UK_LIAISON }).release);
    assert.deepEqual(codes(decide(marking({ tlp: 'green' }), { originator: UK_LIAISON })), ['tlp-not-permitted']);
    assert.ok(decide(marking({ tlp: 'green' }), { originator: UK_LIAISON, policy: policy({ communities: ['levant-ct'] }) }).release);
  });

  test('others AMBER, AMBER+STRICT and RED only with the originator permission, up to its level', () => {
    const permission = { type: 'tlp' as const, originator: UK_LIAISON, maxTlp: 'amber' as const };
    const partner = { ...syria, consents: [permission] };
    assert.ok(decide(marking({ tlp: 'amber' }), { originator: UK_LIAISON, partner }).release);
    assert.ok(decide(marking({ tlp: 'green' }), { originator: UK_LIAISON, partner }).release);
    assert.deepEqual(codes(decide(marking({ tlp: 'amber+strict' }), { originator: UK_LIAISON, partner })), ['tlp-not-permitted']);
    assert.deepEqual(codes(decide(marking({ tlp: 'red' }), { originator: UK_LIAISON })), ['tlp-not-permitted']);
    // Material with no known originator is never ours.
    assert.deepEqual(codes(decide(marking({ tlp: 'amber' }))), ['tlp-not-permitted']);
  });
});

describe('decideObject', () => {
  const secretSyr = toMarkingDefinition(marking({ classification: 'S', relTo: ['USA', 'SYR'] }));
  const nofornDef = toMarkingDefinition(marking({ classification: 'S', noforn: true, orcon: true }));
  const acsLike = toMarkingDefinition(marking({ classification: 'S', relTo: ['USA', 'SYR'], tearlineAllowed: false }));
  const index = buildMarkingIndex([secretSyr, nofornDef, acsLike]);
  const ctx = releaseContext(policy(), syria, 'rel-1');
  const base = {
    type: 'campaign',
    spec_version: '2.1',
    id: 'campaign--66666666-6666-4666-8666-666666666666',
    created: '2025-07-01T00:00:00.000Z',
    modified: '2025-07-01T00:00:00.000Z',
    name: 'Plot against the shrine',
    description: 'details from an intercept',
    object_marking_refs: [secretSyr.id],
  };

  test('redacts granular portions the partner may not see, topmost only', () => {
    const obj = { ...base, external_references: [{ source_name: 'x', url: 'https://x' }], granular_markings: [{ marking_ref: nofornDef.id, selectors: ['description', 'external_references', 'external_references.[0].url'] }] };
    const d = decideObject(portionsOf(obj, index.resolve), { objectId: obj.id }, ctx);
    assert.equal(d.verdict, 'redact');
    assert.deepEqual(d.redactions.map((r) => r.selector).sort(), ['description', 'external_references']);
    assert.equal(d.portions.length, 1);
  });

  test('an unknown marking withholds; a dangling marking_ref is unknown', () => {
    const obj = { ...base, object_marking_refs: ['marking-definition--77777777-7777-4777-8777-777777777777'] };
    const d = decideObject(portionsOf(obj, index.resolve), { objectId: obj.id }, ctx);
    assert.equal(d.verdict, 'withhold');
    assert.deepEqual(codes(d), ['unknown-marking']);
  });

  test('a granular unknown marking redacts that property', () => {
    const obj = { ...base, granular_markings: [{ marking_ref: 'marking-definition--77777777-7777-4777-8777-777777777777', selectors: ['description'] }] };
    const d = decideObject(portionsOf(obj, index.resolve), { objectId: obj.id }, ctx);
    assert.equal(d.verdict, 'redact');
    assert.deepEqual(codes(d.redactions[0] ?? { reasons: [] }), ['unknown-marking']);
  });

  test('when the marking forbids a tearline, a redaction withholds the whole object', () => {
    const obj = { ...base, object_marking_refs: [acsLike.id], granular_markings: [{ marking_ref: nofornDef.id, selectors: ['description'] }] };
    const d = decideObject(portionsOf(obj, index.resolve), { objectId: obj.id }, ctx);
    assert.equal(d.verdict, 'withhold');
    assert.deepEqual(codes(d), ['tearline-prohibited']);
  });
});

describe('decisions are monotone (property-based)', () => {
  test('adding a marking to a portion never turns a withhold into a release', () => {
    const partners = fc.constantFrom(syria, domestic, { ...syria, country: 'GBR', clearance: 'TS' as const });
    fc.assert(
      fc.property(arbMarking, arbMarking, partners, fc.constantFrom('release', 'disclosure') as fc.Arbitrary<'release' | 'disclosure'>, (a, b, partner, mode) => {
        const p = policy({ mode, communities: ['levant-ct'] });
        const both = decide(combine(a, b), { partner, policy: p, originator: UK_LIAISON });
        if (both.release) assert.ok(decide(a, { partner, policy: p, originator: UK_LIAISON }).release);
      }),
    );
  });
});
