// Property-based proof of the release invariant (ARCHITECTURE.md): over random object graphs
// with random object-level and granular markings, random partners and policies, nothing the
// partner may not see reaches the output. Every string in the input carries a unique canary;
// the output is serialised whole and searched.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeTearline, type TearlineResult } from '../computeTearline.ts';
import { generatePackage, type GeneratedPackage } from './generate.ts';
import { prepareTearline } from './prepare.ts';
import { collectRefSites } from './refs.ts';
import { decidePortion, releaseContext } from '../../policy/decide.ts';
import type { Partner } from '../../domain/partners/partner.ts';
import { classificationRank } from '../../domain/markings/model.ts';
import { buildMarkingIndex } from '../../domain/markings/resolver.ts';
import { portionsOf } from '../../domain/markings/portions.ts';
import { validateBundle } from '../../domain/stix/index.ts';
import type { StixObject } from '../../domain/stix/object.ts';

const runs = { numRuns: 20 };

function release(g: GeneratedPackage, partner: Partner): TearlineResult {
  return computeTearline({ objects: g.objects, partner, policy: g.policy, releaseId: g.releaseId, releasedAt: g.releasedAt, secret: 's3cret' });
}

function under(selector: string, portion: string): boolean {
  return selector === portion || selector.startsWith(`${portion}.`);
}

/** Canaries planted in `objectId`, optionally only under one selector. */
function canariesOf(g: GeneratedPackage, objectId: string, selector?: string): string[] {
  const out: string[] = [];
  for (const [text, site] of g.canaries) {
    if (site.objectId === objectId && (selector === undefined || under(site.selector, selector))) out.push(text);
  }
  return out;
}

const arbCase = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 3, max: 45 }) });

