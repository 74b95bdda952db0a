// Example-based tests: one per tearline rule (the founding scenario has its own file).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTearline, type TearlineInput, type TearlineResult } from './computeTearline.ts';
import { prepareTearline } from './tearline/prepare.ts';
import { marking, type Marking } from '../domain/markings/model.ts';
import { toMarkingDefinition, TEARLINE_MARKING_EXTENSION_ID, TEARLINE_IDENTITY_ID } from '../domain/markings/extension.ts';
import { canonicalTlpDefinition, tlp1MarkingId, tlp2MarkingId } from '../domain/markings/tlp.ts';
import { ACS_EXTENSION_ID } from '../domain/markings/acs.ts';
import type { Partner } from '../domain/partners/partner.ts';
import { MITRE_IDENTITY_REF, releasePolicy, type ReleasePolicy } from '../policy/policy.ts';
import { validateBundle } from '../domain/stix/index.ts';
import type { StixObject } from '../domain/stix/object.ts';

const US = 'identity--0a1b2c3d-0000-4000-8000-000000000001';
let serial = 100;
const uuid = (): string => `0a1b2c3d-0000-4000-8000-${String(serial++).padStart(12, '0')}`;

const md = (m: Parameters<typeof marking>[0]): StixObject => toMarkingDefinition(marking(m), { createdByRef: US });
const U = md({ classification: 'U' });
const S_SYR = md({ classification: 'S', relTo: ['USA', 'SYR'] });
const S_NF = md({ classification: 'S', noforn: true });
const PROTECTED = md({ sourceProtected: true });
const BASE = [U, S_SYR, S_NF, PROTECTED];

const T = '2025-07-01T00:00:00.000Z';
function sdo(type: string, extra: Record<string, unknown> = {}, markings: StixObject[] = [U]): StixObject {
  return { type, spec_version: '2.1', id: `${type}--${uuid()}`, created: T, modified: T, created_by_ref: US, object_marking_refs: markings.map((m) => m.id), ...extra };
}
const named = (type: string, name: string, markings: StixObject[] = [U], extra: Record<string, unknown> = {}) => sdo(type, { name, ...extra }, markings);
const rel = (source: StixObject, target: StixObject, markings: StixObject[] = [U]) =>
  sdo('relationship', { relationship_type: 'related-to', source_ref: source.id, target_ref: target.id }, markings);

const syria: Partner = {
  name: 'GSS',
  identityRef: 'identity--0a1b2c3d-0000-4000-8000-0000000000aa',
  country: 'SYR',
  organization: 'GSS',
  clearance: 'S',
  communities: [],
  channels: [],
  consents: [],
  sharingScopes: [],
};
const policy: ReleasePolicy = releasePolicy({ ourCountry: 'USA', ourIdentityRef: US, ourIdentityName: 'Agency' });

function run(objects: readonly StixObject[], extra: Partial<TearlineInput> = {}): TearlineResult {
  const r = computeTearline({ objects: [...BASE, ...objects], partner: syria, policy, releaseId: 'rel-1', releasedAt: '2025-07-02T00:00:00.000Z', secret: 'k', ...extra });
  const v = validateBundle(r.bundle);
  assert.deepEqual(v.errors, [], `output is not valid STIX 2.1: ${JSON.stringify(v.errors)}`);
  return r;
}
const out = (r: TearlineResult) => r.bundle.objects ?? [];
const derivedOf = (r: TearlineResult, o: StixObject): StixObject | undefined => {
  const id = r.provenance.find((e) => e.originalId === o.id)?.derivedId ?? o.id;
  return out(r).find((x) => x.id === id);
};
const withheldCodes = (r: TearlineResult, o: StixObject) => r.withheld.find((w) => w.id === o.id)?.reasons.map((x) => x.code);

