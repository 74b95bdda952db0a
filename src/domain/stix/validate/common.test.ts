// One test per common rule (§2, §3, §7.2, §11): break it on an otherwise valid object and
// expect exactly that issue, with its code and path.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../json.ts';
import { codes, IDENTITY_REF, MALWARE_REF, T0, TLP_GREEN, uuid4, uuid5, valid } from './test-fixtures.ts';
import { validateObject } from './index.ts';

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

describe('object shape and type (§3.2)', () => {
  test('a non-object is invalid-type at the root', () => {
    assert.deepEqual(errorsOf([]), [['invalid-type', '']]);
    assert.deepEqual(codes(validateObject('x', 'objects[4]').errors), [['invalid-type', 'objects[4]']]);
  });
  test('type is required and must be a string', () => {
    assert.deepEqual(errorsOf(with_('campaign', {}, ['type'])), [['missing-required', 'type']]);
    assert.deepEqual(errorsOf(with_('campaign', { type: 7 })), [['invalid-type', 'type']]);
  });
  test('a bundle is not a STIX Object (§8)', () => {
    assert.deepEqual(errorsOf({ type: 'bundle', id: `bundle--${uuid4(9)}` }), [['invalid-object-type', 'type']]);
  });
  test('basePath prefixes every path', () => {
    const result = validateObject(with_('campaign', {}, ['name']), 'objects[3]');
    assert.deepEqual(codes(result.errors), [['missing-required', 'objects[3].name']]);
  });
});

describe('required common properties and spec_version (§3.2)', () => {
  for (const name of ['spec_version', 'id', 'created', 'modified']) {
    test(`${name} is required on SDOs`, () => {
      assert.deepEqual(errorsOf(with_('campaign', {}, [name])), [['missing-required', name]]);
    });
  }
  test('spec_version MUST be "2.1"', () => {
    assert.deepEqual(errorsOf(with_('tool', { spec_version: '2.0' })), [['invalid-spec-version', 'spec_version']]);
    assert.deepEqual(errorsOf(with_('ipv4-addr', { spec_version: '2.0' })), [['invalid-spec-version', 'spec_version']]);
  });
  test('spec_version is optional on SCOs', () => {
    assert.deepEqual(validateObject(with_('ipv4-addr', {}, ['spec_version'])), { errors: [], warnings: [] });
  });
});

describe('identifiers (§2.9)', () => {
  test('an id that is not object-type--UUID is invalid-identifier', () => {
    assert.deepEqual(errorsOf(with_('tool', { id: 'tool--1234' })), [['invalid-identifier', 'id']]);
    assert.deepEqual(errorsOf(with_('tool', { id: 'tool--00000000-0000-4000-0000-000000000001' })), [['invalid-identifier', 'id']]);
    assert.deepEqual(errorsOf(with_('tool', { id: 42 })), [['invalid-type', 'id']]);
  });
  test("the id's type MUST be the object's type", () => {
    assert.deepEqual(errorsOf(with_('tool', { id: `malware--${uuid4(1)}` })), [['id-type-mismatch', 'id']]);
  });
  test('SDO ids SHOULD be UUIDv4: another version is a warning', () => {
    const tool = with_('tool', { id: `tool--${uuid5(1)}` });
    assert.deepEqual(errorsOf(tool), []);
    assert.deepEqual(warningsOf(tool), [['uuid-not-v4', 'id']]);
  });
  test('SCO ids SHOULD be UUIDv5 when ID contributing properties are present', () => {
    const address = with_('ipv4-addr', { id: `ipv4-addr--${uuid4(1)}` });
    assert.deepEqual(errorsOf(address), []);
    assert.deepEqual(warningsOf(address), [['uuid-not-v5', 'id']]);
  });
  test('SCOs without ID contributing properties MUST use UUIDv4', () => {
    assert.deepEqual(errorsOf(with_('process', { id: `process--${uuid5(1)}` })), [['sco-uuid-not-v4', 'id']]);
  });
});