describe('tearline invariant (property-based)', () => {
  test('nothing a portion marking forbids reaches the output: no canary, no id', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 3, granularRate: 0.6 });
        const pkg = prepareTearline(g.objects);
        for (const partner of g.partners) {
          const r = release(g, partner);
          const json = JSON.stringify(r.bundle);
          const ctx = releaseContext(g.policy, partner, g.releaseId);
          for (const p of pkg.objects) {
            const subject = { objectId: p.id, ...(p.originator !== undefined ? { originator: p.originator } : {}) };
            const forbidden = p.portions.unknown.length > 0 || !decidePortion(p.portions.objectMarking, subject, ctx).release;
            if (forbidden) {
              // Our own id stands in for protected creators whatever our identity object says.
              if (p.id !== g.policy.ourIdentityRef) assert.ok(!json.includes(p.id), `${p.id} is forbidden but its id is in the output`);
              for (const c of canariesOf(g, p.id)) assert.ok(!json.includes(c), `canary ${c} of forbidden ${p.id} leaked`);
              continue;
            }
            for (const portion of p.portions.granular) {
              if (portion.unknown.length === 0 && decidePortion(portion.marking, subject, ctx).release) continue;
              for (const c of canariesOf(g, p.id, portion.selector)) assert.ok(!json.includes(c), `canary ${c} of forbidden ${p.id}/${portion.selector} leaked`);
            }
          }
        }
      }),
      runs,
    );
  });

  test('what the engine reports withheld or redacted is really absent', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 3, granularRate: 0.6 });
        for (const partner of g.partners) {
          const r = release(g, partner);
          const json = JSON.stringify(r.bundle);
          for (const w of r.withheld) {
            if (w.id === g.policy.ourIdentityRef) continue; // a minimal identity of ours stands in
            assert.ok(!json.includes(w.id), `withheld ${w.id} appears`);
            for (const c of canariesOf(g, w.id)) assert.ok(!json.includes(c), `canary ${c} of withheld ${w.id} leaked`);
          }
          for (const d of r.redacted) {
            if (d.selector === 'created_by_ref') continue;
            for (const c of canariesOf(g, d.id, d.selector)) assert.ok(!json.includes(c), `canary ${c} of redacted ${d.id}/${d.selector} leaked`);
          }
        }
      }),
      runs,
    );
  });

  test('derivatives cannot be linked back: no original id appears but public ones, ours and markings', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 2, granularRate: 0.6 });
        const publicIds = new Set(g.policy.publicIdentityRefs);
        for (const partner of g.partners) {
          const r = release(g, partner);
          const json = JSON.stringify(r.bundle);
          for (const o of g.objects) {
            if (!json.includes(o.id)) continue;
            const kept = o.type === 'marking-definition' || o.id === g.policy.ourIdentityRef || publicIds.has(o.id) || publicIds.has(o['created_by_ref'] as string);
            assert.ok(kept, `original id ${o.id} (${o.type}) appears in the output`);
          }
          for (const { originalId, derivedId } of r.provenance) {
            assert.notEqual(originalId, derivedId);
            assert.ok(json.includes(derivedId));
          }
        }
      }),
      runs,
    );
  });

  test('every released object and property is permitted, read back from the output alone', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 3, granularRate: 0.6 });
        for (const partner of g.partners) {
          const r = release(g, partner);
          const objects = r.bundle.objects ?? [];
          const byId = new Map(objects.map((o) => [o.id, o]));
          const original = new Map(r.provenance.map((e) => [e.derivedId, e.originalId]));
          const index = buildMarkingIndex(objects);
          const input = new Map(g.objects.map((o) => [o.id, o]));
          const ctx = releaseContext(g.policy, partner, g.releaseId);
          for (const o of objects) {
            if (o.type === 'marking-definition' || o.type === 'extension-definition') continue;
            const portions = portionsOf(o, index.resolve);
            assert.deepEqual(portions.unknown, [], `${o.id} carries a marking the partner cannot read`);
            // Consents name the original originator, which the output may no longer show.
            const objectId = original.get(o.id) ?? o.id;
            const creator = input.get(objectId)?.['created_by_ref'] as string | undefined;
            const subject = { objectId, ...(creator ? { originator: creator } : {}) };
            const whole = decidePortion(portions.objectMarking, subject, ctx);
            assert.ok(whole.release, `${o.id} released against its markings: ${JSON.stringify(whole.reasons)}`);
            for (const portion of portions.granular) {
              const d = decidePortion(portion.marking, subject, ctx);
              assert.ok(d.release, `${o.id}/${portion.selector} released against its markings: ${JSON.stringify(d.reasons)}`);
            }
            // Every reference resolves inside the bundle (public identities may stay outside).
            for (const site of collectRefSites(o, () => false)) {
              const ok = byId.has(site.targetId) || g.policy.publicIdentityRefs.includes(site.targetId);
              assert.ok(ok, `${o.id} ${site.path.join('.')} points outside the bundle: ${site.targetId}`);
            }
          }
          assert.ok(classificationRank(r.marking.marking.classification) <= classificationRank(partner.clearance));
          assert.ok(!r.marking.marking.sourceProtected);
        }
      }),
      runs,
    );
  });

  test('the output is always a valid STIX 2.1 bundle', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 3, granularRate: 0.6 });
        for (const partner of g.partners) {
          const r = release(g, partner);
          const v = validateBundle(r.bundle);
          assert.deepEqual(v.errors, [], JSON.stringify(v.errors.slice(0, 3)));
        }
      }),
      runs,
    );
  });

  test('deterministic, and independent of input order', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, size }) => {
        const g = generatePackage({ seed, objects: size, partners: 2, granularRate: 0.6 });
        const shuffled: StixObject[] = [...g.objects].reverse();
        for (const partner of g.partners) {
          const a = release(g, partner);
          assert.deepEqual(release(g, partner), a);
          const b = release({ ...g, objects: shuffled }, partner);
          const set = (x: TearlineResult) => (x.bundle.objects ?? []).map((o) => JSON.stringify(o)).sort();
          assert.deepEqual(set(b), set(a));
          assert.equal(b.bundle.id, a.bundle.id);
          assert.deepEqual(b.marking, a.marking);
        }
      }),
      { numRuns: 10 },
    );
  });
});
