// MISP sightings -> STIX. Type 0 (seen): a §5.2 sighting of the SDO the attribute became, or
// observed-data (§4.14) when it became an SCO, since sighting_of_ref must be an SDO. Type 1
// (false positive): an opinion (§4.15) strongly disagreeing with it. Type 2 (expiration):
// the indicator's valid_until.
import type { StixObject } from '../../domain/stix/object.ts';
import { derivedId } from '../common/ids.ts';
import { isScoId } from '../common/sco.ts';
import { epochToTimestamp } from '../common/time.ts';
import { issue, organisationIdentity, type EventContext } from './context.ts';
import { asObject, asObjects, asString, type Json } from './input.ts';

function sightingsOf(attribute: Json, ctx?: EventContext): Json[] {
  const own = asObjects(attribute['Sighting']);
  const uuid = asString(attribute['uuid']);
  const fromEvent = uuid === undefined || ctx === undefined ? [] : (ctx.sightings.get(uuid) ?? []);
  const seen = new Set(own.map((s) => asString(s['uuid'])).filter((u): u is string => u !== undefined));
  return [
    ...own,
    ...fromEvent.filter((s) => {
      const u = asString(s['uuid']);
      return u === undefined || !seen.has(u);
    }),
  ];
}

const typeOf = (sighting: Json): string => asString(sighting['type'])?.trim() || '0';

/** The earliest expiration sighting of an attribute, as a timestamp. */
export function expirationOf(attribute: Json): string | undefined {
  const dates = sightingsOf(attribute)
    .filter((s) => typeOf(s) === '2')
    .map((s) => epochToTimestamp(s['date_sighting']))
    .filter((d): d is string => d !== undefined)
    .sort();
  return dates[0];
}

export function importSightings(ctx: EventContext, attribute: Json, targetId: string | undefined, seed: string, markings: readonly string[]): void {
  for (const sighting of sightingsOf(attribute, ctx)) {
    ctx.counter.add('sightings.total');
    const type = typeOf(sighting);
    const when = epochToTimestamp(sighting['date_sighting']) ?? ctx.modified;
    const org = asObject(sighting['Organisation']) ?? asObject(sighting['Org']);
    const sightingSeed = asString(sighting['uuid'])?.trim() || `${seed}|${type}|${when}|${asString(org?.['uuid']) ?? asString(org?.['name']) ?? ''}`;
    const item = `sighting ${sightingSeed}`;
    const unmapped = (code: string, message: string): void => {
      ctx.counter.add('sightings.unmapped');
      issue(ctx.unmapped, item, code, message);
    };
    if (targetId === undefined) {
      unmapped('sighting-of-unmapped', 'the sighted attribute was not mapped to STIX');
      continue;
    }
    const orgId = organisationIdentity(ctx, org);
    const base: Json = { spec_version: '2.1' };
    const creator = orgId ?? ctx.identityId;
    if (creator !== undefined) base['created_by_ref'] = creator;
    base['created'] = when;
    base['modified'] = when;
    const tail: Json = markings.length > 0 ? { object_marking_refs: [...markings] } : {};
    let object: Json;
    if (type === '0' && !isScoId(targetId)) {
      object = { type: 'sighting', id: derivedId('sighting', sightingSeed), ...base, first_seen: when, last_seen: when, count: 1, sighting_of_ref: targetId };
      if (orgId !== undefined) object['where_sighted_refs'] = [orgId];
    } else if (type === '0') {
      object = { type: 'observed-data', id: derivedId('observed-data', sightingSeed), ...base, first_observed: when, last_observed: when, number_observed: 1, object_refs: [targetId] };
    } else if (type === '1') {
      object = { type: 'opinion', id: derivedId('opinion', sightingSeed), ...base, explanation: 'MISP false-positive sighting', opinion: 'strongly-disagree', object_refs: [targetId] };
    } else if (type === '2') {
      if (targetId.startsWith('indicator--')) ctx.counter.add('sightings.mapped');
      else unmapped('expiration-of-non-indicator', 'an expiration sighting can only end an indicator\'s validity');
      continue;
    } else {
      unmapped('unknown-sighting-type', `MISP has no sighting type ${type}`);
      continue;
    }
    ctx.counter.add('sightings.mapped');
    ctx.out.add({ ...object, ...tail } as StixObject);
  }
}
