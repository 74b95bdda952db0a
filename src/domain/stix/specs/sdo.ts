// STIX Domain Objects (STIX 2.1 §4): per-type properties, required properties and
// co-constraints. Common properties come from common.ts.

import { has, isJsonObject, type JsonObject } from '../json.ts';
import { childPath, indexPath } from '../validate/issues.ts';
import { identifierType } from '../identifiers.ts';
import { SCO_TYPES, SDO_TYPES, SRO_TYPES, META_TYPES } from '../object-types.ts';
import {
  ATTACK_MOTIVATION_OV, ATTACK_RESOURCE_LEVEL_OV, GROUPING_CONTEXT_OV, IDENTITY_CLASS_OV,
  IMPLEMENTATION_LANGUAGE_OV, INDICATOR_TYPE_OV, INDUSTRY_SECTOR_OV, INFRASTRUCTURE_TYPE_OV,
  MALWARE_CAPABILITIES_OV, MALWARE_RESULT_OV, MALWARE_TYPE_OV, OPINION_ENUM, PATTERN_TYPE_OV,
  PROCESSOR_ARCHITECTURE_OV, REGION_OV, REPORT_TYPE_OV, THREAT_ACTOR_ROLE_OV, THREAT_ACTOR_SOPHISTICATION_OV,
  THREAT_ACTOR_TYPE_OV, TOOL_TYPE_OV,
} from '../vocabularies.ts';
import { checkAtLeastOne, checkDependency, checkExclusive, checkTimeOrder } from './checks.ts';
import { KILL_CHAIN_PHASE, SDO_SRO_COMMON, SDO_SRO_REQUIRED } from './common.ts';
import {
  BOOLEAN, defineType, enumOf, float, integer, list, object, OBSERVABLE_CONTAINER, ref, refs, RESERVED,
  STRING, TIMESTAMP, vocab,
  type Ctx, type ObjectCheck, type PropEntry, type TypeSpec,
} from './kinds.ts';
import { ANY_OBJECT, SCO_ONLY, SCO_OR_SRO, SOFTWARE, typesTarget } from './ref-targets.ts';
import { checkStixPattern } from './pattern-check.ts';

function sdo(
  name: string,
  section: string,
  props: Readonly<Record<string, PropEntry>>,
  required: readonly string[],
  check?: ObjectCheck,
): TypeSpec {
  return defineType({
    name, section, category: 'sdo', common: SDO_SRO_COMMON, commonRequired: SDO_SRO_REQUIRED, props, required,
    ...(check ? { check } : {}),
  });
}

const STRINGS = list(STRING);
const KILL_CHAIN_PHASES = list(object(KILL_CHAIN_PHASE));

function lastSeenOrder(section: string): ObjectCheck {
  return (object, base, ctx) => checkTimeOrder(object, base, ctx, 'first_seen', 'last_seen', false, section);
}

/**
 * An external id format required for one source (§4.1: `capec` ids are `CAPEC-[id]`; §4.19:
 * `cve` ids are the exact CVE identifier).
 */
function checkExternalIds(sourceName: string, valid: (id: string) => boolean, code: string, section: string): ObjectCheck {
  return (object, base, ctx) => {
    const references = object['external_references'];
    if (!Array.isArray(references)) return;
    const listPath = childPath(base, 'external_references');
    for (let i = 0; i < references.length; i++) {
      const reference: unknown = references[i];
      if (!isJsonObject(reference) || reference['source_name'] !== sourceName) continue;
      const id = reference['external_id'];
      if (typeof id === 'string' && !valid(id)) {
        ctx.sink.error(childPath(indexPath(listPath, i), 'external_id'), code, `external_id "${id}" of a ${sourceName} reference is malformed (§${section})`);
      }
    }
  };
}

