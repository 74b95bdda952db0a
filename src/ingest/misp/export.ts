// STIX -> MISP: a report or grouping with the objects it references becomes one MISP event
// in the core format MISP's API and feeds accept (uuids, timestamps as epoch strings,
// Attribute/Object/Tag lists). It reads back what importMisp writes (misp:* labels, misp-*
// external references) so that import -> export -> import gives the same indicators, and
// handles foreign STIX by inferring MISP types from patterns and observables.
import type { StixObject } from '../../domain/stix/object.ts';
import { versionOf } from '../../domain/stix/object.ts';
import { credibilityFromConfidence, reliabilityOf } from '../common/admiralty.ts';
import { TEARLINE_NAMESPACE } from '../common/ids.ts';
import { papLevelOf, tlpLevelOf } from '../common/markings.ts';
import { matchObservableType } from '../common/observable-types.ts';
import { parsePath, parseSimplePattern, renderPath, type Comparison } from '../common/pattern.ts';
import { isScoId, scoComparisons, scoReferences } from '../common/sco.ts';
import { nowTimestamp, timestampToEpoch } from '../common/time.ts';
import { looksLikeUuid, uuidv5 } from '../common/uuid5.ts';
import { ipFamily, normalizeValue } from '../common/values.ts';
import { defaultCategory } from './attribute-types.ts';
import type { Json } from './input.ts';
import { OBJECT_TEMPLATES, type TemplateSpec } from './object-templates.ts';

export interface MispExportOptions {
  /** The report or grouping to export; by default the first report, else the first grouping, else every object. */
  readonly containerId?: string;
  /** Time for the event when the objects carry none. */
  readonly now?: string;
  /** MISP distribution of the event: "0" (your organisation only, the default) to "3" (all communities). */
  readonly distribution?: string;
  /** Told about every object that has no MISP form, with the reason. */
  readonly onSkip?: (id: string, reason: string) => void;
}

// Template uuids as MISP publishes them (misp-objects), for the templates we write.
const TEMPLATE_UUIDS: Readonly<Record<string, string>> = {
  file: '688c46fb-5edb-40a3-8273-1af7923e2215',
  'domain-ip': '43b3b146-77eb-4931-b4cc-b66c60f28734',
};

const GALAXY_TYPES = new Set(['intrusion-set', 'malware', 'tool', 'attack-pattern']);
const DEFAULT_GALAXY: Readonly<Record<string, string>> = {
  'intrusion-set': 'threat-actor',
  malware: 'malpedia',
  tool: 'tool',
  'attack-pattern': 'mitre-attack-pattern',
};

const uuidOf = (id: string): string => id.slice(id.indexOf('--') + 2);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function externalId(object: StixObject, sourceName: string): string | undefined {
  for (const reference of (object['external_references'] as Json[] | undefined) ?? []) {
    const id = text(reference['external_id']);
    if (reference['source_name'] === sourceName && id !== undefined && looksLikeUuid(id)) return id;
  }
  return undefined;
}

/** The value of a `key="value"` label (as importMisp writes misp:type and friends). */
function labelValue(labels: readonly string[], key: string): string | undefined {
  const prefix = `${key}="`;
  const label = labels.find((l) => l.startsWith(prefix) && l.endsWith('"'));
  return label?.slice(prefix.length, -1);
}

const plainLabels = (labels: readonly string[]): string[] => labels.filter((l) => !l.startsWith('misp:'));

function markingTags(ids: readonly string[]): string[] {
  return ids.flatMap((id) => {
    const tlp = tlpLevelOf(id);
    if (tlp !== undefined) return [`tlp:${tlp}`];
    const pap = papLevelOf(id);
    return pap === undefined ? [] : [`PAP:${pap}`];
  });
}

const tagList = (names: readonly string[]): Json[] => [...new Set(names)].map((name) => ({ name }));

