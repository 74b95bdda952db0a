// What the leak suite releases, with canaries planted in every object and property:
// - the founding scenario twice over: the three demo texts of `tearline start`
//   (src/demo/foundingScenario.ts: partner cable SECRET//REL TO USA, GBR, intercept
//   SECRET//NOFORN, open news) ingested as the text path extracts them — they raise the
//   threat and its warning case — and the tearline engine's founding fixture (the intercept
//   SECRET//ORCON/NOFORN from a protected SIGINT source, the British cable, the news, the
//   analysts' tearline portions), each string of it carrying a canary;
// - random marked graphs from the engine's own generator (src/app/tearline/generate.ts),
//   whose every string already carries a canary.
// Package objects reach the case's threat through an unmarked carrier report (pinned to the
// threat) whose unmarked notes reference them: the package is then the threat's reports and
// everything they reach, exactly as a warning is torn, while the threat's own markings stay
// those of its real reports (a grouping with an unreadable marking would be hidden from the
// very officers who must approve the release).
import { createHash } from 'node:crypto';
import type { StixObject } from '../../src/domain/stix/object.ts';
import { foundingReports, type DemoReport } from '../../src/demo/foundingScenario.ts';
import { extractFromText } from '../../src/ingest/text/index.ts';
import { generatePackage, prng } from '../../src/app/tearline/generate.ts';
import { IDS, OBJECTS as FIXTURE } from '../../src/app/tearline/fixtures/founding-scenario.ts';
import { MITRE_IDENTITY_REF } from '../../src/policy/policy.ts';
import { buildMarkingIndex } from '../../src/domain/markings/resolver.ts';
import type { CanaryBook, CanarySite } from './oracle.ts';

export type MakeCanary = (site: CanarySite, book: CanaryBook) => string;

/** A partner handle and its profile as `tearline partner add` reads it (docs/partner-profile.md). */
export interface PartnerSpec {
  readonly handle: string;
  readonly profile: Record<string, unknown>;
}

export interface LeakPackage {
  /** The demo reports, in arrival order, each ingested alone (the first opens the case). */
  readonly reports: readonly { readonly name: string; readonly objects: readonly StixObject[]; readonly reportId: string }[];
  /** Everything else, with the carrier report and its notes: one ingest. */
  readonly extra: readonly StixObject[];
  readonly carrierId: string;
  readonly canaries: CanaryBook;
  readonly policy: Record<string, unknown>;
  readonly partners: readonly PartnerSpec[];
}

