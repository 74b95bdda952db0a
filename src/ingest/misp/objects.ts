// One MISP object -> one STIX observable: an indicator whose pattern ANDs the mapped
// attributes when any of them is to_ids, else the SCO. Attributes the template does not
// map are kept in a note on that object; broken ones are rejected alone. Objects of
// templates we do not map are kept whole in a note.
import { derivedId } from '../common/ids.ts';
import { combineMarkings } from '../common/markings.ts';
import { parsePath, renderPath, renderPattern, type Comparison } from '../common/pattern.ts';
import { buildSco } from '../common/sco.ts';
import { epochToTimestamp, laterOf, toTimestamp } from '../common/time.ts';
import { ipFamily, normalizeValue, type ValueKind } from '../common/values.ts';
import { attributeFacts, importAttribute, type AttributeStatus } from './attributes.ts';
import { attributeMapping } from './attribute-types.ts';
import { eventObject, issue, keepAsNote, markSco, type EventContext, type ItemFacts } from './context.ts';
import { asBool, asObjects, asString, type Json } from './input.ts';
import { OBJECT_TEMPLATES, type TemplateSpec } from './object-templates.ts';

interface Entry {
  readonly attribute: Json;
  readonly uuid: string | undefined;
  readonly seed: string;
  readonly type: string;
  readonly relation: string;
  readonly value: string;
  status: AttributeStatus;
  code?: string;
  reason?: string;
  comparison?: Comparison;
  kind?: ValueKind;
}

export interface ObjectReference {
  readonly sourceUuid: string;
  readonly reference: Json;
}

function resolve(path: string, value: string | number): Comparison['path'] {
  // An `ip` relation may hold either family; only top-level address paths name it.
  if (path.startsWith('{ip}')) return parsePath(path.replace('{ip}', typeof value === 'string' && ipFamily(value) === 6 ? 'ipv6-addr' : 'ipv4-addr'));
  return parsePath(path);
}

function classify(attribute: Json, seed: string, name: string, template: TemplateSpec | undefined): Entry {
  const uuid = asString(attribute['uuid'])?.trim() || undefined;
  const type = asString(attribute['type'])?.trim() ?? '';
  const relation = asString(attribute['object_relation'])?.trim() ?? '';
  const value = asString(attribute['value']) ?? '';
  const entry: Entry = { attribute, uuid, seed: uuid ?? seed, type, relation, value, status: 'unmapped' };
  const set = (status: AttributeStatus, code: string, reason: string): Entry => Object.assign(entry, { status, code, reason });
  if (asBool(attribute['deleted'])) return set('unmapped', 'deleted', 'deleted in MISP: not imported');
  if (type.length === 0) return set('rejected', 'missing-type', 'the attribute has no type');
  if (attributeMapping(type) === undefined) return set('rejected', 'unknown-type', `MISP has no attribute type "${type}"`);
  if (value.trim().length === 0) return set('rejected', 'missing-value', `the ${type} attribute has no value`);
  if (template === undefined) return set('unmapped', 'unmapped-template', `MISP object template ${name} is not mapped to STIX; kept in a note`);
  const spec = template.relations[relation];
  if (spec === undefined) return set('unmapped', 'unmapped-relation', `${name} object relation "${relation}" (${type}) has no STIX property here; kept in a note`);
  const normalized = normalizeValue(spec.kind, value);
  if (!normalized.ok) return set('rejected', 'invalid-value', normalized.reason);
  return Object.assign(entry, { status: 'mapped', comparison: { path: resolve(spec.path, normalized.value), value: normalized.value }, kind: spec.kind });
}

/** A single-valued property met twice with different values cannot be ANDed: keep the first. */
function markConflicts(entries: readonly Entry[]): void {
  const seen = new Map<string, string | number>();
  for (const entry of entries) {
    if (entry.status !== 'mapped' || entry.comparison === undefined) continue;
    const path = renderPath(entry.comparison.path);
    if (path.includes('[*]')) continue;
    const previous = seen.get(path);
    if (previous === undefined) seen.set(path, entry.comparison.value);
    else if (previous !== entry.comparison.value) {
      Object.assign(entry, { status: 'unmapped', code: 'conflicting-value', reason: `${path} already has another value in this object; kept in a note` });
    }
  }
}

function noteContent(entries: readonly Entry[]): string {
  // One line per attribute; the value JSON-quoted so that multi-line values stay one line.
  return entries.map((e) => `${e.relation} (${e.type}): ${JSON.stringify(e.value)}`).join('\n');
}

function count(ctx: EventContext, entries: readonly Entry[]): void {
  for (const entry of entries) {
    ctx.counter.add('attributes.total');
    ctx.counter.add(`attributes.${entry.status}`);
    if (entry.status === 'mapped') continue;
    issue(entry.status === 'rejected' ? ctx.rejected : ctx.unmapped, `attribute ${entry.seed}`, entry.code ?? entry.status, entry.reason ?? '');
  }
}

