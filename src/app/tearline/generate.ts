// Random marked packages for property tests and benchmarks: object graphs of every common
// shape (reports, relationships, sightings, observed data, SCOs) under random object-level and
// granular markings, random partners and policies. Every string we write carries a unique
// canary, so a test can tell exactly which portion any text in an output came from.
// Seeded and deterministic: the same seed gives the same package.
import type { StixObject } from '../../domain/stix/object.ts';
import type { Classification, Marking, TlpLevel } from '../../domain/markings/model.ts';
import { CLASSIFICATIONS, marking } from '../../domain/markings/model.ts';
import { toMarkingDefinition } from '../../domain/markings/extension.ts';
import { hashUuid4 } from '../../domain/markings/uuid.ts';
import { canonicalTlpDefinition, tlp1MarkingId, tlp2MarkingId } from '../../domain/markings/tlp.ts';
import type { Consent, Partner } from '../../domain/partners/partner.ts';
import { MITRE_IDENTITY_REF, releasePolicy, type PolicyConsent, type ReleasePolicy } from '../../policy/policy.ts';

/** Small fast PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  readonly seed: number;
  /** Content objects to generate (marking-definitions and identities come on top). */
  readonly objects: number;
  /** Partners to generate. Default 4. */
  readonly partners?: number;
  /**
   * Share of objects that carry granular markings (default 0.1, about what real packages
   * hold; property tests raise it to exercise redaction).
   */
  readonly granularRate?: number;
}

/** Where a canary was planted: an object, and for granular portions the selector. */
export interface CanarySite {
  readonly objectId: string;
  /** The property path (selector) the canary string sits at. */
  readonly selector: string;
}

export interface GeneratedPackage {
  readonly objects: readonly StixObject[];
  readonly policy: ReleasePolicy;
  readonly partners: readonly Partner[];
  /** canary text -> where it was planted. */
  readonly canaries: ReadonlyMap<string, CanarySite>;
  readonly releaseId: string;
  readonly releasedAt: string;
}

const COUNTRIES = ['USA', 'GBR', 'SYR', 'IRQ', 'AUS'];
const T = '2025-06-01T00:00:00.000Z';