function uuidFrom(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * The demo texts with a canary in each headline and each body paragraph, extracted as
 * `tearline ingest --format text` would. The canary sits in the report's name and description
 * (the extractor copies the whole text there); the entities it finds are shared names.
 */
/** A banner line (`SECRET//NOFORN`): left as it is, so the extractor still reads the markings. */
const BANNER = /^[A-Z][A-Z ]*\/\/[A-Z ,/]+$/;

export function foundingTexts(now: Date, makeCanary: MakeCanary, book: CanaryBook): LeakPackage['reports'] {
  return foundingReports(now).map((report: DemoReport) => {
    const pending: string[] = [];
    let headlineSeen = false;
    const marked = report.text.split('\n').map((line) => {
      if (line.trim() === '' || BANNER.test(line.trim())) return line;
      const c = makeCanary({ objectId: 'pending', selector: 'description' }, book);
      pending.push(c);
      if (headlineSeen) return `${line} Ref ${c}.`;
      headlineSeen = true;
      return `${line} ${c}`;
    });
    const { bundle } = extractFromText(marked.join('\n'), { published: report.published, now: report.arrival });
    const objects = bundle.objects ?? [];
    const reportObject = objects.find((o) => o.type === 'report');
    if (reportObject === undefined) throw new Error(`${report.name}: the extractor made no report`);
    for (const c of pending) {
      const name = typeof reportObject.name === 'string' && reportObject.name.includes(c);
      book.set(c, { objectId: reportObject.id, selector: name ? 'name' : 'description' });
    }
    return { name: report.name, objects, reportId: reportObject.id };
  });
}

const NOT_TEXT = new Set(['source_name', 'url', 'hashes', 'pattern', 'pattern_type', 'pattern_version', 'identity_class', 'context', 'country', 'city', 'region']);
const TEXT_KEYS = new Set(['name', 'description', 'objective', 'content', 'abstract', 'aliases', 'labels', 'external_references', 'external_id', 'roles', 'goals']);

/** Appends a canary to every free-text string of an object (names, descriptions, aliases, labels, reference texts). */
export function plantCanaries(object: StixObject, makeCanary: MakeCanary, book: CanaryBook): StixObject {
  const copy = structuredClone(object) as Record<string, unknown>;
  const visit = (holder: Record<string, unknown> | unknown[], key: string | number, selector: string, depth: number): void => {
    const value = (holder as Record<string | number, unknown>)[key];
    if (typeof value === 'string') {
      (holder as Record<string | number, unknown>)[key] = `${value} ${makeCanary({ objectId: object.id, selector }, book)}`;
    } else if (Array.isArray(value)) {
      value.forEach((_, i) => visit(value, i, `${selector}.[${i}]`, depth + 1));
    } else if (typeof value === 'object' && value !== null && depth < 3) {
      for (const k of Object.keys(value)) if (!NOT_TEXT.has(k) && TEXT_KEYS.has(k)) visit(value as Record<string, unknown>, k, `${selector}.${k}`, depth + 1);
    }
  };
  for (const key of Object.keys(copy)) if (TEXT_KEYS.has(key)) visit(copy, key, key, 0);
  return copy as StixObject;
}

/** The unmarked carrier: one report, pinned to the threat, and a note per group of objects it reaches. */
function carrier(ours: string, groups: readonly (readonly string[])[], tag: string, makeCanary: MakeCanary, book: CanaryBook): { objects: StixObject[]; carrierId: string } {
  const at = '2025-06-02T00:00:00.000Z';
  const notes = groups.map((refs, i): StixObject => {
    const id = `note--${uuidFrom('leak-carrier-note', tag, String(i))}`;
    return {
      type: 'note', spec_version: '2.1', id, created: at, modified: at, created_by_ref: ours,
      content: `Material for the warning, part ${i + 1}. ${makeCanary({ objectId: id, selector: 'content' }, book)}`,
      object_refs: [...refs],
    };
  });
  const carrierId = `report--${uuidFrom('leak-carrier-report', tag)}`;
  const report: StixObject = {
    type: 'report', spec_version: '2.1', id: carrierId, created: at, modified: at, created_by_ref: ours,
    name: `Supporting material ${makeCanary({ objectId: carrierId, selector: 'name' }, book)}`,
    published: at, report_types: ['threat-report'], object_refs: notes.map((n) => n.id),
  };
  return { objects: [...notes, report], carrierId };
}

function refsOf(objects: readonly StixObject[]): string[] {
  return objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'extension-definition').map((o) => o.id);
}

const CHANNELS = (handle: string, hooks: string): Record<string, string>[] => [
  { kind: 'taxii', address: `partner-${handle}` },
  { kind: 'webhook', address: `${hooks}/hooks/${handle}` },
  { kind: 'email', address: `${handle}@partners.test` },
  { kind: 'in-person', note: 'liaison meeting' },
];

