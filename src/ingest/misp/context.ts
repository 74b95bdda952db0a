// What converting one MISP event needs to share across its attributes, objects and
// sightings: the event's defaults (times, creator, markings, confidence), where output and
// issues go, and which STIX object each MISP uuid became.
import type { StixObject } from '../../domain/stix/object.ts';
import type { ImportIssue } from '../common/result.ts';
import { Counter, ObjectCollector } from '../common/result.ts';
import { derivedId } from '../common/ids.ts';
import { combineMarkings } from '../common/markings.ts';
import { galaxyObject } from './galaxies.ts';
import { asString, type Json } from './input.ts';
import type { GalaxyTag } from './tags.ts';

export interface EventContext {
  readonly eventUuid: string;
  readonly reportId: string;
  /** The event date (midnight UTC): `created` of everything the event yields. */
  readonly created: string;
  /** The event timestamp, never before `created`. */
  readonly modified: string;
  readonly identityId: string | undefined;
  readonly markings: readonly string[];
  readonly confidence: number | undefined;
  readonly out: ObjectCollector;
  readonly rejected: ImportIssue[];
  readonly unmapped: ImportIssue[];
  readonly counter: Counter;
  /** MISP uuid (attribute or object) -> the STIX id it became. */
  readonly produced: Map<string, string>;
  /** Links (MISP `link` attributes) for the report's external_references. */
  readonly links: Json[];
  /** Galaxy clusters the event carries, by tag name. */
  readonly clusters: ReadonlyMap<string, Json>;
  /** Event-level sightings (`Event.Sighting`), by the uuid of the attribute sighted. */
  readonly sightings: ReadonlyMap<string, readonly Json[]>;
}

export function newContext(init: Omit<EventContext, 'out' | 'rejected' | 'unmapped' | 'counter' | 'produced' | 'links'>): EventContext {
  return { ...init, out: new ObjectCollector(), rejected: [], unmapped: [], counter: new Counter(), produced: new Map(), links: [] };
}

/** Per-item facts that vary from the event's defaults. */
export interface ItemFacts {
  readonly modified: string;
  readonly markings: readonly string[];
  /** null: explicitly no confidence (credibility 6 on the item). */
  readonly confidence: number | null | undefined;
  readonly labels: readonly string[];
  readonly externalReferences: readonly Json[];
}

/**
 * An SDO/SRO of the event: common properties (STIX 2.1 §3.2) around the type's own.
 * Property order is fixed so equal input prints equal JSON.
 */
export function eventObject(ctx: EventContext, type: string, id: string, facts: ItemFacts, own: Json): StixObject {
  const confidence = facts.confidence === null ? undefined : (facts.confidence ?? ctx.confidence);
  const object: Json = { type, spec_version: '2.1', id };
  if (ctx.identityId !== undefined) object['created_by_ref'] = ctx.identityId;
  object['created'] = ctx.created;
  object['modified'] = facts.modified;
  Object.assign(object, own);
  if (facts.labels.length > 0) object['labels'] = [...facts.labels];
  if (confidence !== undefined) object['confidence'] = confidence;
  if (facts.externalReferences.length > 0) object['external_references'] = [...facts.externalReferences];
  if (facts.markings.length > 0) object['object_marking_refs'] = [...facts.markings];
  return object as StixObject;
}

/** SCOs carry no timestamps or creator (§6), only their markings. */
export function markSco(sco: StixObject, markings: readonly string[]): StixObject {
  return markings.length === 0 ? sco : { ...sco, object_marking_refs: combineMarkings(markings) };
}

export function issue(list: ImportIssue[], item: string, code: string, message: string): void {
  list.push({ item, code, message });
}

/** A note keeping MISP content that has no other STIX home (§4.13 note). */
export function keepAsNote(ctx: EventContext, seed: string, facts: ItemFacts, abstract: string | undefined, content: string, refs: readonly string[]): string {
  const id = derivedId('note', seed);
  const own: Json = {};
  if (abstract !== undefined && abstract.trim().length > 0) own['abstract'] = abstract;
  own['content'] = content;
  own['object_refs'] = [...refs];
  ctx.out.add(eventObject(ctx, 'note', id, facts, own));
  return id;
}

/**
 * SDOs for galaxy clusters named by tags (cluster data from the event when present). With
 * `from`, each is also linked to that object: `indicates` from an indicator (§4.7.1), else
 * `related-to`. Returns the ids of the galaxy SDOs.
 */
export function importGalaxies(ctx: EventContext, galaxies: readonly GalaxyTag[], extraClusters: ReadonlyMap<string, Json>, from?: { readonly id: string; readonly seed: string; readonly facts: ItemFacts }): string[] {
  const ids: string[] = [];
  for (const tag of galaxies) {
    const result = galaxyObject(tag, extraClusters.get(tag.tag) ?? ctx.clusters.get(tag.tag), ctx.modified);
    if (!result.ok) {
      ctx.counter.add('galaxies.unmapped');
      issue(ctx.unmapped, `galaxy ${tag.tag}`, 'unmapped-galaxy', result.reason);
      continue;
    }
    ctx.counter.add('galaxies.mapped');
    ctx.out.add(result.object);
    ids.push(result.object.id);
    if (from !== undefined) {
      const relationshipType = from.id.startsWith('indicator--') ? 'indicates' : 'related-to';
      const rel = eventObject(ctx, 'relationship', derivedId('relationship', `${from.seed}|${tag.tag}`), { ...from.facts, labels: [], externalReferences: [] }, {
        relationship_type: relationshipType,
        source_ref: from.id,
        target_ref: result.object.id,
      });
      ctx.out.add(rel);
    }
  }
  return ids;
}

/**
 * The identity of a MISP organisation (Orgc of the event, or of a sighting), id derived from
 * the organisation's uuid (else its name). One version per event: the event's timestamp.
 */
export function organisationId(org: Json | undefined): string | undefined {
  const name = asString(org?.['name'])?.trim();
  const uuid = asString(org?.['uuid'])?.trim();
  if (!name && !uuid) return undefined;
  return derivedId('identity', uuid ? uuid : `name:${name}`);
}

export function organisationIdentity(ctx: EventContext, org: Json | undefined, extensions?: Json): string | undefined {
  const id = organisationId(org);
  if (id === undefined) return undefined;
  const name = asString(org?.['name'])?.trim();
  const uuid = asString(org?.['uuid'])?.trim();
  const identity: Json = {
    type: 'identity',
    spec_version: '2.1',
    id,
    created: ctx.modified,
    modified: ctx.modified,
    name: name || uuid,
    identity_class: 'organization',
  };
  // The MISP uuid, so that an export can name the organisation as MISP knows it.
  if (uuid) identity['external_references'] = [{ source_name: 'misp-organisation', external_id: uuid }];
  if (extensions !== undefined) identity['extensions'] = extensions;
  if (ctx.markings.length > 0) identity['object_marking_refs'] = [...ctx.markings];
  ctx.out.add(identity as StixObject);
  return id;
}