class EventWriter {
  readonly attributes: Json[] = [];
  readonly objects: Json[] = [];
  readonly eventReports: Json[] = [];
  readonly eventTags: string[] = [];
  /** STIX id -> the MISP attribute it became (sightings and galaxy tags attach there). */
  readonly attributeFor = new Map<string, Json>();
  /** STIX id -> the MISP object it became. */
  readonly objectFor = new Map<string, Json>();
  /** STIX id -> the MISP uuid of what it became (object references point there). */
  readonly mispUuid = new Map<string, string>();

  constructor(
    readonly byId: ReadonlyMap<string, StixObject>,
    readonly eventMarkings: ReadonlySet<string>,
    readonly eventConfidence: number | undefined,
    readonly eventCreated: string,
    readonly eventTimestamp: string,
    readonly skip: (id: string, reason: string) => void,
  ) {}

  /** Tags an attribute needs beyond the event's: stricter markings, its own labels, its own confidence. */
  itemTags(object: StixObject, withLabels: boolean): Json[] {
    const markings = strings(object['object_marking_refs']).filter((id) => !this.eventMarkings.has(id));
    const names = markingTags(markings);
    if (withLabels) names.push(...plainLabels(strings(object['labels'])));
    const confidence = typeof object['confidence'] === 'number' ? object['confidence'] : undefined;
    if (withLabels && confidence !== this.eventConfidence) {
      // DOMAIN.md §3 back-mapping; no confidence under an event that has one is grade 6.
      const grade = confidence === undefined ? '6' : credibilityFromConfidence(confidence);
      if (grade !== undefined) names.push(`admiralty-scale:information-credibility="${grade}"`);
    }
    return tagList(names);
  }

  timestampOf(object: StixObject): string {
    const version = versionOf(object);
    return version === '' ? this.eventTimestamp : timestampToEpoch(version);
  }

  addAttribute(stixId: string, attribute: Json): void {
    this.attributes.push(attribute);
    this.attributeFor.set(stixId, attribute);
    this.mispUuid.set(stixId, attribute['uuid'] as string);
  }

  seen(object: StixObject, attribute: Json): void {
    const first = text(object['valid_from']);
    if (first !== undefined && first !== this.eventCreated) attribute['first_seen'] = first;
    const last = text(object['valid_until']);
    if (last !== undefined) attribute['last_seen'] = last;
  }

  /** An indicator: a MISP object when it came from one, else an attribute of the inferred type. */
  indicator(indicator: StixObject): void {
    const labels = strings(indicator['labels']);
    const pattern = text(indicator['pattern']) ?? '';
    const patternType = text(indicator['pattern_type']) ?? '';
    const name = text(indicator['name']) ?? '';
    const base = (type: string, value: string, comment: string): Json => {
      const attribute: Json = {
        uuid: externalId(indicator, 'misp-attribute') ?? uuidOf(indicator.id),
        type,
        category: labelValue(labels, 'misp:category') ?? defaultCategory(type),
        value,
        to_ids: true,
        timestamp: this.timestampOf(indicator),
        comment,
        distribution: '5',
      };
      this.seen(indicator, attribute);
      attribute['Tag'] = this.itemTags(indicator, true);
      return attribute;
    };
    if (['yara', 'snort', 'sigma'].includes(patternType)) {
      this.addAttribute(indicator.id, base(patternType, pattern, name === `${patternType} rule` ? '' : name));
      return;
    }
    if (patternType !== 'stix') {
      this.skip(indicator.id, `MISP has no attribute type for ${patternType} patterns`);
      return;
    }
    const comparisons = parseSimplePattern(pattern);
    const objectName = labelValue(labels, 'misp:name');
    const template = objectName === undefined ? undefined : OBJECT_TEMPLATES[objectName];
    if (comparisons !== undefined && objectName !== undefined && template !== undefined) {
      const object = this.mispObject(indicator, objectName, template, comparisons, true);
      if (object !== undefined) return;
    }
    const match = comparisons === undefined ? undefined : matchObservableType(comparisons, 'pattern', labelValue(labels, 'misp:type'));
    const description = text(indicator['description']) ?? '';
    if (match !== undefined) this.addAttribute(indicator.id, base(match.type, match.value, description));
    else this.addAttribute(indicator.id, base('stix2-pattern', pattern, description || name));
  }

