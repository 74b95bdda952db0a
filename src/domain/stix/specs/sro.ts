// STIX Relationship Objects (STIX 2.1 §5): relationship and sighting.

import { identifierType } from '../identifiers.ts';
import { categoryOf } from '../object-types.ts';
import { isSpecRelationship } from '../relationships.ts';
import { childPath } from '../validate/issues.ts';
import type { JsonObject } from '../json.ts';
import { checkTimeOrder } from './checks.ts';
import { SDO_SRO_COMMON, SDO_SRO_REQUIRED } from './common.ts';
import { BOOLEAN, defineType, integer, ref, refs, STRING, TIMESTAMP, type Ctx } from './kinds.ts';
import { SDO_ONLY, SDO_OR_SCO, typesTarget } from './ref-targets.ts';

/** §5.1.2: relationship_type "MUST be in ASCII and is limited to characters a-z, 0-9, and hyphen". */
function isRelationshipTypeName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

function checkRelationship(relationship: JsonObject, base: string, ctx: Ctx): void {
  // §5.1.2: "If start_time and stop_time are both defined, then stop_time MUST be later than the start_time value."
  checkTimeOrder(relationship, base, ctx, 'start_time', 'stop_time', true, '5.1.2');
  const relationshipType = relationship['relationship_type'];
  if (typeof relationshipType !== 'string') return;
  if (!isRelationshipTypeName(relationshipType)) {
    ctx.sink.error(childPath(base, 'relationship_type'), 'invalid-relationship-type', `relationship_type "${relationshipType}" MUST contain only a-z, 0-9 and hyphen (§5.1.2)`);
    return;
  }
  const source = relationship['source_ref'];
  const target = relationship['target_ref'];
  if (typeof source !== 'string' || typeof target !== 'string') return;
  const sourceType = identifierType(source);
  const targetType = identifierType(target);
  // Custom types have no listed relationships to compare with.
  if (sourceType === '' || targetType === '' || categoryOf(sourceType) === 'custom' || categoryOf(targetType) === 'custom') return;
  if (!isSpecRelationship(sourceType, relationshipType, targetType)) {
    ctx.sink.warn(childPath(base, 'relationship_type'), 'unlisted-relationship-type', `"${relationshipType}" from ${sourceType} to ${targetType} is not a relationship the specification defines; it SHOULD be (§5.1.2)`);
  }
}

export const RELATIONSHIP = defineType({
  name: 'relationship', section: '5.1', category: 'sro', common: SDO_SRO_COMMON, commonRequired: SDO_SRO_REQUIRED,
  props: {
    relationship_type: STRING, description: STRING, source_ref: ref(SDO_OR_SCO), target_ref: ref(SDO_OR_SCO),
    start_time: TIMESTAMP, stop_time: TIMESTAMP,
  },
  required: ['relationship_type', 'source_ref', 'target_ref'],
  check: checkRelationship,
});

export const SIGHTING = defineType({
  name: 'sighting', section: '5.2', category: 'sro', common: SDO_SRO_COMMON, commonRequired: SDO_SRO_REQUIRED,
  props: {
    description: STRING, first_seen: TIMESTAMP, last_seen: TIMESTAMP, count: integer(0, 999_999_999),
    sighting_of_ref: ref(SDO_ONLY), observed_data_refs: refs(typesTarget('observed-data')),
    where_sighted_refs: refs(typesTarget('identity', 'location')), summary: BOOLEAN,
  },
  required: ['sighting_of_ref'],
  check: (sighting, base, ctx) => checkTimeOrder(sighting, base, ctx, 'first_seen', 'last_seen', false, '5.2.1'),
});