describe('closure and references', () => {
  test('a relationship whose source or target is withheld is withheld; released ends are rewritten', () => {
    const a = named('threat-actor', 'open actor');
    const b = named('threat-actor', 'secret actor', [S_NF]);
    const c = named('location', 'place', [U], { country: 'SY' });
    const gone = rel(a, b);
    const kept = rel(a, c);
    const r = run([a, b, c, gone, kept]);
    assert.deepEqual(withheldCodes(r, gone), ['required-reference-withheld']);
    const k = derivedOf(r, kept);
    assert.ok(k);
    assert.equal(k['source_ref'], derivedOf(r, a)?.id);
    assert.equal(k['target_ref'], derivedOf(r, c)?.id);
  });

  test('a sighting whose sighting_of_ref is withheld is withheld', () => {
    const ind = sdo('indicator', { pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: T }, [S_NF]);
    const s = sdo('sighting', { sighting_of_ref: ind.id });
    assert.deepEqual(withheldCodes(run([ind, s]), s), ['required-reference-withheld']);
  });

  test('withheld objects are dropped from lists; a report left with none is withheld', () => {
    const a = named('threat-actor', 'open');
    const b = named('threat-actor', 'secret', [S_NF]);
    const mixed = sdo('report', { name: 'mixed', published: T, object_refs: [b.id, a.id] });
    const empty = sdo('note', { content: 'only secrets', object_refs: [b.id] });
    const r = run([a, b, mixed, empty]);
    assert.deepEqual(derivedOf(r, mixed)?.['object_refs'], [derivedOf(r, a)?.id]);
    assert.deepEqual(r.redacted.find((x) => x.id === mixed.id)?.selector, 'object_refs.[0]');
    assert.deepEqual(withheldCodes(r, empty), ['no-objects-left']);
  });

  test('references to objects outside the package are not released', () => {
    const a = named('threat-actor', 'open');
    const elsewhere = 'threat-actor--0a1b2c3d-0000-4000-8000-0000000fffff';
    const report = sdo('report', { name: 'r', published: T, object_refs: [a.id, elsewhere] });
    const relation = sdo('relationship', { relationship_type: 'related-to', source_ref: a.id, target_ref: elsewhere });
    const r = run([a, report, relation]);
    assert.ok(!JSON.stringify(r.bundle).includes(elsewhere));
    assert.deepEqual(withheldCodes(r, relation), ['required-reference-withheld']);
  });

  test('with roots, only what is reachable through released objects goes', () => {
    const a = named('threat-actor', 'a');
    const b = named('location', 'b', [U], { country: 'SY' });
    const lonely = named('threat-actor', 'unrelated');
    const r1 = rel(a, b);
    const r = run([a, b, lonely, r1], { roots: [r1.id] });
    assert.ok(derivedOf(r, a) && derivedOf(r, b) && derivedOf(r, r1));
    assert.deepEqual(withheldCodes(r, lonely), ['not-reachable']);
  });

  test('ids of package objects named in free text are rewritten, or the text goes', () => {
    const a = named('threat-actor', 'open');
    const b = named('threat-actor', 'secret', [S_NF]);
    const noteA = sdo('note', { content: `related to ${a.id}`, object_refs: [a.id] });
    const noteB = sdo('report', { name: 'r', published: T, description: `see ${b.id}`, object_refs: [a.id] });
    const r = run([a, b, noteA, noteB]);
    assert.equal(derivedOf(r, noteA)?.['content'], `related to ${derivedOf(r, a)?.id}`);
    assert.equal(derivedOf(r, noteB)?.['description'], undefined);
    assert.ok(!JSON.stringify(r.bundle).includes(b.id));
  });

  test('a revoked object is not released', () => {
    const a = named('threat-actor', 'old', [U], { revoked: true });
    assert.deepEqual(withheldCodes(run([a]), a), ['revoked']);
  });
});

