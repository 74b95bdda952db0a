// Turns an extraction into a STIX 2.1 bundle: a report whose object_refs hold one object per
// thing the text mentions (threat-actor or intrusion-set, identity, location, attack-pattern,
// SCOs), each carrying its mentions in the x-tearline-mentions extension and a confidence of
// at most 50 (DOMAIN.md §3: automatic extraction is capped until an analyst confirms).
import { createHash } from 'node:crypto';
import countries from 'i18n-iso-countries';
import type { StixBundle, StixObject } from '../../../domain/stix/object.ts';
import type { Group } from '../entities/groups.ts';
import { METHOD_NAMES, type MethodId } from '../entities/methods.ts';
import type { ExtractOptions, MarkingValue, PlaceValue } from '../extract.ts';
import { combine, renderBanner, renderPortion, type ParsedMarking } from '../markings/model.ts';
import type { PortionHit } from '../markings/parse.ts';
import type { Mention } from '../mention.ts';
import { isDefanged, type ObservableValue } from '../observables/index.ts';
import {
  EXTRACTOR_IDENTITY,
  EXTRACTOR_IDENTITY_ID,
  MENTIONS_EXTENSION,
  MENTIONS_EXTENSION_ID,
  OBSERVABLES_EXTENSION,
  OBSERVABLES_EXTENSION_ID,
  PHONE_TYPE,
  PLATE_TYPE,
  TLP_V1,
  WALLET_TYPE,
} from './definitions.ts';
import { scoId, sdoId } from './ids.ts';

/** DOMAIN.md §3: automatic extraction caps confidence at 50 until an analyst confirms. */
export const AUTOMATIC_CONFIDENCE_CAP = 50;
const MARKINGS_DEFINED = '2025-01-01T00:00:00.000Z';

export interface Extraction {
  readonly mentions: readonly Mention[];
  readonly groups: ReadonlyMap<string, Group>;
  readonly portions: readonly PortionHit[];
  /** The banner recomputed from the portions, or the banner as written; null when unmarked. */
  readonly reportMarking: ParsedMarking | null;
  readonly tlp: string | null;
}

/** Transnational regions carry a STIX region (region-ov) instead of a country. */
const REGIONS: Readonly<Record<string, string>> = {
  Sahel: 'western-africa',
  'Lake Chad': 'middle-africa',
  Maghreb: 'northern-africa',
  'Horn of Africa': 'eastern-africa',
  'Middle East': 'western-asia',
  Levant: 'western-asia',
  Balkans: 'southern-europe',
  Caucasus: 'western-asia',
  'Liptako-Gourma': 'western-africa',
  Kashmir: 'southern-asia',
};