describe('timestamps (§2.16, §3.2, §3.6.1)', () => {
  test('a malformed timestamp is invalid-timestamp', () => {
    assert.deepEqual(errorsOf(with_('campaign', { first_seen: '2020-01-01 00:00:00Z' })), [['invalid-timestamp', 'first_seen']]);
    assert.deepEqual(errorsOf(with_('campaign', { first_seen: '2020-01-01T00:00:00+01:00' })), [['invalid-timestamp', 'first_seen']]);
  });
  test('created and modified MUST be precise to the millisecond; other timestamps need not be', () => {
    assert.deepEqual(errorsOf(with_('tool', { created: '2020-01-01T00:00:00Z' })), [['timestamp-precision', 'created']]);
    assert.deepEqual(errorsOf(with_('tool', { modified: '2020-01-01T00:00:00.1Z' })), [['timestamp-precision', 'modified']]);
    assert.deepEqual(errorsOf(with_('tool', { modified: '2020-01-01T00:00:00.000001Z' })), []);
    assert.deepEqual(errorsOf(with_('campaign', { first_seen: '2019-01-01T00:00:00Z' })), []);
  });
  test('modified MUST NOT be earlier than created', () => {
    assert.deepEqual(errorsOf(with_('tool', { created: '2020-01-02T00:00:00.000Z' })), [['modified-before-created', 'modified']]);
    assert.deepEqual(errorsOf(with_('tool', { modified: '2020-01-01T00:00:00.0000Z' })), [], 'equal instants of different precision');
  });
});

describe('common property types (§3.2)', () => {
  test('confidence is an integer 0-100', () => {
    assert.deepEqual(errorsOf(with_('tool', { confidence: 101 })), [['out-of-range', 'confidence']]);
    assert.deepEqual(errorsOf(with_('tool', { confidence: -1 })), [['out-of-range', 'confidence']]);
    assert.deepEqual(errorsOf(with_('tool', { confidence: 50.5 })), [['invalid-type', 'confidence']]);
    assert.deepEqual(errorsOf(with_('tool', { confidence: 0 })), []);
  });
  test('revoked is a boolean; null is never a value', () => {
    assert.deepEqual(errorsOf(with_('tool', { revoked: 'true' })), [['invalid-type', 'revoked']]);
    assert.deepEqual(errorsOf(with_('tool', { name: null })), [['invalid-type', 'name']]);
  });
  test('labels is a non-empty list of strings (§2.12)', () => {
    assert.deepEqual(errorsOf(with_('tool', { labels: [] })), [['empty-list', 'labels']]);
    assert.deepEqual(errorsOf(with_('tool', { labels: ['ok', 3] })), [['invalid-type', 'labels[1]']]);
    assert.deepEqual(errorsOf(with_('tool', { labels: 'x' })), [['invalid-type', 'labels']]);
  });
  test('lang MUST be an RFC 5646 language code', () => {
    assert.deepEqual(errorsOf(with_('tool', { lang: 'en_US' })), [['invalid-language-tag', 'lang']]);
    assert.deepEqual(errorsOf(with_('tool', { lang: 'en-US' })), []);
  });
  test('created_by_ref MUST point to an identity', () => {
    assert.deepEqual(errorsOf(with_('tool', { created_by_ref: MALWARE_REF })), [['invalid-ref-type', 'created_by_ref']]);
    assert.deepEqual(errorsOf(with_('tool', { created_by_ref: 'identity--x' })), [['invalid-identifier', 'created_by_ref']]);
    assert.deepEqual(errorsOf(with_('tool', { created_by_ref: IDENTITY_REF })), []);
  });
  test('object_marking_refs MUST point to marking definitions', () => {
    assert.deepEqual(errorsOf(with_('tool', { object_marking_refs: [TLP_GREEN, IDENTITY_REF] })), [['invalid-ref-type', 'object_marking_refs[1]']]);
  });
  test('defanged MUST NOT be used outside SCOs; not-applicable properties draw a warning', () => {
    assert.deepEqual(errorsOf(with_('tool', { defanged: true })), [['property-not-allowed', 'defanged']]);
    assert.deepEqual(errorsOf(with_('url', { defanged: true })), []);
    const labelled = with_('url', { labels: ['x'] });
    assert.deepEqual(errorsOf(labelled), []);
    assert.deepEqual(warningsOf(labelled), [['not-applicable-property', 'labels']]);
  });
});

