// One MISP event -> a STIX report (§4.17) whose object_refs name everything the event
// became: the creator organisation's identity, indicators, observables, notes, galaxy
// SDOs, relationships from object references, sightings.
import type { StixObject } from '../../domain/stix/object.ts';
import { reliabilityExtension, SOURCE_RELIABILITY_EXTENSION, TEARLINE_IDENTITY } from '../common/admiralty.ts';
import { derivedId } from '../common/ids.ts';
import type { ImportIssue } from '../common/result.ts';
import { dateToTimestamp, epochToTimestamp, laterOf } from '../common/time.ts';
import { importAttribute } from './attributes.ts';
import { eventObject, importGalaxies, issue, newContext, organisationId, organisationIdentity, type EventContext } from './context.ts';
import { mergeGalaxyTags, readGalaxyList } from './galaxies.ts';
import { asArray, asBool, asObject, asObjects, asString, type Json } from './input.ts';
import { importObject, type ObjectReference } from './objects.ts';
import { readTags } from './tags.ts';

export interface EventResult {
  readonly objects: readonly StixObject[];
  readonly rejected: readonly ImportIssue[];
  readonly unmapped: readonly ImportIssue[];
  readonly counts: Readonly<Record<string, number>>;
}

function sightingsByAttribute(event: Json): Map<string, Json[]> {
  const map = new Map<string, Json[]>();
  for (const sighting of asObjects(event['Sighting'])) {
    const uuid = asString(sighting['attribute_uuid']);
    if (uuid === undefined) continue;
    map.set(uuid, [...(map.get(uuid) ?? []), sighting]);
  }
  return map;
}

