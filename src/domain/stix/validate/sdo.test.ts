// Per-type rules of SDOs (§4) and SROs (§5): required properties and co-constraints.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../json.ts';
import { IssueSink } from './issues.ts';
import type { Ctx } from '../specs/kinds.ts';
import { INDICATOR } from '../specs/sdo.ts';
import { makeStixPatternCheck } from '../specs/pattern-check.ts';
import { codes, FILE_REF, IDENTITY_REF, INDICATOR_REF, IPV4_REF, MALWARE_REF, T0, T1, TLP_GREEN, uuid4, valid, validObjects } from './test-fixtures.ts';
import { validateObject } from './index.ts';
import { parsePattern } from '../pattern/index.ts';

function errorsOf(object: unknown): [string, string][] {
  return codes(validateObject(object).errors);
}

function warningsOf(object: unknown): [string, string][] {
  return codes(validateObject(object).warnings);
}

function with_(type: string, changes: JsonObject, remove: string[] = []): JsonObject {
  const object = { ...valid(type), ...changes };
  for (const name of remove) delete object[name];
  return object;
}

test('a minimal valid object of each of the 42 types has no errors and no warnings', () => {
  const all = validObjects();
  assert.equal(Object.keys(all).length, 42);
  for (const [type, object] of Object.entries(all)) {
    assert.deepEqual(validateObject(object), { errors: [], warnings: [] }, type);
  }
});

describe('required properties of each SDO and SRO (§4, §5)', () => {
  const required: [string, string][] = [
    ['attack-pattern', 'name'], ['campaign', 'name'], ['course-of-action', 'name'], ['grouping', 'context'],
    ['grouping', 'object_refs'], ['identity', 'name'], ['incident', 'name'], ['indicator', 'pattern'],
    ['indicator', 'pattern_type'], ['indicator', 'valid_from'], ['infrastructure', 'name'], ['intrusion-set', 'name'],
    ['malware', 'is_family'], ['malware-analysis', 'product'], ['note', 'content'], ['note', 'object_refs'],
    ['observed-data', 'first_observed'], ['observed-data', 'last_observed'], ['observed-data', 'number_observed'],
    ['opinion', 'opinion'], ['opinion', 'object_refs'], ['report', 'name'], ['report', 'published'],
    ['report', 'object_refs'], ['threat-actor', 'name'], ['tool', 'name'], ['vulnerability', 'name'],
    ['relationship', 'relationship_type'], ['relationship', 'source_ref'], ['relationship', 'target_ref'],
    ['sighting', 'sighting_of_ref'],
  ];
  for (const [type, name] of required) {
    test(`${type} requires ${name}`, () => {
      assert.deepEqual(errorsOf(with_(type, {}, [name])), [['missing-required', name]]);
    });
  }
  test('grouping name and location name are optional (OASIS Standard)', () => {
    assert.deepEqual(errorsOf(with_('grouping', { name: 'g' })), []);
    assert.deepEqual(errorsOf(with_('location', { name: 'Paris' })), []);
  });
});

describe('time windows: later timestamps MUST NOT precede earlier ones', () => {
  const windows: [string, string, string][] = [
    ['campaign', 'first_seen', 'last_seen'], ['infrastructure', 'first_seen', 'last_seen'],
    ['intrusion-set', 'first_seen', 'last_seen'], ['malware', 'first_seen', 'last_seen'],
    ['threat-actor', 'first_seen', 'last_seen'], ['sighting', 'first_seen', 'last_seen'],
    ['observed-data', 'first_observed', 'last_observed'],
  ];
  for (const [type, earlier, later] of windows) {
    test(`${type}: ${later} >= ${earlier}`, () => {
      assert.deepEqual(errorsOf(with_(type, { [earlier]: T1, [later]: T0 })), [['timestamp-order', later]]);
      assert.deepEqual(errorsOf(with_(type, { [earlier]: T0, [later]: T0 })), [], 'equal is allowed');
    });
  }
  test('indicator: valid_until MUST be later than valid_from (§4.7.1)', () => {
    assert.deepEqual(errorsOf(with_('indicator', { valid_until: T0 })), [['timestamp-order', 'valid_until']]);
  });
  test('relationship: stop_time MUST be later than start_time (§5.1.2)', () => {
    assert.deepEqual(errorsOf(with_('relationship', { start_time: T1, stop_time: T1 })), [['timestamp-order', 'stop_time']]);
    assert.deepEqual(errorsOf(with_('relationship', { start_time: T0, stop_time: T1 })), []);
  });
});