function isDigits(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

const isCapecId = (id: string): boolean => id.startsWith('CAPEC-') && isDigits(id, 6, id.length);
const isCveId = (id: string): boolean =>
  id.startsWith('CVE-') && id.charCodeAt(8) === 45 && isDigits(id, 4, 8) && id.length >= 13 && isDigits(id, 9, id.length);

export const ATTACK_PATTERN = sdo('attack-pattern', '4.1', {
  name: STRING, description: STRING, aliases: STRINGS, kill_chain_phases: KILL_CHAIN_PHASES,
}, ['name'], checkExternalIds('capec', isCapecId, 'invalid-capec-id', '4.1.1'));

export const CAMPAIGN = sdo('campaign', '4.2', {
  name: STRING, description: STRING, aliases: STRINGS, first_seen: TIMESTAMP, last_seen: TIMESTAMP, objective: STRING,
}, ['name'], lastSeenOrder('4.2.1'));

export const COURSE_OF_ACTION = sdo('course-of-action', '4.3', {
  name: STRING, description: STRING, action: RESERVED,
}, ['name']);

// §4.4.1 lists `name` as required in the Errata 01 rendering, but it is optional in the
// STIX 2.1 OASIS Standard and its JSON schema (which require only context and object_refs).
export const GROUPING = sdo('grouping', '4.4', {
  name: STRING, description: STRING, context: vocab(GROUPING_CONTEXT_OV), object_refs: refs(ANY_OBJECT),
}, ['context', 'object_refs']);

export const IDENTITY = sdo('identity', '4.5', {
  name: STRING, description: STRING, roles: STRINGS, identity_class: vocab(IDENTITY_CLASS_OV),
  sectors: list(vocab(INDUSTRY_SECTOR_OV)), contact_information: STRING,
}, ['name']);

export const INCIDENT = sdo('incident', '4.6', { name: STRING, description: STRING }, ['name']);

export const INDICATOR = sdo('indicator', '4.7', {
  name: STRING, description: STRING, indicator_types: list(vocab(INDICATOR_TYPE_OV)), pattern: STRING,
  pattern_type: vocab(PATTERN_TYPE_OV), pattern_version: STRING, valid_from: TIMESTAMP, valid_until: TIMESTAMP,
  kill_chain_phases: KILL_CHAIN_PHASES,
}, ['pattern', 'pattern_type', 'valid_from'], (indicator, base, ctx) => {
  // §4.7.1: valid_until "MUST be greater than the timestamp in the valid_from property".
  checkTimeOrder(indicator, base, ctx, 'valid_from', 'valid_until', true, '4.7.1');
  checkStixPattern(indicator, base, ctx);
});

export const INFRASTRUCTURE = sdo('infrastructure', '4.8', {
  name: STRING, description: STRING, infrastructure_types: list(vocab(INFRASTRUCTURE_TYPE_OV)), aliases: STRINGS,
  kill_chain_phases: KILL_CHAIN_PHASES, first_seen: TIMESTAMP, last_seen: TIMESTAMP,
}, ['name'], lastSeenOrder('4.8.1'));

export const INTRUSION_SET = sdo('intrusion-set', '4.9', {
  name: STRING, description: STRING, aliases: STRINGS, first_seen: TIMESTAMP, last_seen: TIMESTAMP, goals: STRINGS,
  resource_level: vocab(ATTACK_RESOURCE_LEVEL_OV), primary_motivation: vocab(ATTACK_MOTIVATION_OV),
  secondary_motivations: list(vocab(ATTACK_MOTIVATION_OV)),
}, ['name'], lastSeenOrder('4.9.1'));

function isTwoLetterCode(text: string): boolean {
  if (text.length !== 2) return false;
  for (let i = 0; i < 2; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function checkLocation(location: JsonObject, base: string, ctx: Ctx): void {
  // §4.10: at least one of region, country, or latitude and longitude MUST be provided.
  const hasCoordinates = has(location, 'latitude') && has(location, 'longitude');
  if (!has(location, 'region') && !has(location, 'country') && !hasCoordinates) {
    ctx.sink.error(base, 'at-least-one-required', 'a location MUST have region, country, or latitude and longitude (§4.10)');
  }
  checkDependency(location, base, ctx, 'latitude', 'longitude', '4.10.1');
  checkDependency(location, base, ctx, 'longitude', 'latitude', '4.10.1');
  if (has(location, 'precision') && !hasCoordinates) {
    ctx.sink.error(childPath(base, 'precision'), 'property-dependency', 'precision requires latitude and longitude (§4.10.1)');
  }
  const country = location['country'];
  if (typeof country === 'string' && !isTwoLetterCode(country)) {
    ctx.sink.warn(childPath(base, 'country'), 'invalid-country-code', `country "${country}" SHOULD be an ISO 3166-1 alpha-2 code (§4.10.1)`);
  }
}

// §4.10.1: precision is a distance in meters, so it cannot be negative.
export const LOCATION = sdo('location', '4.10', {
  name: STRING, description: STRING, latitude: float(-90, 90), longitude: float(-180, 180), precision: float(0, Infinity),
  region: vocab(REGION_OV), country: STRING, administrative_area: STRING, city: STRING, street_address: STRING,
  postal_code: STRING,
}, [], checkLocation);

export const MALWARE = sdo('malware', '4.11', {
  name: STRING, description: STRING, malware_types: list(vocab(MALWARE_TYPE_OV)), is_family: BOOLEAN, aliases: STRINGS,
  kill_chain_phases: KILL_CHAIN_PHASES, first_seen: TIMESTAMP, last_seen: TIMESTAMP,
  operating_system_refs: refs(SOFTWARE), architecture_execution_envs: list(vocab(PROCESSOR_ARCHITECTURE_OV)),
  implementation_languages: list(vocab(IMPLEMENTATION_LANGUAGE_OV)), capabilities: list(vocab(MALWARE_CAPABILITIES_OV)),
  sample_refs: refs(typesTarget('file', 'artifact')),
}, ['is_family'], (malware, base, ctx) => {
  checkTimeOrder(malware, base, ctx, 'first_seen', 'last_seen', false, '4.11.1');
  // §4.11.1: "For a malware family the name MUST be defined."
  if (malware['is_family'] === true && !has(malware, 'name')) {
    ctx.sink.error(childPath(base, 'name'), 'missing-required', 'a malware family MUST have a name (§4.11.1)');
  }
});

export const MALWARE_ANALYSIS = sdo('malware-analysis', '4.12', {
  product: STRING, version: STRING, host_vm_ref: ref(SOFTWARE), operating_system_ref: ref(SOFTWARE),
  installed_software_refs: refs(SOFTWARE), configuration_version: STRING, modules: STRINGS,
  analysis_engine_version: STRING, analysis_definition_version: STRING, submitted: TIMESTAMP,
  analysis_started: TIMESTAMP, analysis_ended: TIMESTAMP, result_name: STRING, result: vocab(MALWARE_RESULT_OV),
  analysis_sco_refs: refs(SCO_ONLY), sample_ref: ref(typesTarget('file', 'network-traffic', 'artifact')),
}, ['product'], (analysis, base, ctx) => {
  // §4.12: "One of result or analysis_sco_refs properties MUST be provided."
  checkAtLeastOne(analysis, base, ctx, ['result', 'analysis_sco_refs'], '4.12');
});

export const NOTE = sdo('note', '4.13', {
  abstract: STRING, content: STRING, authors: STRINGS, object_refs: refs(ANY_OBJECT),
}, ['content', 'object_refs']);

/** A type that may be an SCO: a spec-defined SCO or a custom type. */
function maybeSco(type: string): boolean {
  return SCO_TYPES.has(type) || !(SDO_TYPES.has(type) || SRO_TYPES.has(type) || META_TYPES.has(type) || type === 'bundle');
}

function checkObservedData(observed: JsonObject, base: string, ctx: Ctx): void {
  checkTimeOrder(observed, base, ctx, 'first_observed', 'last_observed', false, '4.14.1');
  // §4.14: "either the objects property or the object_refs property MUST be provided, but
  // both MUST NOT be present at the same time".
  checkAtLeastOne(observed, base, ctx, ['objects', 'object_refs'], '4.14');
  checkExclusive(observed, base, ctx, 'objects', 'object_refs', '4.14');
  // §4.14.1: object_refs "MUST contain at least one SCO reference if defined".
  const refsValue = observed['object_refs'];
  if (Array.isArray(refsValue) && refsValue.length > 0) {
    let anySco = false;
    for (const id of refsValue) if (typeof id === 'string' && maybeSco(identifierType(id))) anySco = true;
    if (!anySco) ctx.sink.error(childPath(base, 'object_refs'), 'missing-sco-ref', 'object_refs MUST contain at least one SCO reference (§4.14.1)');
  }
}

export const OBSERVED_DATA = sdo('observed-data', '4.14', {
  first_observed: TIMESTAMP, last_observed: TIMESTAMP, number_observed: integer(1, 999_999_999),
  objects: { kind: OBSERVABLE_CONTAINER, section: '4.14.1', deprecated: true }, object_refs: refs(SCO_OR_SRO),
}, ['first_observed', 'last_observed', 'number_observed'], checkObservedData);

export const OPINION = sdo('opinion', '4.15', {
  explanation: STRING, authors: STRINGS, opinion: enumOf(OPINION_ENUM), object_refs: refs(ANY_OBJECT),
}, ['opinion', 'object_refs']);

export const REPORT = sdo('report', '4.16', {
  name: STRING, description: STRING, report_types: list(vocab(REPORT_TYPE_OV)), published: TIMESTAMP,
  object_refs: refs(ANY_OBJECT),
}, ['name', 'published', 'object_refs']);

export const THREAT_ACTOR = sdo('threat-actor', '4.17', {
  name: STRING, description: STRING, threat_actor_types: list(vocab(THREAT_ACTOR_TYPE_OV)), aliases: STRINGS,
  first_seen: TIMESTAMP, last_seen: TIMESTAMP, roles: list(vocab(THREAT_ACTOR_ROLE_OV)), goals: STRINGS,
  sophistication: vocab(THREAT_ACTOR_SOPHISTICATION_OV), resource_level: vocab(ATTACK_RESOURCE_LEVEL_OV),
  primary_motivation: vocab(ATTACK_MOTIVATION_OV), secondary_motivations: list(vocab(ATTACK_MOTIVATION_OV)),
  personal_motivations: list(vocab(ATTACK_MOTIVATION_OV)),
}, ['name'], lastSeenOrder('4.17.1'));

export const TOOL = sdo('tool', '4.18', {
  name: STRING, description: STRING, tool_types: list(vocab(TOOL_TYPE_OV)), aliases: STRINGS,
  kill_chain_phases: KILL_CHAIN_PHASES, tool_version: STRING,
}, ['name']);

export const VULNERABILITY = sdo('vulnerability', '4.19', {
  name: STRING, description: STRING,
}, ['name'], checkExternalIds('cve', isCveId, 'invalid-cve-id', '4.19.1'));

export const SDO_SPECS: readonly TypeSpec[] = [
  ATTACK_PATTERN, CAMPAIGN, COURSE_OF_ACTION, GROUPING, IDENTITY, INCIDENT, INDICATOR, INFRASTRUCTURE, INTRUSION_SET,
  LOCATION, MALWARE, MALWARE_ANALYSIS, NOTE, OBSERVED_DATA, OPINION, REPORT, THREAT_ACTOR, TOOL, VULNERABILITY,
];