describe('external references (§2.5)', () => {
  test('source_name is required', () => {
    assert.deepEqual(errorsOf(with_('tool', { external_references: [{ url: 'https://example.com' }] })), [['missing-required', 'external_references[0].source_name']]);
  });
  test('one of description, url or external_id MUST accompany source_name', () => {
    assert.deepEqual(errorsOf(with_('tool', { external_references: [{ source_name: 'x', external_id: '1' }, { source_name: 'y' }] })), [['at-least-one-required', 'external_references[1]']]);
  });
  test('an external reference must be an object', () => {
    assert.deepEqual(errorsOf(with_('tool', { external_references: ['https://example.com'] })), [['invalid-type', 'external_references[0]']]);
  });
});

describe('kill chain phases (§2.11)', () => {
  test('kill_chain_name and phase_name are required', () => {
    assert.deepEqual(errorsOf(with_('tool', { kill_chain_phases: [{ kill_chain_name: 'lockheed-martin-cyber-kill-chain' }] })), [['missing-required', 'kill_chain_phases[0].phase_name']]);
  });
  test('names SHOULD be lowercase and hyphenated', () => {
    const tool = with_('tool', { kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'Initial Access' }] });
    assert.deepEqual(errorsOf(tool), []);
    assert.deepEqual(warningsOf(tool), [['kill-chain-format', 'kill_chain_phases[0].phase_name']]);
  });
});

describe('granular markings (§7.2.3)', () => {
  const marked = (markings: unknown[]): JsonObject => with_('tool', { description: 'a tool', labels: ['a', 'b'], granular_markings: markings });
  test('selectors that resolve are accepted, with marking_ref or lang', () => {
    assert.deepEqual(errorsOf(marked([{ marking_ref: TLP_GREEN, selectors: ['description', 'labels.[1]'] }, { lang: 'de', selectors: ['name'] }])), []);
  });
  test('a selector that does not resolve is unresolved-selector', () => {
    assert.deepEqual(errorsOf(marked([{ marking_ref: TLP_GREEN, selectors: ['description', 'labels.[2]', 'pattern'] }])), [
      ['unresolved-selector', 'granular_markings[0].selectors[1]'],
      ['unresolved-selector', 'granular_markings[0].selectors[2]'],
    ]);
  });
  test('exactly one of marking_ref and lang MUST be present', () => {
    assert.deepEqual(errorsOf(marked([{ marking_ref: TLP_GREEN, lang: 'en', selectors: ['name'] }])), [['granular-marking-exclusive', 'granular_markings[0]']]);
    assert.deepEqual(errorsOf(marked([{ selectors: ['name'] }])), [['granular-marking-exclusive', 'granular_markings[0]']]);
  });
  test('selectors are required and marking_ref MUST point to a marking definition', () => {
    assert.deepEqual(errorsOf(marked([{ marking_ref: TLP_GREEN }])), [['missing-required', 'granular_markings[0].selectors']]);
    assert.deepEqual(errorsOf(marked([{ marking_ref: IDENTITY_REF, selectors: ['name'] }])), [['invalid-ref-type', 'granular_markings[0].marking_ref']]);
  });
});

describe('custom properties and reserved names (§3.8, §11.1)', () => {
  test('a custom property SHOULD start with x_', () => {
    const tool = with_('tool', { acme_score: 3 });
    assert.deepEqual(errorsOf(tool), []);
    assert.deepEqual(warningsOf(tool), [['custom-property-prefix', 'acme_score']]);
    assert.deepEqual(validateObject(with_('tool', { x_acme_score: { impact: 'high' } })).warnings, []);
  });
  test('custom property names MUST be 3-250 of a-z, 0-9, _ starting with a letter', () => {
    assert.deepEqual(errorsOf(with_('tool', { 'x-acme': 1 })), [['invalid-property-name', 'x-acme']]);
    assert.deepEqual(errorsOf(with_('tool', { X_Acme: 1 })), [['invalid-property-name', 'X_Acme']]);
    assert.deepEqual(errorsOf(with_('tool', { xy: 1 })), [['invalid-property-name', 'xy']]);
    assert.deepEqual(errorsOf(with_('tool', { ['x_' + 'a'.repeat(249)]: 1 })), [['invalid-property-name', 'x_' + 'a'.repeat(249)]]);
  });
  test('reserved property names MUST NOT be used', () => {
    assert.deepEqual(errorsOf(with_('tool', { severity: 'high' })), [['reserved-property', 'severity']]);
    assert.deepEqual(errorsOf(with_('course-of-action', { action: 'block' })), [['reserved-property', 'action']]);
  });
});