describe('properties', () => {
  test('an indicator whose pattern is redacted is withheld', () => {
    const ind = sdo('indicator', { pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: T, granular_markings: [{ marking_ref: S_NF.id, selectors: ['pattern'] }] });
    assert.deepEqual(withheldCodes(run([ind]), ind)?.[0], 'required-property-withheld');
  });

  test('granular redaction removes list items and moves the remaining selectors', () => {
    const a = named('threat-actor', 'actor', [U], {
      labels: ['keep-0', 'drop-1', 'keep-2'],
      granular_markings: [
        { marking_ref: S_NF.id, selectors: ['labels.[1]'] },
        { marking_ref: S_SYR.id, selectors: ['labels.[2]', 'name'] },
      ],
    });
    const r = run([a]);
    const o = derivedOf(r, a);
    assert.deepEqual(o?.['labels'], ['keep-0', 'keep-2']);
    assert.deepEqual(o?.['granular_markings'], [{ marking_ref: S_SYR.id, selectors: ['labels.[1]', 'name'] }]);
    assert.equal(r.marking.banner, 'SECRET//REL TO USA, SYR');
    assert.ok(!JSON.stringify(r.bundle).includes(S_NF.id), 'the withheld portion marking is not carried either');
  });

  test('a property marked source-protected is excluded, never re-marked', () => {
    const a = named('threat-actor', 'actor', [U], { description: 'from our asset', granular_markings: [{ marking_ref: PROTECTED.id, selectors: ['description'] }] });
    const r = run([a]);
    const o = derivedOf(r, a);
    assert.equal(o?.['description'], undefined);
    assert.equal(o?.['granular_markings'], undefined);
    assert.ok(!JSON.stringify(r.bundle).includes(PROTECTED.id));
    assert.deepEqual(r.redacted.map((x) => [x.selector, x.reasons[0]?.code]), [['description', 'source-protected']]);
  });
});

describe('sources and external references', () => {
  test('a protected creator is replaced by the releasing organisation, whose identity is included', () => {
    const source = named('identity', 'Asset KESTREL', [PROTECTED], { identity_class: 'individual' });
    const a = named('threat-actor', 'actor', [U], { created_by_ref: source.id });
    const r = run([source, a]);
    assert.equal(derivedOf(r, a)?.['created_by_ref'], US);
    const ours = out(r).find((o) => o.id === US);
    assert.equal(ours?.['name'], 'Agency');
    assert.ok(!JSON.stringify(r.bundle).includes('KESTREL'));
    assert.ok(!JSON.stringify(r.bundle).includes(source.id));
  });

  test('the stand-in identity is one version in every release, older than any real version of ours', () => {
    const source = named('identity', 'Asset KESTREL', [PROTECTED], { identity_class: 'individual' });
    const a = named('threat-actor', 'actor', [U], { created_by_ref: source.id });
    const standIn = (r: ReturnType<typeof run>): Record<string, unknown> | undefined => out(r).find((o) => o.id === US);
    const first = standIn(run([source, a]));
    const later = standIn(run([source, a], { releaseId: 'rel-2', releasedAt: '2026-03-01T00:00:00.000Z' }));
    assert.deepEqual(later, first, 'the same object, so a partner (and our own TAXII collection) stores it once');
    // Stored beside our real identity (TAXII delivery stores the product), it must not become
    // the latest version: any real version is newer.
    assert.ok(String(first?.['modified']) < '1975-01-01', String(first?.['modified']));
    assert.equal(first?.['created'], first?.['modified']);
    const renamed = standIn(computeTearline({ objects: [...BASE, source, a], partner: syria, policy: { ...policy, ourIdentityName: 'Agency (renamed)' }, releaseId: 'rel-3', releasedAt: T }));
    assert.notEqual(renamed?.['modified'], first?.['modified'], 'other content is another version, never a conflicting same one');
  });

  test('external references to internal material go: policy URL prefixes, source names, protected ones', () => {
    const p = releasePolicy({ ...policy, internalReferences: { urlPrefixes: ['https://intranet.example/'], sourceNames: ['case-file'] } });
    const a = named('threat-actor', 'actor', [U], {
      external_references: [
        { source_name: 'wiki', url: 'https://intranet.example/x' },
        { source_name: 'CASE-FILE', external_id: 'C-1' },
        { source_name: 'asset report', description: 'HUMINT' },
        { source_name: 'news', url: 'https://news.example/a' },
      ],
      granular_markings: [{ marking_ref: PROTECTED.id, selectors: ['external_references.[2]'] }],
    });
    const r = run([a], { policy: p });
    assert.deepEqual(derivedOf(r, a)?.['external_references'], [{ source_name: 'news', url: 'https://news.example/a' }]);
    assert.deepEqual(r.redacted.map((x) => x.reasons[0]?.code).sort(), ['internal-reference', 'internal-reference', 'source-protected']);
  });
});

