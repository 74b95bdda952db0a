// One MISP attribute -> STIX. With to_ids an observable attribute becomes an indicator with
// a STIX pattern; without, the SCO it describes. Links go to the report's references, prose
// to notes, detection rules to indicators of their pattern type. Known types with no STIX
// form are kept in a note and reported as unmapped; broken attributes are rejected alone.
import { parsePattern } from '../../domain/stix/pattern/index.ts';
import { derivedId } from '../common/ids.ts';
import { combineMarkings } from '../common/markings.ts';
import { observableComparisons } from '../common/observable-types.ts';
import { renderPattern } from '../common/pattern.ts';
import { buildSco } from '../common/sco.ts';
import { epochToTimestamp, laterOf, toTimestamp } from '../common/time.ts';
import { normalizeValue } from '../common/values.ts';
import { attributeMapping } from './attribute-types.ts';
import { eventObject, importGalaxies, issue, keepAsNote, markSco, type EventContext, type ItemFacts } from './context.ts';
import { mergeGalaxyTags, readGalaxyList } from './galaxies.ts';
import { asArray, asBool, asString, type Json } from './input.ts';
import { expirationOf, importSightings } from './sightings.ts';
import { readTags } from './tags.ts';

export type AttributeStatus = 'mapped' | 'unmapped' | 'rejected';

export interface AttributeOutcome {
  readonly status: AttributeStatus;
  /** The STIX object the attribute became, when it became one. */
  readonly id?: string;
}

/** `misp:type="…"` and `misp:category="…"` labels, as MISP's own STIX export writes them. */
function mispLabels(type: string, category: string | undefined): string[] {
  const labels = [`misp:type="${type}"`];
  if (category !== undefined && category.trim().length > 0) labels.push(`misp:category="${category.trim()}"`);
  return labels;
}

/** The facts of an attribute that override the event's: time, markings, confidence, labels. */
export function attributeFacts(ctx: EventContext, attribute: Json, type: string, uuid: string | undefined): ItemFacts {
  const tags = readTags(asArray(attribute['Tag']));
  return {
    modified: laterOf(epochToTimestamp(attribute['timestamp']) ?? ctx.modified, ctx.created),
    markings: combineMarkings(ctx.markings, tags.markings),
    confidence: tags.confidence,
    labels: [...mispLabels(type, asString(attribute['category'])), ...tags.labels],
    externalReferences: uuid === undefined ? [] : [{ source_name: 'misp-attribute', external_id: uuid }],
  };
}

interface Validity {
  readonly validFrom: string;
  readonly validUntil?: string;
}

function validity(ctx: EventContext, attribute: Json): Validity {
  const validFrom = toTimestamp(attribute['first_seen']) ?? ctx.created;
  const until = toTimestamp(attribute['last_seen']) ?? expirationOf(attribute);
  // §4.7: valid_until must be later than valid_from.
  return until !== undefined && Date.parse(until) > Date.parse(validFrom) ? { validFrom, validUntil: until } : { validFrom };
}

function indicatorOwn(name: string, comment: string, pattern: string, patternType: string, valid: Validity): Json {
  const own: Json = { name };
  if (comment.length > 0) own['description'] = comment;
  own['pattern'] = pattern;
  own['pattern_type'] = patternType;
  if (patternType === 'stix') own['pattern_version'] = '2.1';
  own['valid_from'] = valid.validFrom;
  if (valid.validUntil !== undefined) own['valid_until'] = valid.validUntil;
  return own;
}