describe('indicator patterns (§4.7, §9)', () => {
  test('pattern_type SHOULD come from pattern-type-ov; non-STIX patterns are not parsed', () => {
    const indicator = with_('indicator', { pattern_type: 'kql', pattern: 'anything goes' });
    assert.deepEqual(errorsOf(indicator), []);
    assert.deepEqual(warningsOf(indicator), [['not-in-vocabulary', 'pattern_type']]);
    assert.deepEqual(errorsOf(with_('indicator', { pattern_type: 'yara', pattern: 'rule x {' })), []);
  });
  test('an invalid STIX pattern is invalid-pattern', (t) => {
    try {
      parsePattern('[x:y = 1]');
    } catch {
      t.skip('the STIX pattern parser is not implemented yet');
      return;
    }
    assert.deepEqual(errorsOf(with_('indicator', { pattern: "[ipv4-addr:value = '1.2.3.4'" })), [['invalid-pattern', 'pattern']]);
    assert.deepEqual(errorsOf(with_('indicator', { pattern: "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']" })), []);
  });
  test('a parser that throws makes the pattern unchecked (a warning), not a crash', () => {
    const check = makeStixPatternCheck(() => {
      throw new Error('pattern parser not implemented yet');
    });
    const sink = new IssueSink();
    const indicator = valid('indicator');
    const ctx: Ctx = { sink, root: indicator, type: 'indicator', category: 'sdo', spec: INDICATOR };
    check(indicator, 'objects[0]', ctx);
    assert.deepEqual(codes(sink.errors), []);
    assert.deepEqual(codes(sink.warnings), [['pattern-unchecked', 'objects[0].pattern']]);
  });
});

