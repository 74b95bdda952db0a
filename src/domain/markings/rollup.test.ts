import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rollUp, productMarking } from './rollup.ts';
import { parseBanner, renderBanner } from './banner.ts';
import type { Marking } from './model.ts';
import { classificationRank, isClassified, marking, papRank, tlpRank } from './model.ts';
import { arbMarking, COUNTRY_POOL } from './testing.ts';

const ALL = new Set<string>(COUNTRY_POOL);

/** Countries a marking lets us hand a copy to, on the way our roll-up reads it. */
function releaseSet(m: Marking): { set: Set<string>; relido: boolean } {
  if (m.noforn) return { set: new Set(), relido: false };
  if (!isClassified(m)) return { set: ALL, relido: true };
  return { set: new Set(m.relTo ?? []), relido: m.relido };
}

function showSet(m: Marking): Set<string> {
  if (m.noforn) return new Set();
  if (!isClassified(m)) return ALL;
  return new Set([...(m.relTo ?? []), ...(m.displayTo ?? [])]);
}

function subset(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** b is at least as restrictive as a, on every axis of the model. */
function atLeastAsRestrictive(b: Marking, a: Marking): boolean {
  const ra = releaseSet(a);
  const rb = releaseSet(b);
  return (
    classificationRank(b.classification) >= classificationRank(a.classification) &&
    (!a.noforn || b.noforn) &&
    (!a.orcon || b.orcon) &&
    (!a.displayOnly || b.displayOnly) &&
    (!a.sourceProtected || b.sourceProtected) &&
    (!a.concealSource || b.concealSource) &&
    (!b.tearlineAllowed || a.tearlineAllowed) &&
    a.otherControls.every((c) => b.otherControls.includes(c)) &&
    tlpRank(b.tlp) >= tlpRank(a.tlp) &&
    papRank(b.pap) >= papRank(a.pap) &&
    (a.sharingScopes === undefined || (b.sharingScopes !== undefined && b.sharingScopes.every((s) => a.sharingScopes?.includes(s)))) &&
    subset(rb.set, ra.set) &&
    (!rb.relido || ra.relido) &&
    subset(showSet(b), showSet(a))
  );
}

const S_REL = (list: string[]) => marking({ classification: 'S', relTo: list });

describe('roll-up rules (DOMAIN.md §2)', () => {
  test('highest classification wins; NOFORN and ORCON carry', () => {
    const m = rollUp([marking({ classification: 'C' }), marking({ classification: 'S', noforn: true }), marking({ classification: 'U', orcon: true })]);
    assert.equal(m.classification, 'S');
    assert.equal(m.noforn, true);
    assert.equal(m.orcon, true);
    assert.equal(renderBanner(m), 'SECRET//ORCON/NOFORN');
  });

  test('REL TO is the intersection over classified portions, tetragraphs expanded (r08)', () => {
    const p1 = parseBanner('(S//REL TO USA, FVEY)');
    const p2 = parseBanner('(S//REL TO USA, GBR)');
    const p3 = parseBanner('(C//REL TO USA, GBR)');
    const p4 = parseBanner('(U)');
    assert.ok(p1 && p2 && p3 && p4);
    const m = rollUp([p1, p2, p3, p4], { ourCountry: 'USA' });
    assert.equal(renderBanner(m), 'SECRET//REL TO USA, GBR');
  });

  test('r09: REL TO USA, GBR, PRT and REL TO USA, PRT give REL TO USA, PRT', () => {
    const m = rollUp([S_REL(['USA', 'GBR', 'PRT']), S_REL(['USA', 'PRT']), marking({ classification: 'U' })], { ourCountry: 'USA' });
    assert.equal(renderBanner(m), 'SECRET//REL TO USA, PRT');
  });

  test('REL TO needs every classified portion to be REL TO; unclassified portions do not count', () => {
    const m = rollUp([S_REL(['USA', 'SYR']), marking({ classification: 'C' })]);
    assert.equal(m.relTo, undefined);
    assert.equal(m.noforn, false);
    assert.equal(renderBanner(m), 'SECRET');
  });

  test('an empty intersection, or one with only our country left, is NOFORN', () => {
    assert.equal(renderBanner(rollUp([S_REL(['USA', 'GBR']), S_REL(['USA', 'SYR'])], { ourCountry: 'USA' })), 'SECRET//NOFORN');
    assert.equal(renderBanner(rollUp([S_REL(['GBR']), S_REL(['SYR'])])), 'SECRET//NOFORN');
  });

  test('NOFORN and REL TO never together', () => {
    const m = rollUp([S_REL(['USA', 'GBR']), marking({ classification: 'C', noforn: true })]);
    assert.equal(m.noforn, true);
    assert.equal(m.relTo, undefined);
  });

  test('RELIDO only if on every classified portion', () => {
    const relido = marking({ classification: 'S', relido: true, relTo: ['USA', 'GBR'] });
    assert.equal(rollUp([relido, marking({ classification: 'U' })]).relido, true);
    assert.equal(rollUp([relido, S_REL(['USA', 'GBR'])]).relido, false);
    assert.equal(renderBanner(rollUp([relido]), { ourCountry: 'USA' }), 'SECRET//REL TO USA, GBR/RELIDO');
  });

  test('TLP and PAP: most restrictive wins, rendered apart from the banner', () => {
    const p = productMarking([marking({ tlp: 'green', pap: 'amber' }), marking({ tlp: 'amber+strict', pap: 'green' }), marking({ tlp: 'clear' })]);
    assert.equal(p.banner, 'UNCLASSIFIED');
    assert.equal(p.tlp, 'TLP:AMBER+STRICT');
    assert.equal(p.pap, 'PAP:AMBER');
  });

  test('USA first, then alphabetical; our country configurable', () => {
    assert.equal(renderBanner(rollUp([S_REL(['SYR', 'USA'])])), 'SECRET//REL TO USA, SYR');
    assert.equal(renderBanner(rollUp([S_REL(['SYR', 'GBR', 'AUS'])]), { ourCountry: 'GBR' }), 'SECRET//REL TO GBR, AUS, SYR');
  });

  test('no portions: UNCLASSIFIED, nothing else', () => {
    const p = productMarking([]);
    assert.equal(p.banner, 'UNCLASSIFIED');
    assert.equal(p.tlp, undefined);
  });
});

describe('roll-up lattice laws (property-based)', () => {
  const portions = fc.array(arbMarking, { maxLength: 8 });
  const country = fc.option(fc.constantFrom('USA', 'GBR', 'SYR'), { nil: undefined });

  test('order of portions never matters', () => {
    fc.assert(
      fc.property(portions, country, fc.integer(), (ps, ourCountry, seed) => {
        const shuffled = [...ps].sort((a, b) => (JSON.stringify(a).length * 31 + seed) % 7 - (JSON.stringify(b).length * 17 + seed) % 5);
        const reversed = [...ps].reverse();
        const opts = ourCountry ? { ourCountry } : {};
        assert.deepEqual(rollUp(shuffled, opts), rollUp(ps, opts));
        assert.deepEqual(rollUp(reversed, opts), rollUp(ps, opts));
      }),
    );
  });

  test('idempotent: repeating portions, or rolling up a roll-up, changes nothing', () => {
    fc.assert(
      fc.property(portions, country, (ps, ourCountry) => {
        const opts = ourCountry ? { ourCountry } : {};
        const once = rollUp(ps, opts);
        assert.deepEqual(rollUp([...ps, ...ps], opts), once);
        assert.deepEqual(rollUp([once], opts), once);
        assert.deepEqual(rollUp([once, ...ps], opts), once);
      }),
    );
  });

  test('monotone: adding a portion never loosens the result', () => {
    fc.assert(
      fc.property(portions, arbMarking, country, (ps, extra, ourCountry) => {
        const opts = ourCountry ? { ourCountry } : {};
        const before = rollUp(ps, opts);
        const after = rollUp([...ps, extra], opts);
        assert.ok(atLeastAsRestrictive(after, before), `${JSON.stringify(after)} looser than ${JSON.stringify(before)}`);
      }),
    );
  });

  test('the whole is at least as restrictive as each portion, except REL TO of unclassified portions', () => {
    fc.assert(
      fc.property(portions.filter((ps) => ps.length > 0), (ps) => {
        const whole = rollUp(ps);
        for (const p of ps) {
          assert.ok(classificationRank(whole.classification) >= classificationRank(p.classification));
          assert.ok(tlpRank(whole.tlp) >= tlpRank(p.tlp));
          if (p.noforn) assert.ok(whole.noforn);
          if (isClassified(p)) assert.ok(subset(releaseSet(whole).set, releaseSet(p).set));
        }
      }),
    );
  });

  test('the rendered banner reads back to the same classification and controls', () => {
    fc.assert(
      fc.property(portions, (ps) => {
        const whole = rollUp(ps, { ourCountry: 'USA' });
        const back = parseBanner(renderBanner(whole, { ourCountry: 'USA' }));
        assert.ok(back);
        assert.equal(back.classification, whole.classification ?? 'U');
        assert.equal(back.noforn, whole.noforn);
        assert.equal(back.orcon, whole.orcon);
        assert.equal(back.relido, whole.relido);
        assert.deepEqual(back.relTo, whole.relTo && whole.relTo.length > 0 ? whole.relTo : undefined);
        assert.deepEqual(back.otherControls, whole.otherControls);
      }),
    );
  });
});