describe('identifiers and timestamps', () => {
  const a = named('threat-actor', 'actor');
  const attack = {
    type: 'attack-pattern',
    spec_version: '2.1',
    id: 'attack-pattern--0a1b2c3d-0000-4000-8000-00000000a77c',
    created: '2020-01-01T00:00:00.000Z',
    modified: '2024-01-01T00:00:00.000Z',
    created_by_ref: MITRE_IDENTITY_REF,
    name: 'Phishing',
    external_references: [{ source_name: 'mitre-attack', external_id: 'T1566', url: 'https://attack.mitre.org/techniques/T1566' }],
  };

  test('derivatives get new ids, deterministic for a release, different across releases and secrets', () => {
    const r1 = run([a]);
    const r2 = run([a]);
    const other = run([a], { releaseId: 'rel-2' });
    const otherSecret = run([a], { secret: 'another' });
    const id1 = derivedOf(r1, a)?.id;
    assert.ok(id1 && id1 !== a.id && id1.startsWith('threat-actor--'));
    assert.equal(derivedOf(r2, a)?.id, id1);
    assert.notEqual(derivedOf(other, a)?.id, id1);
    assert.notEqual(derivedOf(otherSecret, a)?.id, id1);
    assert.deepEqual(r1.provenance.find((e) => e.originalId === a.id), { originalId: a.id, derivedId: id1 });
    assert.equal(r1.bundle.id, r2.bundle.id);
    assert.notEqual(r1.bundle.id, other.bundle.id);
  });

  test('derivatives are stamped with the release time; originals timestamps do not travel', () => {
    const o = derivedOf(run([a]), a);
    assert.equal(o?.created, '2025-07-02T00:00:00.000Z');
    assert.equal(o?.modified, '2025-07-02T00:00:00.000Z');
  });

  test('public objects (ATT&CK, created by MITRE) keep their ids and content when unchanged', () => {
    const r = run([attack]);
    assert.deepEqual(out(r).find((o) => o.id === attack.id), attack);
    assert.equal(r.provenance.length, 0);
  });

  test('a public object that had to change becomes a derivative', () => {
    const changed = { ...attack, description: 'annotated', granular_markings: [{ marking_ref: S_NF.id, selectors: ['description'] }] };
    const r = run([changed]);
    const o = derivedOf(r, changed);
    assert.ok(o && o.id !== attack.id);
    assert.equal(o['description'], undefined);
  });

  test('marking-definitions keep their ids; the bundle carries ours, the extension and TLP 2.0', () => {
    const amber = canonicalTlpDefinition(tlp2MarkingId('amber')) as StixObject;
    const b = named('threat-actor', 'b', [S_SYR, amber]);
    const c = named('threat-actor', 'c', [S_SYR], { object_marking_refs: [S_SYR.id, tlp1MarkingId('green')] });
    const r = run([amber, b, c]);
    const ids = out(r).map((o) => o.id);
    for (const id of [S_SYR.id, amber.id, tlp1MarkingId('green'), TEARLINE_MARKING_EXTENSION_ID, TEARLINE_IDENTITY_ID]) assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes(S_NF.id), 'unused markings are not carried');
  });
});