describe('location (§4.10)', () => {
  test('region, country, or latitude and longitude MUST be present', () => {
    assert.deepEqual(errorsOf(with_('location', { name: 'somewhere' }, ['latitude', 'longitude', 'precision', 'country'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(with_('location', { region: 'europe' }, ['latitude', 'longitude', 'precision', 'country'])), []);
  });
  test('latitude and longitude go together; precision needs both', () => {
    assert.deepEqual(errorsOf(with_('location', {}, ['longitude'])), [['property-dependency', 'latitude'], ['property-dependency', 'precision']]);
  });
  test('coordinates are bounded floats', () => {
    assert.deepEqual(errorsOf(with_('location', { latitude: 91 })), [['out-of-range', 'latitude']]);
    assert.deepEqual(errorsOf(with_('location', { longitude: '2.35' })), [['invalid-type', 'longitude']]);
  });
  test('country SHOULD be an ISO 3166-1 alpha-2 code', () => {
    assert.deepEqual(warningsOf(with_('location', { country: 'France' })), [['invalid-country-code', 'country']]);
  });
});

describe('other SDO co-constraints', () => {
  test('a malware family MUST have a name (§4.11.1)', () => {
    assert.deepEqual(errorsOf(with_('malware', {}, ['name'])), [['missing-required', 'name']]);
    assert.deepEqual(errorsOf(with_('malware', { is_family: false }, ['name'])), []);
  });
  test('malware references: operating systems are software, samples are files or artifacts', () => {
    assert.deepEqual(errorsOf(with_('malware', { operating_system_refs: [FILE_REF] })), [['invalid-ref-type', 'operating_system_refs[0]']]);
    assert.deepEqual(errorsOf(with_('malware', { sample_refs: [FILE_REF, IPV4_REF] })), [['invalid-ref-type', 'sample_refs[1]']]);
  });
  test('malware analysis needs result or analysis_sco_refs (§4.12)', () => {
    assert.deepEqual(errorsOf(with_('malware-analysis', {}, ['result'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(with_('malware-analysis', { analysis_sco_refs: [FILE_REF] }, ['result'])), []);
    assert.deepEqual(errorsOf(with_('malware-analysis', { analysis_sco_refs: [MALWARE_REF] })), [['invalid-ref-type', 'analysis_sco_refs[0]']]);
  });
  test('observed data: objects or object_refs, not both, with at least one SCO (§4.14)', () => {
    const container = { 0: { type: 'ipv4-addr', value: '198.51.100.3' } };
    assert.deepEqual(errorsOf(with_('observed-data', {}, ['object_refs'])), [['at-least-one-required', '']]);
    const both = with_('observed-data', { objects: container });
    assert.deepEqual(errorsOf(both), [['mutually-exclusive', 'object_refs']]);
    assert.deepEqual(warningsOf(both), [['deprecated-property', 'objects']]);
    assert.deepEqual(errorsOf(with_('observed-data', { object_refs: [`relationship--${uuid4(5)}`] })), [['missing-sco-ref', 'object_refs']]);
    assert.deepEqual(errorsOf(with_('observed-data', { object_refs: [IPV4_REF, IDENTITY_REF] })), [['invalid-ref-type', 'object_refs[1]']]);
    assert.deepEqual(errorsOf(with_('observed-data', { number_observed: 0 })), [['out-of-range', 'number_observed']]);
  });
  test('report object_refs MUST NOT be empty (§2.12, §4.16)', () => {
    assert.deepEqual(errorsOf(with_('report', { object_refs: [] })), [['empty-list', 'object_refs']]);
    assert.deepEqual(errorsOf(with_('report', { object_refs: ['bundle--' + uuid4(3)] })), [['invalid-ref-type', 'object_refs[0]']]);
  });
  test('a capec external id MUST be CAPEC-[id] (§4.1.1)', () => {
    const pattern = with_('attack-pattern', { external_references: [{ source_name: 'capec', external_id: 'CAPEC163' }] });
    assert.deepEqual(errorsOf(pattern), [['invalid-capec-id', 'external_references[0].external_id']]);
  });
  test('a cve external id MUST be the exact CVE identifier (§4.19.1)', () => {
    const vulnerability = with_('vulnerability', { external_references: [{ source_name: 'cve', external_id: 'CVE-16-1234' }] });
    assert.deepEqual(errorsOf(vulnerability), [['invalid-cve-id', 'external_references[0].external_id']]);
  });
  test('grouping context and identity sectors are open vocabularies', () => {
    assert.deepEqual(warningsOf(with_('grouping', { context: 'hunting' })), [['not-in-vocabulary', 'context']]);
    assert.deepEqual(warningsOf(with_('identity', { sectors: ['space'] })), [['not-in-vocabulary', 'sectors[0]']]);
  });
});

describe('relationship (§5.1)', () => {
  test('relationship_type is limited to a-z, 0-9 and hyphen', () => {
    assert.deepEqual(errorsOf(with_('relationship', { relationship_type: 'Uses' })), [['invalid-relationship-type', 'relationship_type']]);
    assert.deepEqual(errorsOf(with_('relationship', { relationship_type: 'is_used_by' })), [['invalid-relationship-type', 'relationship_type']]);
  });
  test('source and target MUST be SDOs or SCOs', () => {
    assert.deepEqual(errorsOf(with_('relationship', { source_ref: TLP_GREEN })), [['invalid-ref-type', 'source_ref']]);
    assert.deepEqual(errorsOf(with_('relationship', { target_ref: `relationship--${uuid4(4)}` })), [['invalid-ref-type', 'target_ref']]);
    assert.deepEqual(errorsOf(with_('relationship', { relationship_type: 'related-to', target_ref: IPV4_REF })), []);
  });
  test('a relationship the specification does not list is a warning', () => {
    const reversed = with_('relationship', { source_ref: MALWARE_REF, target_ref: INDICATOR_REF });
    assert.deepEqual(errorsOf(reversed), []);
    assert.deepEqual(warningsOf(reversed), [['unlisted-relationship-type', 'relationship_type']]);
    assert.deepEqual(warningsOf(with_('relationship', { relationship_type: 'derived-from', source_ref: MALWARE_REF, target_ref: INDICATOR_REF })), [['unlisted-relationship-type', 'relationship_type']]);
    assert.deepEqual(warningsOf(with_('relationship', { relationship_type: 'detects', source_ref: `x-mitre-detection-strategy--${uuid4(6)}` })), [], 'custom types have no listed relationships');
  });
});

describe('sighting (§5.2)', () => {
  test('count is 0..999,999,999', () => {
    assert.deepEqual(errorsOf(with_('sighting', { count: 1_000_000_000 })), [['out-of-range', 'count']]);
    assert.deepEqual(errorsOf(with_('sighting', { count: 0 })), []);
  });
  test('sighting_of_ref MUST reference an SDO', () => {
    assert.deepEqual(errorsOf(with_('sighting', { sighting_of_ref: IPV4_REF })), [['invalid-ref-type', 'sighting_of_ref']]);
  });
  test('where_sighted_refs are identities or locations; observed_data_refs are observed data', () => {
    assert.deepEqual(errorsOf(with_('sighting', { where_sighted_refs: [IDENTITY_REF, `location--${uuid4(7)}`, MALWARE_REF] })), [['invalid-ref-type', 'where_sighted_refs[2]']]);
    assert.deepEqual(errorsOf(with_('sighting', { observed_data_refs: [INDICATOR_REF] })), [['invalid-ref-type', 'observed_data_refs[0]']]);
  });
});