  /** A MISP object of a template, when every comparison is one of its relations. */
  mispObject(source: StixObject, name: string, template: TemplateSpec, comparisons: readonly Comparison[], toIds: boolean): Json | undefined {
    const relations: { relation: string; type: string; value: string }[] = [];
    for (const comparison of comparisons) {
      const entry = Object.entries(template.relations).find(([, spec]) => {
        const path = spec.path.startsWith('{ip}') ? spec.path.replace('{ip}', ipFamily(String(comparison.value)) === 6 ? 'ipv6-addr' : 'ipv4-addr') : spec.path;
        return renderPath(parsePath(path)) === renderPath(comparison.path) && normalizeValue(spec.kind, String(comparison.value)).ok;
      });
      if (entry === undefined) return undefined;
      relations.push({ relation: entry[0], type: entry[1].type, value: String(comparison.value) });
    }
    const labels = strings(source['labels']);
    const uuid = externalId(source, 'misp-object') ?? uuidOf(source.id);
    const timestamp = this.timestampOf(source);
    const sourceName = text(source['name']) ?? '';
    const object: Json = { uuid, name, 'meta-category': labelValue(labels, 'misp:meta-category') ?? name };
    const templateUuid = TEMPLATE_UUIDS[name];
    if (templateUuid !== undefined) object['template_uuid'] = templateUuid;
    object['timestamp'] = timestamp;
    object['comment'] = sourceName === `${name} object` ? '' : sourceName;
    object['distribution'] = '5';
    this.seen(source, object);
    const markingTagsOfSource = this.itemTags(source, false);
    object['Attribute'] = relations.map((r, i) => ({
      uuid: uuidv5(TEARLINE_NAMESPACE, `misp-object-attribute:${uuid}:${r.relation}:${i}`),
      object_relation: r.relation,
      type: r.type,
      category: defaultCategory(r.type),
      value: r.value,
      to_ids: toIds,
      timestamp,
      distribution: '5',
      // Markings stricter than the event's, once: the importer combines them over the object.
      Tag: i === 0 ? markingTagsOfSource : [],
    }));
    object['ObjectReference'] = [];
    this.objects.push(object);
    this.objectFor.set(source.id, object);
    this.mispUuid.set(source.id, uuid);
    return object;
  }

  /** An SCO (not one another SCO points to): one attribute, else one object, else one attribute per property. */
  observable(sco: StixObject): void {
    const comparisons = scoComparisons(sco, (id) => this.byId.get(id));
    const timestamp = this.eventTimestamp;
    const attribute = (type: string, value: string, uuid: string): Json => ({
      uuid,
      type,
      category: defaultCategory(type),
      value,
      to_ids: false,
      timestamp,
      comment: '',
      distribution: '5',
      Tag: this.itemTags(sco, false),
    });
    const match = matchObservableType(comparisons, 'observe');
    if (match !== undefined) {
      this.addAttribute(sco.id, attribute(match.type, match.value, uuidOf(sco.id)));
      return;
    }
    for (const [name, template] of Object.entries(OBJECT_TEMPLATES)) {
      if (this.mispObject(sco, name, template, comparisons, false) !== undefined) return;
    }
    comparisons.forEach((comparison, i) => {
      const single = matchObservableType([comparison], 'observe');
      if (single === undefined) this.skip(sco.id, `no MISP attribute type for ${renderPath(comparison.path)}`);
      else this.addAttribute(i === 0 ? sco.id : `${sco.id}#${i}`, attribute(single.type, single.value, uuidv5(TEARLINE_NAMESPACE, `${sco.id}:${i}`)));
    });
  }