export function buildBundle(text: string, options: ExtractOptions, extraction: Extraction): StixBundle {
  const now = options.now ?? new Date().toISOString();
  const reportId = sdoId('report', `${sha256(text)}|${options.published}|${options.sourceName ?? ''}`);
  const markings = new MarkingDefinitions();
  const tlpRef = extraction.tlp === null ? null : markings.tlp(extraction.tlp);
  const reportMarkingRef = extraction.reportMarking === null ? null : markings.statement(renderBanner(extraction.reportMarking));

  const markingRefsFor = (spans: readonly Mention[]): string[] => {
    const refs: string[] = [];
    if (extraction.reportMarking !== null) {
      const covering = spans.map((m) => portionCovering(extraction.portions, m));
      if (covering.length > 0 && covering.every((p) => p !== undefined)) refs.push(markings.statement(renderBanner(combine(covering.map((p) => (p as PortionHit).marking)))));
      else if (reportMarkingRef !== null) refs.push(reportMarkingRef);
    }
    if (tlpRef !== null) refs.push(tlpRef);
    return refs;
  };

  const byEntity = new Map<string, Mention[]>();
  for (const m of extraction.mentions) {
    if (m.kind === 'date' || m.kind === 'marking') continue;
    const key = entityKey(m);
    const list = byEntity.get(key);
    if (list === undefined) byEntity.set(key, [m]);
    else list.push(m);
  }

  const objects: StixObject[] = [];
  for (const [key, list] of byEntity) {
    const first = list[0] as Mention;
    const ext = {
      extension_type: 'property-extension',
      mentions: list.map((m) => ({ text: m.text, start: m.start, end: m.end })),
      extraction: 'automatic',
      confirmed: false,
      key,
    };
    const refs = markingRefsFor(list);
    const common = { ...(refs.length > 0 ? { object_marking_refs: refs } : {}) };
    if (first.kind === 'observable') {
      objects.push(observableObject(first.value as ObservableValue, list, { ...ext, confidence: AUTOMATIC_CONFIDENCE_CAP }, common));
      continue;
    }
    const sdo = {
      spec_version: '2.1',
      created: now,
      modified: now,
      created_by_ref: EXTRACTOR_IDENTITY_ID,
      confidence: AUTOMATIC_CONFIDENCE_CAP,
      ...common,
      extensions: { [MENTIONS_EXTENSION_ID]: ext },
    };
    const id = (type: string): string => sdoId(type, `${reportId}|${key}`);
    const aliases = (name: string): { aliases?: string[] } => {
      const seen = [...new Set(list.map((m) => m.text))].filter((t) => t !== name);
      return seen.length > 0 ? { aliases: seen } : {};
    };
    switch (first.kind) {
      case 'group': {
        const name = first.value as string;
        const group = extraction.groups.get(name);
        if (group?.kind === 'cyber') objects.push({ type: 'intrusion-set', id: id('intrusion-set'), name, ...aliases(name), ...sdo });
        else objects.push({ type: 'threat-actor', id: id('threat-actor'), name, threat_actor_types: ['terrorist'], ...aliases(name), ...sdo });
        break;
      }
      case 'person':
        objects.push({ type: 'identity', id: id('identity'), name: first.value as string, identity_class: 'individual', ...sdo });
        break;
      case 'place':
      case 'site':
        objects.push({ type: 'location', id: id('location'), ...locationProperties(first.value as PlaceValue), ...sdo });
        break;
      case 'method': {
        const method = first.value as MethodId;
        objects.push({ type: 'attack-pattern', id: id('attack-pattern'), name: METHOD_NAMES[method], ...aliases(METHOD_NAMES[method]), ...sdo });
        break;
      }
    }
  }

  const dates = extraction.mentions.filter((m) => m.kind === 'date').map((m) => ({ text: m.text, start: m.start, end: m.end, value: m.value as string }));
  const portions = extraction.portions.map((p) => ({ start: p.covers.start, end: p.covers.end, marking: renderPortion(p.marking) }));
  const markingMentions = extraction.mentions.filter((m) => m.kind === 'marking').map((m) => ({ text: m.text, start: m.start, end: m.end, scope: (m.value as MarkingValue).scope }));
  const granular = extraction.portions.map((p, i) => ({
    marking_ref: markings.statement(renderBanner(p.marking)),
    selectors: [`extensions.${MENTIONS_EXTENSION_ID}.portions.[${i}]`],
  }));
  const reportRefs: string[] = [];
  if (reportMarkingRef !== null) reportRefs.push(reportMarkingRef);
  if (tlpRef !== null) reportRefs.push(tlpRef);
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: reportId,
    created: now,
    modified: now,
    created_by_ref: EXTRACTOR_IDENTITY_ID,
    name: reportName(text, options.sourceName),
    description: text,
    report_types: ['threat-report'],
    published: `${options.published}T00:00:00.000Z`,
    object_refs: objects.length > 0 ? objects.map((o) => o.id) : [EXTRACTOR_IDENTITY_ID],
    confidence: AUTOMATIC_CONFIDENCE_CAP,
    ...(reportRefs.length > 0 ? { object_marking_refs: reportRefs } : {}),
    ...(granular.length > 0 ? { granular_markings: granular } : {}),
    extensions: {
      [MENTIONS_EXTENSION_ID]: { extension_type: 'property-extension', extraction: 'automatic', confirmed: false, dates, portions, markings: markingMentions },
    },
  };
  const usesNewSco = objects.some((o) => o.type === PHONE_TYPE || o.type === WALLET_TYPE || o.type === PLATE_TYPE);
  return {
    type: 'bundle',
    id: sdoId('bundle', `${reportId}|${now}`),
    objects: [EXTRACTOR_IDENTITY, MENTIONS_EXTENSION, ...(usesNewSco ? [OBSERVABLES_EXTENSION] : []), ...markings.objects(), report, ...objects],
  };
}

/** The portion whose text holds the mention (portions are in text order and disjoint). */
function portionCovering(portions: readonly PortionHit[], m: Mention): PortionHit | undefined {
  let lo = 0;
  let hi = portions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = portions[mid] as PortionHit;
    if (m.start < p.covers.start) hi = mid - 1;
    else if (m.start >= p.covers.end) lo = mid + 1;
    else return m.end <= p.covers.end ? p : undefined;
  }
  return undefined;
}