/** §3.1: relationship types are lowercase letters, digits and hyphens. */
function relationshipType(text: string | undefined): string {
  const cleaned = (text ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned.length > 0 ? cleaned : 'related-to';
}

function importReferences(ctx: EventContext, references: readonly ObjectReference[]): void {
  for (const { sourceUuid, reference } of references) {
    const uuid = asString(reference['uuid'])?.trim() || undefined;
    const targetUuid = asString(reference['referenced_uuid'])?.trim();
    const type = relationshipType(asString(reference['relationship_type']));
    const item = `reference ${uuid ?? `${sourceUuid} ${type} ${targetUuid ?? '?'}`}`;
    ctx.counter.add('references.total');
    const source = ctx.produced.get(sourceUuid);
    const target = targetUuid === undefined ? undefined : ctx.produced.get(targetUuid);
    const skip = (code: string, message: string): void => {
      ctx.counter.add('references.unmapped');
      issue(ctx.unmapped, item, code, message);
    };
    if (asBool(reference['deleted'])) skip('deleted', 'deleted in MISP: not imported');
    else if (source === undefined || target === undefined) skip('dangling-reference', `the ${target === undefined ? 'referenced item' : 'referencing object'} was not mapped to STIX`);
    else if (source === target) skip('self-reference', 'both ends became the same STIX object');
    else {
      ctx.counter.add('references.mapped');
      const comment = asString(reference['comment'])?.trim() ?? '';
      const own: Json = { relationship_type: type };
      if (comment.length > 0) own['description'] = comment;
      own['source_ref'] = source;
      own['target_ref'] = target;
      const id = derivedId('relationship', uuid ?? `${source}|${type}|${target}`);
      const modified = laterOf(epochToTimestamp(reference['timestamp']) ?? ctx.modified, ctx.created);
      const externalReferences = uuid === undefined ? [] : [{ source_name: 'misp-object-reference', external_id: uuid }];
      ctx.out.add(eventObject(ctx, 'relationship', id, { modified, markings: ctx.markings, confidence: undefined, labels: [], externalReferences }, own));
    }
  }
}

function importEventReports(ctx: EventContext, event: Json): void {
  for (const [i, report] of asObjects(event['EventReport']).entries()) {
    const uuid = asString(report['uuid'])?.trim() || `${ctx.eventUuid}:report:${i}`;
    const item = `event-report ${uuid}`;
    ctx.counter.add('eventReports.total');
    const name = asString(report['name'])?.trim() ?? '';
    const content = asString(report['content']) ?? '';
    if (asBool(report['deleted'])) {
      ctx.counter.add('eventReports.unmapped');
      issue(ctx.unmapped, item, 'deleted', 'deleted in MISP: not imported');
      continue;
    }
    if (name.length === 0 && content.trim().length === 0) {
      ctx.counter.add('eventReports.rejected');
      issue(ctx.rejected, item, 'missing-value', 'the event report has neither name nor content');
      continue;
    }
    ctx.counter.add('eventReports.mapped');
    const modified = laterOf(epochToTimestamp(report['timestamp']) ?? ctx.modified, ctx.created);
    const own: Json = {};
    if (name.length > 0) own['abstract'] = name;
    own['content'] = content.trim().length > 0 ? content : name;
    own['object_refs'] = [ctx.reportId];
    const facts = { modified, markings: ctx.markings, confidence: undefined, labels: ['misp:event-report'], externalReferences: [{ source_name: 'misp-event-report', external_id: uuid }] };
    ctx.out.add(eventObject(ctx, 'note', derivedId('note', `event-report:${uuid}`), facts, own));
  }
}

const NOT_CONTENT = new Set(['marking-definition', 'extension-definition']);

export function importEvent(event: Json, index: number, now: string): EventResult {
  const uuid = asString(event['uuid'])?.trim() || `event:${index}:${asString(event['info']) ?? ''}:${asString(event['date']) ?? ''}`;
  const created = dateToTimestamp(event['date']) ?? epochToTimestamp(event['timestamp']) ?? now;
  const modified = laterOf(epochToTimestamp(event['timestamp']) ?? created, created);
  const tags = readTags(asArray(event['Tag']));
  const galaxies = readGalaxyList(event['Galaxy']);
  const orgc = asObject(event['Orgc']) ?? asObject(event['Org']);
  const ctx = newContext({
    eventUuid: uuid,
    reportId: derivedId('report', uuid),
    created,
    modified,
    identityId: organisationId(orgc),
    markings: tags.markings,
    confidence: tags.confidence ?? undefined,
    clusters: galaxies.clusters,
    sightings: sightingsByAttribute(event),
  });
  if (tags.reliability !== undefined) {
    ctx.out.add(TEARLINE_IDENTITY);
    ctx.out.add(SOURCE_RELIABILITY_EXTENSION);
  }
  organisationIdentity(ctx, orgc, tags.reliability === undefined ? undefined : reliabilityExtension(tags.reliability));

  asObjects(event['Attribute']).forEach((attribute, i) => importAttribute(ctx, attribute, `${uuid}:attribute:${i}`));
  const references = asObjects(event['Object']).flatMap((object, i) => importObject(ctx, object, i));
  importReferences(ctx, references);
  importEventReports(ctx, event);
  const unmappedBefore = ctx.unmapped.length;
  importGalaxies(ctx, mergeGalaxyTags(galaxies.tags, tags.galaxies), new Map());
  // Galaxies without a STIX type stay visible as report labels.
  const galaxyLabels = ctx.unmapped.slice(unmappedBefore).map((u) => u.item.replace(/^galaxy /, ''));

  const refs = ctx.out
    .objects()
    .filter((o) => !NOT_CONTENT.has(o.type) && o.id !== TEARLINE_IDENTITY.id)
    .map((o) => o.id);
  if (refs.length === 0) {
    ctx.rejected.push({ item: `event ${uuid}`, code: 'empty-event', message: 'the event has nothing to import and no creator organisation' });
    return { objects: [], rejected: ctx.rejected, unmapped: ctx.unmapped, counts: ctx.counter.counts };
  }
  const publishTimestamp = asBool(event['published']) ? epochToTimestamp(event['publish_timestamp']) : undefined;
  const info = asString(event['info'])?.trim();
  const own: Json = {
    name: info || 'MISP event',
    report_types: ['threat-report'],
    // §4.17: published is required; an unpublished MISP event has only its date.
    published: publishTimestamp ?? created,
    object_refs: refs,
  };
  const facts = {
    modified,
    markings: ctx.markings,
    confidence: undefined,
    labels: [...tags.labels, ...galaxyLabels],
    externalReferences: [{ source_name: 'misp-event', external_id: uuid }, ...ctx.links],
  };
  ctx.out.add(eventObject(ctx, 'report', ctx.reportId, facts, own));
  ctx.counter.add('events.imported');
  return { objects: ctx.out.objects(), rejected: ctx.rejected, unmapped: ctx.unmapped, counts: ctx.counter.counts };
}