  /** A note: back to the event report, attribute or object it was imported from, else a text attribute. */
  note(note: StixObject, containerId: string | undefined): void {
    const labels = strings(note['labels']);
    const content = text(note['content']) ?? '';
    const abstract = text(note['abstract']) ?? '';
    const timestamp = this.timestampOf(note);
    if (labels.includes('misp:event-report')) {
      this.eventReports.push({ uuid: externalId(note, 'misp-event-report') ?? uuidOf(note.id), name: abstract, content, timestamp, distribution: '5' });
      return;
    }
    const objectName = labelValue(labels, 'misp:name');
    if (objectName !== undefined) {
      this.objectNote(note, objectName, containerId);
      return;
    }
    const type = labelValue(labels, 'misp:type') ?? 'text';
    this.addAttribute(note.id, {
      uuid: externalId(note, 'misp-attribute') ?? uuidOf(note.id),
      type,
      category: labelValue(labels, 'misp:category') ?? defaultCategory(type),
      value: content,
      to_ids: false,
      timestamp,
      comment: abstract,
      distribution: '5',
      Tag: this.itemTags(note, true),
    });
  }

  /** Attributes an imported object kept in a note: back into that object, or an object of their own. */
  objectNote(note: StixObject, name: string, containerId: string | undefined): void {
    const lines = (text(note['content']) ?? '').split('\n');
    const parsed = lines.map((line) => /^(\S+) \(([^)]+)\): (".*")$/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
    const target = strings(note['object_refs'])[0];
    let object = target === undefined ? undefined : this.objectFor.get(target);
    const noteObjectUuid = externalId(note, 'misp-object');
    if (object !== undefined && target !== undefined && noteObjectUuid !== undefined && object['uuid'] === uuidOf(target)) {
      // An SCO has nowhere to keep the MISP object's uuid; the note on it has.
      object['uuid'] = noteObjectUuid;
      this.mispUuid.set(target, noteObjectUuid);
    }
    if (object === undefined) {
      if (target !== containerId) {
        this.skip(note.id, 'a note on an object that was not exported');
        return;
      }
      const uuid = noteObjectUuid ?? uuidOf(note.id);
      const comment = (text(note['abstract']) ?? '').replace(new RegExp(`^MISP ${name} object:? ?`), '');
      object = { uuid, name, 'meta-category': labelValue(strings(note['labels']), 'misp:meta-category') ?? name, timestamp: this.timestampOf(note), comment, distribution: '5', Attribute: [], ObjectReference: [] };
      this.objects.push(object);
    }
    const attributes = object['Attribute'] as Json[];
    for (const [i, match] of parsed.entries()) {
      const type = match[2] ?? 'text';
      attributes.push({
        uuid: uuidv5(TEARLINE_NAMESPACE, `misp-object-note:${note.id}:${i}`),
        object_relation: match[1],
        type,
        category: defaultCategory(type),
        value: JSON.parse(match[3] ?? '""') as string,
        to_ids: false,
        timestamp: object['timestamp'],
        distribution: '5',
      });
    }
  }

  /** SDOs that are MISP attributes (vulnerability, threat actor and campaign names) or galaxy tags. */
  domainObject(object: StixObject): void {
    const name = text(object['name']) ?? '';
    const attributeUuid = externalId(object, 'misp-attribute');
    const labels = strings(object['labels']);
    const type = object.type === 'vulnerability' ? 'vulnerability' : object.type === 'campaign' ? 'campaign-name' : attributeUuid !== undefined && object.type === 'intrusion-set' ? 'threat-actor' : undefined;
    if (type !== undefined) {
      const cve = ((object['external_references'] as Json[] | undefined) ?? []).find((r) => r['source_name'] === 'cve');
      this.addAttribute(object.id, {
        uuid: attributeUuid ?? uuidOf(object.id),
        type,
        category: labelValue(labels, 'misp:category') ?? defaultCategory(type),
        value: text(cve?.['external_id']) ?? name,
        to_ids: false,
        timestamp: this.timestampOf(object),
        comment: text(object['description']) ?? '',
        distribution: '5',
        Tag: this.itemTags(object, true),
      });
      return;
    }
    this.eventTags.push(this.galaxyTag(object));
  }

