// The founding scenario (fixtures/founding-scenario.ts): a warning to Syria's security service
// carries the target, the window and the method, and nothing of the intercept or the cable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTearline, type TearlineResult } from '../computeTearline.ts';
import { IDS, MARKINGS, OBJECTS, PARTNERS, POLICY, RELEASE, SECRETS } from './fixtures/founding-scenario.ts';
import { validateBundle } from '../../domain/stix/index.ts';
import type { Partner } from '../../domain/partners/partner.ts';
import type { PolicyConsent } from '../../policy/policy.ts';

function release(partner: Partner, consents: PolicyConsent[] = []): TearlineResult {
  return computeTearline({ objects: OBJECTS, partner, policy: { ...POLICY, consents }, ...RELEASE });
}

function released(r: TearlineResult, originalId: string) {
  const id = r.provenance.find((e) => e.originalId === originalId)?.derivedId ?? originalId;
  return r.bundle.objects?.find((o) => o.id === id);
}

describe('founding scenario: warning Syria about the shrine plot', () => {
  const r = release(PARTNERS.syria);
  const json = JSON.stringify(r.bundle);

  test('the tearline is a valid STIX 2.1 bundle', () => {
    assert.deepEqual(validateBundle(r.bundle).errors, []);
  });

  test('it carries the target, the window and the method', () => {
    assert.equal(released(r, IDS.shrine)?.['name'], 'Sayyida Zaynab shrine');
    const plot = released(r, IDS.plot);
    assert.equal(plot?.['first_seen'], '2025-07-03T00:00:00.000Z');
    assert.equal(plot?.['last_seen'], '2025-07-06T23:59:59.000Z');
    assert.equal(released(r, IDS.method)?.['name'], 'Suicide attack with an explosive vest');
    for (const id of [IDS.targets, IDS.uses, IDS.attributed, IDS.warning, IDS.newsReport, IDS.isis]) assert.ok(released(r, id), id);
    const targets = released(r, IDS.targets);
    assert.equal(targets?.['source_ref'], released(r, IDS.plot)?.id);
    assert.equal(targets?.['target_ref'], released(r, IDS.shrine)?.id);
  });

  test('nothing of the intercept, the cable or our case files', () => {
    for (const secret of [...SECRETS.intercept, ...SECRETS.cable, ...SECRETS.internal]) assert.ok(!json.includes(secret), secret);
    for (const id of [IDS.intercept, IDS.channel, IDS.indicates, IDS.facilitator, IDS.cable, IDS.cellMember, IDS.sigint, IDS.liaison]) {
      assert.ok(!json.includes(id), id);
      assert.ok(r.withheld.some((w) => w.id === id), `${id} listed as withheld`);
    }
    for (const m of [MARKINGS.intercept, MARKINGS.cable, MARKINGS.sourceProtected]) assert.ok(!json.includes(m.id), m.name as string);
  });

  test('the warning report lost its references to withheld objects only', () => {
    const warning = released(r, IDS.warning);
    assert.equal((warning?.['object_refs'] as string[]).length, 8);
    assert.deepEqual(
      r.redacted.filter((x) => x.id === IDS.warning).map((x) => x.selector),
      ['object_refs.[7]', 'object_refs.[8]'],
    );
  });

  test('the method written by the SIGINT unit is released under our name', () => {
    assert.equal(released(r, IDS.method)?.['created_by_ref'], IDS.agency);
    assert.ok(r.bundle.objects?.some((o) => o.id === IDS.agency));
  });

  test('banner SECRET//REL TO USA, SYR; our TLP:AMBER+STRICT and PAP:GREEN travel with it', () => {
    assert.equal(r.marking.banner, 'SECRET//REL TO USA, SYR');
    assert.equal(r.marking.tlp, 'TLP:AMBER+STRICT');
    assert.equal(r.marking.pap, 'PAP:GREEN');
  });

  test('the reasons tell the releasing officer why', () => {
    const codes = (id: string) => r.withheld.find((w) => w.id === id)?.reasons.map((x) => x.code).sort();
    assert.deepEqual(codes(IDS.intercept), ['noforn', 'orcon-no-consent']);
    assert.deepEqual(codes(IDS.cable), ['rel-to-excludes']);
    assert.deepEqual(codes(IDS.sigint), ['noforn', 'source-protected']);
  });
});

describe('founding scenario: a tearline read back in', () => {
  test('releasing a released bundle again gives valid STIX with no duplicate objects', () => {
    const first = release(PARTNERS.syria);
    const again = computeTearline({ objects: first.bundle.objects ?? [], partner: PARTNERS.syria, policy: POLICY, releaseId: 'again', releasedAt: RELEASE.releasedAt });
    assert.deepEqual(validateBundle(again.bundle).errors, []);
    assert.equal(again.bundle.objects?.length, first.bundle.objects?.length);
    assert.equal(again.marking.banner, first.marking.banner);
  });
});

describe('founding scenario: the same package to other partners', () => {
  test('Britain gets the cable but not the intercept, nor the tearline portions REL TO USA, SYR', () => {
    const r = release(PARTNERS.britain);
    assert.deepEqual(validateBundle(r.bundle).errors, []);
    assert.ok(released(r, IDS.cable) && released(r, IDS.cellMember));
    assert.ok(!released(r, IDS.plot) && !released(r, IDS.intercept));
    assert.equal(r.marking.banner, 'SECRET//REL TO USA, GBR');
    const json = JSON.stringify(r.bundle);
    for (const secret of SECRETS.intercept) assert.ok(!json.includes(secret), secret);
  });

  test('at home, the intercept goes only with the originator consent, its source still protected', () => {
    const without = release(PARTNERS.fbi);
    assert.ok(!released(without, IDS.intercept));
    const consent: PolicyConsent = { type: 'orcon', originator: IDS.sigint, partner: PARTNERS.fbi.identityRef, releaseId: RELEASE.releaseId };
    const r = release(PARTNERS.fbi, [consent]);
    assert.deepEqual(validateBundle(r.bundle).errors, []);
    const intercept = released(r, IDS.intercept);
    assert.ok(intercept);
    assert.equal(intercept['created_by_ref'], IDS.agency);
    assert.ok(!JSON.stringify(r.bundle).includes('SIGINT collection unit'));
    assert.equal(r.marking.banner, 'SECRET//ORCON/NOFORN');
  });
});