describe('markings', () => {
  test('an unknown marking withholds; a marking_ref to a definition not in the package is unknown', () => {
    const strange = { type: 'marking-definition', spec_version: '2.1', id: `marking-definition--${uuid()}`, created: T, definition_type: 'caveat', definition: { caveat: 'x' } };
    const a = named('threat-actor', 'a', [strange]);
    const b = named('threat-actor', 'b');
    const dangling = { ...b, id: `threat-actor--${uuid()}`, object_marking_refs: [`marking-definition--${uuid()}`] };
    const r = run([strange, a, dangling]);
    assert.deepEqual(withheldCodes(r, a), ['unknown-marking']);
    assert.deepEqual(withheldCodes(r, dangling), ['unknown-marking']);
  });

  test('TLP 2.0 markings must be carried by the package', () => {
    const a = named('threat-actor', 'a', [U], { object_marking_refs: [tlp2MarkingId('clear')] });
    assert.deepEqual(withheldCodes(run([a]), a), ['unknown-marking']);
  });

  test('the product marking is rolled up from what was released only', () => {
    const a = named('threat-actor', 'a', [S_SYR]);
    const b = named('threat-actor', 'b', [S_NF]);
    const r = run([a, b]);
    assert.equal(r.marking.banner, 'SECRET//REL TO USA, SYR');
    assert.deepEqual(r.marking.marking satisfies Marking, marking({ classification: 'S', relTo: ['SYR', 'USA'] }));
  });

  test('DISPLAY ONLY goes in a disclosure, not in a release', () => {
    const shown = md({ classification: 'S', displayOnly: true, displayTo: ['SYR'] });
    const a = named('threat-actor', 'a', [shown]);
    assert.deepEqual(withheldCodes(run([shown, a]), a)?.sort(), ['display-only', 'no-foreign-release']);
    const r = run([shown, a], { policy: releasePolicy({ ...policy, mode: 'disclosure' }) });
    assert.ok(derivedOf(r, a));
    assert.equal(r.marking.banner, 'SECRET//DISPLAY ONLY SYR');
  });

  test('an ACS marking without the TEARLINE privilege: the object goes whole or not at all', () => {
    const acs = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: `marking-definition--${uuid()}`,
      created: T,
      extensions: {
        [ACS_EXTENSION_ID]: {
          extension_type: 'property-extension',
          policy_reference: 'urn:isa:policy:acs:ns:v3.0?privdefault=deny&sharedefault=permit',
          access_privilege: [{ privilege_action: 'IDSRC', privilege_scope: { permitted_nationalities: ['ALL'] }, rule_effect: 'permit' }],
          control_set: { classification: 'U' },
        },
      },
    };
    const a = named('threat-actor', 'a');
    const whole = named('threat-actor', 'whole', [acs]);
    const torn = sdo('report', { name: 'r', published: T, object_refs: [a.id, `threat-actor--${uuid()}`] }, [acs]);
    const r = run([acs, a, whole, torn]);
    assert.ok(derivedOf(r, whole));
    assert.deepEqual(withheldCodes(r, torn), ['tearline-prohibited']);
  });

  test('the same package can be prepared once and released to several partners', () => {
    const a = named('threat-actor', 'a', [S_SYR]);
    const pkg = prepareTearline([...BASE, a]);
    const toSyria = computeTearline({ objects: pkg, partner: syria, policy, releaseId: 'x', releasedAt: T });
    const toIraq = computeTearline({ objects: pkg, partner: { ...syria, country: 'IRQ' }, policy, releaseId: 'y', releasedAt: T });
    assert.equal(out(toSyria).filter((o) => o.type === 'threat-actor').length, 1);
    assert.equal(out(toIraq).length, 0);
    assert.equal(toIraq.bundle.objects, undefined, 'an empty product has no objects list (STIX 2.1 §8.1)');
    assert.deepEqual(computeTearline({ objects: [...BASE, a], partner: syria, policy, releaseId: 'x', releasedAt: T }), toSyria);
  });
});

describe('OASIS example bundles (shared data)', () => {
  test('every official example releases to a domestic partner as valid STIX', async (t) => {
    const { readdirSync, readFileSync, existsSync } = await import('node:fs');
    const dir = new URL('../../../shared/data/stix-examples/', import.meta.url);
    if (!existsSync(dir)) return t.skip(`shared data absent: ${dir.pathname}`);
    const home: Partner = { ...syria, country: 'USA', clearance: 'TS' };
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const bundle = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { objects: StixObject[] };
      const r = computeTearline({ objects: bundle.objects, partner: home, policy, releaseId: file, releasedAt: T });
      assert.deepEqual(validateBundle(r.bundle).errors, [], file);
      // Unmarked (or TLP-marked, permitted) content goes; nothing is lost silently.
      assert.equal((r.bundle.objects?.length ?? 0) > 0, true, file);
      for (const w of r.withheld) assert.ok(w.reasons.length > 0, `${file}: ${w.id} withheld without a reason`);
    }
  });
});