  galaxyTag(object: StixObject): string {
    const label = strings(object['labels']).find((l) => l.startsWith('misp-galaxy:'));
    return label ?? `misp-galaxy:${DEFAULT_GALAXY[object.type] ?? object.type}="${text(object['name']) ?? ''}"`;
  }

  relationship(relationship: StixObject): void {
    const source = text(relationship['source_ref']) ?? '';
    const target = text(relationship['target_ref']) ?? '';
    const type = text(relationship['relationship_type']) ?? 'related-to';
    const targetObject = this.byId.get(target);
    const attribute = this.attributeFor.get(source);
    if (attribute !== undefined && targetObject !== undefined && GALAXY_TYPES.has(targetObject.type)) {
      // MISP links attributes to galaxy clusters by tagging them.
      (attribute['Tag'] as Json[]).push({ name: this.galaxyTag(targetObject) });
      return;
    }
    const object = this.objectFor.get(source);
    const referenced = this.mispUuid.get(target);
    if (object === undefined || referenced === undefined) {
      this.skip(relationship.id, 'MISP references run from an object to an exported attribute or object');
      return;
    }
    (object['ObjectReference'] as Json[]).push({
      uuid: externalId(relationship, 'misp-object-reference') ?? uuidOf(relationship.id),
      object_uuid: object['uuid'],
      referenced_uuid: referenced,
      relationship_type: type,
      comment: text(relationship['description']) ?? '',
      timestamp: this.timestampOf(relationship),
    });
  }

  /** Sightings, observed data of an exported observable, and false-positive opinions -> MISP sightings. */
  sighting(object: StixObject): void {
    const target =
      object.type === 'sighting' ? text(object['sighting_of_ref']) : strings(object['object_refs'])[0];
    const attribute = target === undefined ? undefined : this.attributeFor.get(target);
    const isFalsePositive = object.type === 'opinion' && ['strongly-disagree', 'disagree'].includes(text(object['opinion']) ?? '');
    if (attribute === undefined || (object.type === 'opinion' && !isFalsePositive)) {
      this.skip(object.id, 'not a sighting of an exported attribute');
      return;
    }
    const when = text(object['first_seen']) ?? text(object['first_observed']) ?? text(object['created']);
    const sighting: Json = {
      uuid: uuidOf(object.id),
      type: isFalsePositive ? '1' : '0',
      date_sighting: when === undefined ? this.eventTimestamp : timestampToEpoch(when),
    };
    const where = this.byId.get(strings(object['where_sighted_refs'])[0] ?? text(object['created_by_ref']) ?? '');
    if (where?.type === 'identity') sighting['Organisation'] = { name: text(where['name']) ?? '', uuid: externalId(where, 'misp-organisation') ?? uuidOf(where.id) };
    attribute['Sighting'] = [...((attribute['Sighting'] as Json[] | undefined) ?? []), sighting];
  }
}

function latestVersions(objects: readonly StixObject[]): Map<string, StixObject> {
  const byId = new Map<string, StixObject>();
  for (const object of objects) {
    const current = byId.get(object.id);
    if (current === undefined || Date.parse(versionOf(object) || '0') > Date.parse(versionOf(current) || '0')) byId.set(object.id, object);
  }
  return byId;
}

const NOT_EXPORTED = new Set(['marking-definition', 'extension-definition', 'identity', 'report', 'grouping', 'language-content']);

/**
 * One MISP event (`{Event: {...}}`) from STIX objects: the container (report or grouping)
 * becomes the event, its markings the event tags, the objects it references the event's
 * attributes, objects, event reports and sightings.
 */