function entityKey(m: Mention): string {
  switch (m.kind) {
    case 'observable': {
      const v = m.value as ObservableValue;
      return `observable:${v.type}:${v.qualifier ?? ''}:${v.value}`;
    }
    case 'place':
    case 'site': {
      const v = m.value as PlaceValue;
      return `${m.kind}:${v.kind}:${v.country ?? ''}:${v.name}`;
    }
    default:
      return `${m.kind}:${String(m.value)}`;
  }
}

function observableObject(value: ObservableValue, mentions: readonly Mention[], ext: Record<string, unknown>, common: Record<string, unknown>): StixObject {
  const defanged = mentions.some((m) => isDefanged(m.text));
  const base = { spec_version: '2.1', ...(defanged ? { defanged: true } : {}), ...common };
  const withExt = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ extensions: { [MENTIONS_EXTENSION_ID]: ext, ...extra } });
  const newSco = { [OBSERVABLES_EXTENSION_ID]: { extension_type: 'new-sco' } };
  switch (value.type) {
    case 'file': {
      const hashes = { [value.qualifier ?? 'SHA-256']: value.value };
      return { type: 'file', id: scoId('file', { hashes }), hashes, ...base, ...withExt() };
    }
    case 'user-account': {
      const login = value.value.replace(/^@/, '');
      const accountType = value.qualifier ?? 'unknown';
      return { type: 'user-account', id: scoId('user-account', { account_type: accountType, account_login: login }), account_type: accountType, account_login: login, display_name: value.value, ...base, ...withExt() };
    }
    case 'phone-number':
      return { type: PHONE_TYPE, id: scoId(PHONE_TYPE, { value: value.value }), value: value.value, ...base, ...withExt(newSco) };
    case 'cryptocurrency-wallet':
      return { type: WALLET_TYPE, id: scoId(WALLET_TYPE, { value: value.value }), value: value.value, ...(value.qualifier !== undefined ? { currency: value.qualifier } : {}), ...base, ...withExt(newSco) };
    case 'vehicle-plate':
      return { type: PLATE_TYPE, id: scoId(PLATE_TYPE, { value: value.value }), value: value.value, ...base, ...withExt(newSco) };
    default:
      return { type: value.type, id: scoId(value.type, { value: value.value }), value: value.value, ...base, ...withExt() };
  }
}

/** STIX 2.1 §4.13: a location needs a region, a country (alpha-2) or coordinates. */
function locationProperties(v: PlaceValue): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name };
  const alpha2 = v.country === null ? undefined : countries.alpha3ToAlpha2(v.country);
  if (alpha2 !== undefined) out.country = alpha2;
  if (v.lat !== null && v.lon !== null) {
    out.latitude = v.lat;
    out.longitude = v.lon;
  }
  if (alpha2 === undefined && out.latitude === undefined) out.region = REGIONS[v.name] ?? 'unknown';
  return out;
}

function reportName(text: string, sourceName: string | undefined): string {
  if (sourceName !== undefined && sourceName.trim() !== '') return sourceName.trim();
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED)\b/.test(l) && !/^TLP:/.test(l));
  return (line ?? 'Untitled text').slice(0, 200);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Marking definitions used by one bundle, built once each (ids from the statement text). */
class MarkingDefinitions {
  private readonly byId = new Map<string, StixObject>();

  /** A statement marking for a banner or TLP label; easy to swap for domain/markings later. */
  statement(statement: string): string {
    const id = sdoId('marking-definition', statement);
    if (!this.byId.has(id)) {
      this.byId.set(id, { type: 'marking-definition', spec_version: '2.1', id, created: MARKINGS_DEFINED, created_by_ref: EXTRACTOR_IDENTITY_ID, name: statement, definition_type: 'statement', definition: { statement } });
    }
    return id;
  }

  /** TLP 1.0 levels use the spec's predefined objects; CLEAR is WHITE; AMBER+STRICT a statement. */
  tlp(level: string): string {
    const predefined = TLP_V1[level === 'CLEAR' ? 'WHITE' : level];
    if (predefined === undefined) return this.statement(`TLP:${level}`);
    this.byId.set(predefined.id, predefined);
    return predefined.id;
  }

  objects(): StixObject[] {
    return [...this.byId.values()];
  }
}