export function generatePackage(options: GenerateOptions): GeneratedPackage {
  const rnd = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const chance = (p: number): boolean => rnd() < p;
  let serial = 0;
  const uuid = (): string => hashUuid4(`gen-${options.seed}`, String(serial++));
  const canaries = new Map<string, CanarySite>();
  const canary = (objectId: string, selector: string): string => {
    const text = `canary${options.seed >>> 0}x${serial++}z`;
    canaries.set(text, { objectId, selector });
    return text;
  };

  const ours = `identity--${uuid()}`;
  const randomMarking = (): Marking => {
    const classification: Classification | undefined = chance(0.8) ? pick(CLASSIFICATIONS) : undefined;
    const noforn = chance(0.15);
    const relTo = !noforn && chance(0.5) ? ['USA', ...COUNTRIES.filter(() => chance(0.4))] : undefined;
    const tlp: TlpLevel | undefined = chance(0.4) ? pick(['clear', 'green', 'amber', 'amber+strict', 'red'] as const) : undefined;
    return marking({
      ...(classification !== undefined ? { classification } : {}),
      noforn,
      orcon: chance(0.15),
      relido: chance(0.15),
      displayOnly: chance(0.07),
      ...(relTo !== undefined ? { relTo } : {}),
      sourceProtected: chance(0.07),
      ...(tlp !== undefined ? { tlp } : {}),
      ...(chance(0.2) ? { pap: pick(['clear', 'green', 'amber', 'red'] as const) } : {}),
      otherControls: chance(0.05) ? ['FOUO'] : [],
    });
  };

  // Marking-definitions: ours (random), TLP 2.0 (carried), TLP 1.0 (predefined: referenced,
  // not carried), one we cannot read, and one id nobody defines.
  const mds: StixObject[] = [...new Map(Array.from({ length: 14 }, () => toMarkingDefinition(randomMarking(), { createdByRef: ours })).map((m) => [m.id, m])).values()];
  const tlp2 = (['clear', 'green', 'amber', 'amber+strict', 'red'] as const).map((l) => canonicalTlpDefinition(tlp2MarkingId(l)) as StixObject);
  const unreadable: StixObject = {
    type: 'marking-definition',
    spec_version: '2.1',
    id: `marking-definition--${uuid()}`,
    created: T,
    extensions: { [`extension-definition--${uuid()}`]: { extension_type: 'property-extension', level: 'secret-squirrel' } },
  };
  const dangling = `marking-definition--${uuid()}`;
  const markingPool = [
    ...mds.map((m) => m.id),
    ...mds.map((m) => m.id),
    ...tlp2.map((m) => m.id),
    tlp1MarkingId('white'),
    tlp1MarkingId('amber'),
    tlp1MarkingId('green'),
    unreadable.id,
    dangling,
  ];
  const someMarkings = (): string[] => [...new Set(Array.from({ length: Math.floor(rnd() * 3) }, () => pick(markingPool)))];

  const originators = [ours, MITRE_IDENTITY_REF, ...Array.from({ length: 4 }, () => `identity--${uuid()}`)];
  const objects: StixObject[] = [...mds, ...tlp2, unreadable];
  const ids: string[] = [];
  const sdoIds: string[] = [];
  const scoIds: string[] = [];

  const common = (type: string, id: string): Record<string, unknown> => {
    const o: Record<string, unknown> = { type, spec_version: '2.1', id, created: T, modified: T };
    if (chance(0.85)) o['created_by_ref'] = pick(originators);
    const om = someMarkings();
    if (om.length > 0) o['object_marking_refs'] = om;
    return o;
  };
  // Granular markings on some of the properties present.
  const granularRate = options.granularRate ?? 0.1;
  const granulars = (o: Record<string, unknown>): void => {
    if (!chance(granularRate)) return;
    const selectors: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (['type', 'id', 'spec_version', 'created', 'modified', 'object_marking_refs'].includes(k)) continue;
      if (Array.isArray(v)) v.forEach((_, i) => chance(0.2) && selectors.push(`${k}.[${i}]`));
      if (chance(0.2)) selectors.push(k);
    }
    if (selectors.length === 0) return;
    o['granular_markings'] = selectors.map((s) => ({ marking_ref: pick(markingPool), selectors: [s] }));
  };
  const text = (id: string, selector: string, extra = ''): string => `${canary(id, selector)}${extra}`;
  const mention = (): string => (ids.length > 0 && chance(0.1) ? ` see ${pick(ids)}` : '');

  for (const originator of originators) {
    if (originator === MITRE_IDENTITY_REF && chance(0.5)) continue;
    const o = common('identity', originator);
    delete o['created_by_ref'];
    o['name'] = text(originator, 'name');
    o['identity_class'] = 'organization';
    objects.push(o as StixObject);
    ids.push(originator);
    sdoIds.push(originator);
  }

  for (let k = 0; k < options.objects; k++) {
    const roll = rnd();
    let o: Record<string, unknown>;
    if (roll < 0.15 && scoIds.length < options.objects / 4) {
      const type = pick(['ipv4-addr', 'domain-name', 'url'] as const);
      const id = `${type}--${uuid()}`;
      o = { type, spec_version: '2.1', id };
      const om = someMarkings();
      if (om.length > 0) o['object_marking_refs'] = om;
      o['value'] = type === 'ipv4-addr' ? `198.51.100.${k % 250}` : type === 'domain-name' ? `${canary(id, 'value')}.example` : `https://example.org/${canary(id, 'value')}`;
      scoIds.push(id);
    } else if (roll < 0.35) {
      // §5.1: relationships join SDOs and SCOs; §5.2: sightings are of SDOs.
      const id = `relationship--${uuid()}`;
      const ends = [...sdoIds, ...scoIds];
      o = { ...common('relationship', id), relationship_type: 'related-to', source_ref: pick(ends), target_ref: pick(ends) };
      o['description'] = text(id, 'description');
    } else if (roll < 0.42) {
      const id = `sighting--${uuid()}`;
      o = { ...common('sighting', id), sighting_of_ref: pick(sdoIds), where_sighted_refs: [pick(originators)], count: 1 };
      o['description'] = text(id, 'description');
    } else if (roll < 0.52 && ids.length >= 1) {
      const type = pick(['report', 'note', 'grouping'] as const);
      const id = `${type}--${uuid()}`;
      const refs = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(ids)))];
      o = { ...common(type, id), object_refs: refs };
      if (type === 'report') Object.assign(o, { name: text(id, 'name'), published: T, description: text(id, 'description', mention()) });
      if (type === 'note') o['content'] = text(id, 'content', mention());
      if (type === 'grouping') Object.assign(o, { context: 'suspicious-activity', name: text(id, 'name') });
    } else if (roll < 0.57 && scoIds.length >= 1) {
      const id = `observed-data--${uuid()}`;
      o = { ...common('observed-data', id), first_observed: T, last_observed: T, number_observed: 1, object_refs: [pick(scoIds)] };
    } else {
      const type = pick(['indicator', 'threat-actor', 'location', 'attack-pattern', 'campaign', 'malware'] as const);
      const id = `${type}--${uuid()}`;
      o = common(type, id);
      if (type === 'indicator') Object.assign(o, { pattern: `[url:value = 'https://example.org/${canary(id, 'pattern')}']`, pattern_type: 'stix', valid_from: T });
      else if (type === 'location') Object.assign(o, { name: text(id, 'name'), country: 'SY' });
      else if (type === 'malware') Object.assign(o, { name: text(id, 'name'), is_family: false });
      else o['name'] = text(id, 'name');
      o['description'] = text(id, 'description', mention());
      if (chance(0.4)) o['labels'] = [text(id, 'labels.[0]'), text(id, 'labels.[1]')];
      if (chance(0.4)) {
        o['external_references'] = [
          { source_name: 'open', url: `https://example.org/${canary(id, 'external_references.[0].url')}` },
          { source_name: 'case-file', description: text(id, 'external_references.[1].description'), url: `https://intranet.example/${canary(id, 'external_references.[1].url')}` },
        ];
      }
    }
    granulars(o);
    objects.push(o as StixObject);
    ids.push(o['id'] as string);
    if (!['relationship', 'sighting'].includes(o['type'] as string) && !scoIds.includes(o['id'] as string)) sdoIds.push(o['id'] as string);
  }

  const communities = ['ct-liaison', 'levant', 'fvey-ct'];
  const consent = (type: Consent['type']): Consent => ({
    type,
    ...(type === 'relido' ? { grantedBy: 'disclosure officer' } : { originator: pick(originators) }),
    ...(type === 'tlp' ? { maxTlp: pick(['green', 'amber', 'amber+strict', 'red'] as const) } : {}),
  });
  const partners: Partner[] = Array.from({ length: options.partners ?? 4 }, (_, k) => ({
    name: `partner ${k}`,
    identityRef: `identity--${uuid()}`,
    country: pick(COUNTRIES),
    organization: `org ${k}`,
    clearance: pick(CLASSIFICATIONS),
    communities: communities.filter(() => chance(0.4)),
    channels: [],
    consents: Array.from({ length: Math.floor(rnd() * 3) }, () => consent(pick(['orcon', 'relido', 'tlp'] as const))),
    sharingScopes: [],
  }));
  const releaseId = `release-${options.seed}`;
  const policyConsents: PolicyConsent[] = partners.flatMap((p) => (chance(0.5) ? [{ ...consent(pick(['orcon', 'relido', 'tlp'] as const)), partner: p.identityRef, releaseId }] : []));
  const policy = releasePolicy({
    ourCountry: 'USA',
    ourIdentityRef: ours,
    communities: communities.filter(() => chance(0.5)),
    mode: chance(0.8) ? 'release' : 'disclosure',
    consents: policyConsents,
    internalReferences: { urlPrefixes: ['https://intranet.example/'], sourceNames: [] },
    releasableControls: chance(0.5) ? ['FOUO'] : [],
  });
  return { objects, policy, partners, canaries, releaseId, releasedAt: '2025-07-01T12:00:00.000Z' };
}