/** Five partners: foreign and domestic, every clearance, different countries and communities. */
export function partnerSpecs(hooks: string, consents: Readonly<Record<string, readonly Record<string, unknown>[]>> = {}): PartnerSpec[] {
  const specs: [string, string, string, string, string, string[]][] = [
    ['syria-gss', 'Syrian General Security Service, liaison desk', IDS.partnerSyria, 'SYR', 'S', ['levant-ct-liaison', 'levant']],
    ['uk-liaison', 'British liaison, Damascus', IDS.partnerBritain, 'GBR', 'TS', ['levant-ct-liaison', 'fvey-ct']],
    ['jordan-gid', 'Jordanian General Intelligence Directorate', 'identity--6a0f3c1e-2b7d-4e59-8c14-93d5e2a7b610', 'JOR', 'C', []],
    ['fbi-ct', 'FBI counter-terrorism division', IDS.partnerFbi, 'USA', 'TS', ['ct-liaison']],
    ['state-police', 'State police intelligence unit', 'identity--0c4e8a72-9d1b-4f3e-a6c5-5b7d2e9f1a34', 'USA', 'U', []],
  ];
  return specs.map(([handle, name, identity, country, clearance, communities]) => ({
    handle,
    profile: {
      name, identity_ref: identity, country, organization: name.split(',')[0] as string, clearance, communities,
      channels: CHANNELS(handle, hooks),
      ...(consents[handle] === undefined ? {} : { consents: consents[handle] }),
    },
  }));
}

/** (a) The founding scenario: the demo texts raise the case; the engine's fixture, with canaries, is the material. */
export function foundingPackage(now: Date, hooks: string, makeCanary: MakeCanary): LeakPackage {
  const canaries: CanaryBook = new Map();
  const reports = foundingTexts(now, makeCanary, canaries);
  const planted = FIXTURE.map((o) => (o.type === 'marking-definition' ? o : plantCanaries(o, makeCanary, canaries)));
  const { objects, carrierId } = carrier(IDS.agency, [refsOf(planted)], 'founding', makeCanary, canaries);
  return {
    reports,
    extra: [...planted, ...objects],
    carrierId,
    canaries,
    policy: {
      our_country: 'USA',
      our_identity_ref: IDS.agency,
      our_identity_name: 'Tearline Demo Agency',
      communities: ['levant-ct-liaison'],
      mode: 'release',
      internal_references: { url_prefixes: ['https://intranet.agency.example/'], source_names: ['agency-case-file'] },
    },
    // The FBI holds the SIGINT unit's ORCON consent (a standing agreement): at home, the
    // intercept may go, its protected source replaced by our name.
    partners: partnerSpecs(hooks, { 'fbi-ct': [{ type: 'orcon', originator: IDS.sigint, granted_by: 'SIGINT unit', reference: 'AGR-LEAK-1' }] }),
  };
}

/**
 * Ingest refuses a reference to a marking-definition that is neither in the input nor in the
 * store, so the generator's undefined marking could never reach a release: it is pointed at
 * the generator's unreadable definition instead, which must withhold just the same.
 */
function undefinedMarkingsAsUnreadable(objects: readonly StixObject[]): StixObject[] {
  const index = buildMarkingIndex(objects);
  const unreadable = objects.find((o) => o.type === 'marking-definition' && index.resolve(o.id)?.known === false)?.id;
  if (unreadable === undefined) throw new Error('the generator wrote no unreadable marking-definition');
  const fix = (ref: unknown): unknown => (typeof ref === 'string' && index.resolve(ref) === undefined ? unreadable : ref);
  return objects.map((o) => {
    const refs = o.object_marking_refs;
    const granular = o.granular_markings;
    if (!Array.isArray(refs) && !Array.isArray(granular)) return o;
    const copy: Record<string, unknown> = { ...o };
    if (Array.isArray(refs)) copy.object_marking_refs = [...new Set(refs.map(fix))];
    if (Array.isArray(granular)) copy.granular_markings = (granular as Record<string, unknown>[]).map((g) => ({ ...g, marking_ref: fix(g.marking_ref) }));
    return copy as StixObject;
  });
}

export interface GraphSpec {
  readonly seed: number;
  readonly size: number;
}

/**
 * (b) One batch of random graphs under one random policy and random standing consents. The
 * first graph's identity is ours; the others' are simply other originators.
 */