export function exportMispEvent(objects: readonly StixObject[], options: MispExportOptions = {}): unknown {
  const now = nowTimestamp(options.now);
  const byId = latestVersions(objects);
  const container =
    (options.containerId !== undefined ? byId.get(options.containerId) : undefined) ??
    [...byId.values()].find((o) => o.type === 'report') ??
    [...byId.values()].find((o) => o.type === 'grouping');
  const members = container === undefined ? [...byId.values()] : strings(container['object_refs']).map((id) => byId.get(id)).filter((o): o is StixObject => o !== undefined);
  const eventMarkings = strings(container?.['object_marking_refs']);
  const eventConfidence = typeof container?.['confidence'] === 'number' ? container['confidence'] : undefined;
  const created = text(container?.['created']) ?? now;
  const modified = text(container?.['modified']) ?? created;
  const skip = options.onSkip ?? (() => undefined);
  const writer = new EventWriter(byId, new Set(eventMarkings), eventConfidence, created, timestampToEpoch(modified), skip);

  // SCOs another SCO points to are exported with it (domain|ip, a message's sender).
  const referencedScos = new Set(members.filter((o) => isScoId(o.id)).flatMap(scoReferences));
  const later: StixObject[] = [];
  for (const member of members) {
    if (NOT_EXPORTED.has(member.type)) continue;
    if (member.type === 'indicator') writer.indicator(member);
    else if (isScoId(member.id)) {
      if (!referencedScos.has(member.id)) writer.observable(member);
    } else if (member.type === 'vulnerability' || member.type === 'campaign' || GALAXY_TYPES.has(member.type)) writer.domainObject(member);
    else if (['note', 'relationship', 'sighting', 'observed-data', 'opinion'].includes(member.type)) later.push(member);
    else skip(member.id, `MISP has no form for a ${member.type}`);
  }
  // Notes attach to exported objects, relationships and sightings to exported attributes.
  for (const member of later) if (member.type === 'note') writer.note(member, container?.id);
  for (const member of later) if (member.type === 'relationship') writer.relationship(member);
  for (const member of later) if (['sighting', 'observed-data', 'opinion'].includes(member.type)) writer.sighting(member);

  for (const reference of (container?.['external_references'] as Json[] | undefined) ?? []) {
    const url = text(reference['url']);
    if (url === undefined) continue;
    const uuid = text(reference['external_id']);
    writer.attributes.push({
      uuid: uuid !== undefined && looksLikeUuid(uuid) ? uuid : uuidv5(TEARLINE_NAMESPACE, `misp-link:${container?.id ?? ''}:${url}`),
      type: 'link',
      category: 'External analysis',
      value: url,
      to_ids: false,
      timestamp: timestampToEpoch(modified),
      comment: text(reference['description']) ?? '',
      distribution: '5',
    });
  }

  const eventTags = markingTags(eventMarkings);
  eventTags.push(...plainLabels(strings(container?.['labels'])), ...writer.eventTags);
  if (eventConfidence !== undefined) {
    const grade = credibilityFromConfidence(eventConfidence);
    if (grade !== undefined) eventTags.push(`admiralty-scale:information-credibility="${grade}"`);
  }
  const creator = byId.get(text(container?.['created_by_ref']) ?? '');
  const reliability = creator === undefined ? undefined : reliabilityOf(creator);
  if (reliability !== undefined) eventTags.push(`admiralty-scale:source-reliability="${reliability.toLowerCase()}"`);

  const event: Json = {
    uuid: (container && externalId(container, 'misp-event')) ?? (container ? uuidOf(container.id) : uuidv5(TEARLINE_NAMESPACE, `misp-event:${[...byId.keys()].sort().join(',')}`)),
    info: text(container?.['name']) ?? 'Tearline export',
    date: created.slice(0, 10),
    timestamp: timestampToEpoch(modified),
    published: false,
    analysis: '0',
    threat_level_id: '4',
    distribution: options.distribution ?? '0',
  };
  if (creator?.type === 'identity') event['Orgc'] = { name: text(creator['name']) ?? '', uuid: externalId(creator, 'misp-organisation') ?? uuidOf(creator.id) };
  event['Tag'] = tagList(eventTags);
  event['Attribute'] = writer.attributes;
  event['Object'] = writer.objects;
  if (writer.eventReports.length > 0) event['EventReport'] = writer.eventReports;
  return { Event: event };
}