/** Converts one object; returns its references for the caller to resolve once all is converted. */
export function importObject(ctx: EventContext, object: Json, index: number): ObjectReference[] {
  const uuid = asString(object['uuid'])?.trim() || undefined;
  const seed = uuid ?? `${ctx.eventUuid}:object:${index}`;
  const name = asString(object['name'])?.trim() || 'unnamed';
  const item = `object ${seed}`;
  const comment = asString(object['comment'])?.trim() ?? '';
  ctx.counter.add('objects.total');
  const template = asBool(object['deleted']) ? undefined : OBJECT_TEMPLATES[name];
  const attributes = asObjects(object['Attribute']);
  const entries = attributes.map((attribute, i) => classify(attribute, `${seed}:${i}`, name, template));
  if (asBool(object['deleted'])) for (const entry of entries) Object.assign(entry, { status: 'unmapped', code: 'deleted', reason: 'its object is deleted in MISP' });
  markConflicts(entries);
  const mapped = entries.filter((e) => e.status === 'mapped');
  const toIds = mapped.some((e) => asBool(e.attribute['to_ids']));
  const references = uuid === undefined ? [] : asObjects(object['ObjectReference']).map((reference) => ({ sourceUuid: uuid, reference }));

  const decompose = (reason: string): ObjectReference[] => {
    ctx.counter.add('objects.decomposed');
    issue(ctx.unmapped, item, 'decomposed', `${reason}; its attributes were imported one by one`);
    attributes.forEach((attribute, i) => importAttribute(ctx, attribute, `${seed}:${i}`));
    return [];
  };
  const requires = template?.requires;
  if (mapped.length > 0 && requires !== undefined && !mapped.some((e) => requires.includes(e.relation))) {
    return decompose(`a ${name} object needs one of ${requires.join(', ')}`);
  }

  const facts: ItemFacts = {
    modified: [epochToTimestamp(object['timestamp']), ...mapped.map((e) => epochToTimestamp(e.attribute['timestamp']))]
      .filter((t): t is string => t !== undefined)
      .reduce(laterOf, ctx.created),
    markings: combineMarkings(ctx.markings, ...mapped.map((e) => attributeFacts(ctx, e.attribute, e.type, e.uuid).markings)),
    confidence: undefined,
    labels: [`misp:name="${name}"`, ...(asString(object['meta-category']) ? [`misp:meta-category="${asString(object['meta-category'])}"`] : [])],
    externalReferences: uuid === undefined ? [] : [{ source_name: 'misp-object', external_id: uuid }],
  };

  let primary: string | undefined;
  if (mapped.length > 0 && toIds) {
    primary = derivedId('indicator', seed);
    const validFrom = toTimestamp(object['first_seen']) ?? ctx.created;
    const validUntil = toTimestamp(object['last_seen']);
    const own: Json = { name: comment || `${name} object`, pattern: renderPattern(mapped.map((e) => e.comparison as Comparison)), pattern_type: 'stix', pattern_version: '2.1', valid_from: validFrom };
    // §4.7: valid_until must be later than valid_from.
    if (validUntil !== undefined && Date.parse(validUntil) > Date.parse(validFrom)) own['valid_until'] = validUntil;
    ctx.out.add(eventObject(ctx, 'indicator', primary, facts, own));
  } else if (mapped.length > 0) {
    const sco = buildSco(mapped.map((e) => e.comparison as Comparison), mapped.map((e) => e.kind ?? 'text'));
    if (!sco.ok) return decompose(`no STIX observable for this ${name} object (${sco.message})`);
    for (const o of sco.objects) ctx.out.add(markSco(o, facts.markings));
    primary = sco.primary.id;
  }

  const kept = entries.filter((e) => e.status === 'unmapped' && e.code !== 'deleted');
  count(ctx, entries);
  if (primary === undefined) {
    ctx.counter.add('objects.unmapped');
    issue(ctx.unmapped, item, template === undefined ? 'unmapped-template' : 'nothing-mappable', template === undefined ? `MISP object template ${name} is not mapped to STIX; kept in a note` : `no attribute of this ${name} object maps to STIX; kept in a note`);
    if (kept.length > 0) keepAsNote(ctx, `object:${seed}`, facts, comment ? `MISP ${name} object: ${comment}` : `MISP ${name} object`, noteContent(kept), [ctx.reportId]);
    return [];
  }
  ctx.counter.add('objects.mapped');
  if (uuid !== undefined) ctx.produced.set(uuid, primary);
  for (const entry of mapped) if (entry.uuid !== undefined) ctx.produced.set(entry.uuid, primary);
  if (kept.length > 0) keepAsNote(ctx, `object:${seed}`, facts, `MISP ${name} object: attributes without a STIX property`, noteContent(kept), [primary]);
  return references;
}