export function randomPackage(now: Date, hooks: string, batchSeed: number, graphs: readonly GraphSpec[], makeCanary: MakeCanary): LeakPackage {
  const canaries: CanaryBook = new Map();
  const reports = foundingTexts(now, makeCanary, canaries);
  const seen = new Set<string>(reports.flatMap((r) => r.objects.map((o) => o.id)));
  const objects: StixObject[] = [];
  const groups: string[][] = [];
  let ours: string | undefined;
  const originators: string[] = [];
  const seeds = new Set<number>();
  for (const spec of graphs) {
    // Canary texts and uuids come from the seed: two graphs of one seed (fast-check draws
    // repeats) would plant the same canary in different objects, one released, one not.
    if (seeds.has(spec.seed)) continue;
    seeds.add(spec.seed);
    const g = generatePackage({ seed: spec.seed, objects: spec.size, partners: 1, granularRate: 0.5 });
    const theirs = g.policy.ourIdentityRef;
    ours ??= theirs;
    // One releasing organisation for the whole batch: each graph's "ours" becomes the batch's
    // (a marking-definition made by anyone else could not travel, so nothing it marks would).
    const same = theirs === ours ? g.objects : g.objects.map((o) => JSON.parse(JSON.stringify(o).split(theirs).join(ours as string)) as StixObject);
    const kept = undefinedMarkingsAsUnreadable(same).filter((o) => !seen.has(o.id));
    for (const o of kept) seen.add(o.id);
    objects.push(...kept);
    // A graph whose objects all came in an earlier graph, or are only definitions, has nothing
    // for a note to carry (STIX §2.12: object_refs may not be empty).
    const refs = refsOf(kept);
    if (refs.length > 0) groups.push(refs);
    originators.push(...kept.filter((o) => o.type === 'identity').map((o) => o.id));
    const keptIds = new Set(kept.map((o) => o.id));
    for (const [text, site] of g.canaries) if (keptIds.has(site.objectId)) canaries.set(text, site);
  }
  if (ours === undefined || groups.length === 0) throw new Error('no graphs with objects of their own');
  const made = carrier(ours, groups, `batch-${batchSeed}`, makeCanary, canaries);
  const rnd = prng(batchSeed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const some = <T>(xs: readonly T[], p: number): T[] => xs.filter(() => rnd() < p);
  const consent = (): Record<string, unknown> => {
    const type = pick(['orcon', 'relido', 'tlp'] as const);
    if (type === 'relido') return { type, granted_by: 'disclosure officer' };
    if (type === 'orcon') return { type, originator: pick(originators) };
    return { type, originator: pick(originators.includes(MITRE_IDENTITY_REF) ? [...originators, MITRE_IDENTITY_REF] : originators), max_tlp: pick(['green', 'amber', 'amber+strict', 'red']) };
  };
  const handles = ['syria-gss', 'uk-liaison', 'jordan-gid', 'fbi-ct', 'state-police'];
  const consents = Object.fromEntries(handles.map((h) => [h, Array.from({ length: Math.floor(rnd() * 3) }, consent)]));
  return {
    reports,
    extra: [...objects, ...made.objects],
    carrierId: made.carrierId,
    canaries,
    policy: {
      our_country: 'USA',
      our_identity_ref: ours,
      communities: some(['ct-liaison', 'levant', 'fvey-ct'], 0.5),
      mode: rnd() < 0.8 ? 'release' : 'disclosure',
      internal_references: { url_prefixes: ['https://intranet.example/'], source_names: [] },
      releasable_controls: rnd() < 0.5 ? ['FOUO'] : [],
    },
    partners: partnerSpecs(hooks, consents),
  };
}

export function screeningFor(now: Date): Record<string, unknown> {
  const at = (hours: number): string => new Date(now.getTime() + hours * 3_600_000).toISOString();
  return {
    harmType: 'killing',
    victim: { identity: 'Pilgrims at the Sayyida Zaynab shrine', nationality: 'Syrian and foreign pilgrims', country: 'SYR' },
    credibility: { sourceReliability: 'B', informationCredibility: 2 },
    specificity: { who: 2, target: 2, when: 2, how: 2, victim: 1, location: 2 },
    imminence: 'I1',
    window: { start: at(40), end: at(60) },
  };
}