/** Converts one attribute (top-level, or of an object imported attribute by attribute). */
export function importAttribute(ctx: EventContext, attribute: Json, fallbackSeed: string): AttributeOutcome {
  const uuid = asString(attribute['uuid'])?.trim() || undefined;
  const seed = uuid ?? fallbackSeed;
  const item = `attribute ${seed}`;
  ctx.counter.add('attributes.total');
  const done = (status: AttributeStatus, id?: string): AttributeOutcome => {
    ctx.counter.add(`attributes.${status}`);
    if (id !== undefined && uuid !== undefined) ctx.produced.set(uuid, id);
    return id === undefined ? { status } : { status, id };
  };
  const reject = (code: string, message: string): AttributeOutcome => {
    issue(ctx.rejected, item, code, message);
    return done('rejected');
  };
  if (asBool(attribute['deleted'])) {
    issue(ctx.unmapped, item, 'deleted', 'deleted in MISP: not imported');
    return done('unmapped');
  }
  const type = asString(attribute['type'])?.trim();
  if (type === undefined || type.length === 0) return reject('missing-type', 'the attribute has no type');
  const mapping = attributeMapping(type);
  if (mapping === undefined) return reject('unknown-type', `MISP has no attribute type "${type}"`);
  const value = asString(attribute['value']);
  if (value === undefined || value.trim().length === 0) return reject('missing-value', `the ${type} attribute has no value`);
  const facts = attributeFacts(ctx, attribute, type, uuid);
  const comment = asString(attribute['comment'])?.trim() ?? '';
  const unmapped = (code: string, reason: string): AttributeOutcome => {
    issue(ctx.unmapped, item, code, reason);
    keepAsNote(ctx, seed, facts, comment, value, [ctx.reportId]);
    importSightings(ctx, attribute, undefined, seed, facts.markings);
    return done('unmapped');
  };

  let id: string | undefined;
  const toIds = asBool(attribute['to_ids']);
  switch (mapping.kind) {
    case 'link':
    case 'observable': {
      const pattern = observableComparisons(type, value, 'pattern');
      if (!pattern.ok) return reject(pattern.code, pattern.message);
      if (mapping.kind === 'link' && !toIds) {
        const url = normalizeValue('url', value);
        if (!url.ok) return reject('invalid-value', url.reason);
        const reference: Json = { source_name: 'misp-link', url: url.value };
        if (comment.length > 0) reference['description'] = comment;
        if (uuid !== undefined) reference['external_id'] = uuid;
        ctx.links.push(reference);
        return done('mapped');
      }
      if (toIds) {
        id = derivedId('indicator', seed);
        // Named by the normalised value, which is what an export writes back.
        const name = pattern.comparisons.map((comparison) => String(comparison.value)).join('|');
        const own = indicatorOwn(name, comment, renderPattern(pattern.comparisons), 'stix', validity(ctx, attribute));
        ctx.out.add(eventObject(ctx, 'indicator', id, facts, own));
        break;
      }
      const observe = observableComparisons(type, value, 'observe');
      if (!observe.ok) return unmapped('no-observable-form', observe.message);
      const sco = buildSco(observe.comparisons, observe.kinds);
      if (!sco.ok) return unmapped('no-observable-form', sco.message);
      for (const object of sco.objects) ctx.out.add(markSco(object, facts.markings));
      id = sco.primary.id;
      break;
    }
    case 'pattern': {
      if (mapping.patternType === 'stix') {
        const parsed = parsePattern(value.trim());
        if (!parsed.ok) return reject('invalid-value', `not a valid STIX pattern: ${parsed.error.message}`);
      }
      id = derivedId('indicator', seed);
      const name = comment.length > 0 ? comment : `${type} rule`;
      ctx.out.add(eventObject(ctx, 'indicator', id, facts, indicatorOwn(name, '', value, mapping.patternType, validity(ctx, attribute))));
      break;
    }
    case 'note':
      id = keepAsNote(ctx, seed, facts, comment, value, [ctx.reportId]);
      break;
    case 'vulnerability': {
      const name = value.trim();
      const cve = /^CVE-\d{4}-\d{4,}$/i.test(name) ? name.toUpperCase() : undefined;
      id = derivedId('vulnerability', seed);
      const own: Json = { name: cve ?? name };
      if (comment.length > 0) own['description'] = comment;
      // §4.20: a CVE is referenced with source_name "cve".
      const references = cve === undefined ? facts.externalReferences : [{ source_name: 'cve', external_id: cve }, ...facts.externalReferences];
      ctx.out.add(eventObject(ctx, 'vulnerability', id, { ...facts, externalReferences: references }, own));
      break;
    }
    case 'intrusion-set':
    case 'campaign': {
      id = derivedId(mapping.kind, seed);
      const own: Json = { name: value.trim() };
      if (comment.length > 0) own['description'] = comment;
      ctx.out.add(eventObject(ctx, mapping.kind, id, facts, own));
      break;
    }
    case 'unmapped':
      return unmapped('unmapped-type', mapping.reason);
  }

  const tags = readTags(asArray(attribute['Tag']));
  const galaxies = readGalaxyList(attribute['Galaxy']);
  importGalaxies(ctx, mergeGalaxyTags(galaxies.tags, tags.galaxies), galaxies.clusters, { id, seed, facts });
  importSightings(ctx, attribute, id, seed, facts.markings);
  return done('mapped', id);
}