describe('dictionaries, hashes, vocabularies and enumerations (§2.3, §2.7, §2.4, §2.14)', () => {
  test('dictionaries MUST NOT be empty and keys are limited to a-z, A-Z, 0-9, -, _', () => {
    assert.deepEqual(errorsOf(with_('network-traffic', { ipfix: {} })), [['empty-dictionary', 'ipfix']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { ipfix: { 'octet count': 1 } })), [['invalid-dictionary-key', 'ipfix.octet count']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { ipfix: { octetDeltaCount: [1] } })), [['invalid-type', 'ipfix.octetDeltaCount']]);
  });
  test('hash values MUST match their algorithm', () => {
    assert.deepEqual(errorsOf(with_('file', { hashes: { MD5: 'abc' } })), [['invalid-hash-value', 'hashes.MD5']]);
    assert.deepEqual(errorsOf(with_('file', { hashes: { 'SHA-1': 5 } })), [['invalid-type', 'hashes.SHA-1']]);
  });
  test('hash algorithm names are 3-250 characters and SHOULD come from hash-algorithm-ov', () => {
    assert.deepEqual(errorsOf(with_('file', { hashes: { md: 'abc' } })), [['invalid-hash-key', 'hashes.md']]);
    const file = with_('file', { hashes: { sha256: 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' } });
    assert.deepEqual(errorsOf(file), []);
    assert.deepEqual(warningsOf(file), [['not-in-vocabulary', 'hashes.sha256']]);
    assert.deepEqual(errorsOf(with_('file', { hashes: {} })), [['empty-dictionary', 'hashes']]);
  });
  test('an enumeration value outside the enumeration is an error', () => {
    assert.deepEqual(errorsOf(with_('opinion', { opinion: 'maybe' })), [['not-in-enum', 'opinion']]);
  });
  test('an open-vocabulary value outside the vocabulary is a warning', () => {
    const malware = with_('malware', { malware_types: ['remote-access-trojan', 'fancy'] });
    assert.deepEqual(errorsOf(malware), []);
    assert.deepEqual(warningsOf(malware), [['not-in-vocabulary', 'malware_types[1]']]);
  });
});

describe('custom object types (§11.2, §7.3)', () => {
  const custom = (type: string, props: JsonObject = {}): JsonObject => ({
    type, spec_version: '2.1', id: `${type}--${uuid4(77)}`, created: T0, modified: T0, ...props,
  });
  test('a custom type with an x- prefix and valid property names is accepted', () => {
    assert.deepEqual(validateObject(custom('x-acme-widget', { widget_size: 3 })), { errors: [], warnings: [] });
  });
  test('a custom type name MUST be valid and SHOULD start with x-', () => {
    assert.deepEqual(errorsOf(custom('X-Widget')), [['invalid-type-name', 'type'], ['invalid-identifier', 'id']]);
    assert.deepEqual(warningsOf(custom('acme-widget')), [['custom-type-prefix', 'type']]);
  });
  test('a custom object still follows the common property rules', () => {
    assert.deepEqual(errorsOf(custom('x-acme-widget', { created: 'yesterday' })), [['invalid-timestamp', 'created']]);
    assert.deepEqual(errorsOf(custom('x-acme-widget', { 'Bad-Name': 1 })), [['invalid-property-name', 'Bad-Name']]);
  });
  test('a type defined as new-sdo by an extension definition needs the SDO common properties', () => {
    const extensions = { [`extension-definition--${uuid4(78)}`]: { extension_type: 'new-sdo' } };
    const widget = { type: 'acme-widget', id: `acme-widget--${uuid4(79)}`, extensions };
    assert.deepEqual(errorsOf(widget), [['missing-required', 'spec_version'], ['missing-required', 'created'], ['missing-required', 'modified']]);
    assert.deepEqual(warningsOf({ ...widget, spec_version: '2.1', created: T0, modified: T0 }), [], 'no x- prefix needed');
  });
});
