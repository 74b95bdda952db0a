import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, T1, uuid4, uuid5, valid } from './test-fixtures.ts';
import { validateBundle } from './index.ts';

const BUNDLE_ID = `bundle--${uuid4(900)}`;

describe('validateBundle (§8)', () => {
  test('validates every object with paths under objects[i] and returns the valid ones', () => {
    const tool = valid('tool');
    const broken = { ...valid('campaign'), name: 7 };
    const address = valid('ipv4-addr');
    const result = validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: [tool, broken, address] });
    assert.deepEqual(codes(result.errors), [['invalid-type', 'objects[1].name']]);
    assert.deepEqual(result.objects, [tool, address]);
  });

  test('a repeated (id, modified) pair is duplicate-object; another version of an id is not', () => {
    const tool = valid('tool');
    const newer = { ...tool, modified: T1, description: 'updated' };
    const result = validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: [tool, newer, { ...tool }] });
    assert.deepEqual(codes(result.errors), [['duplicate-object', 'objects[2]']]);
    assert.deepEqual(result.objects, [tool, newer]);
  });

  test('an unversioned SCO repeated is a duplicate too', () => {
    const address = valid('ipv4-addr');
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: [address, address] }).errors), [['duplicate-object', 'objects[1]']]);
  });

  test('the envelope: type bundle, a bundle--UUID id, a non-empty objects list', () => {
    assert.deepEqual(codes(validateBundle({ type: 'report', id: BUNDLE_ID }).errors), [['invalid-value', 'type']]);
    assert.deepEqual(codes(validateBundle({ type: 'bundle' }).errors), [['missing-required', 'id']]);
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: 'bundle--1' }).errors), [['invalid-identifier', 'id']]);
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: `report--${uuid4(1)}` }).errors), [['id-type-mismatch', 'id']]);
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: {} }).errors), [['invalid-type', 'objects']]);
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: [] }).errors), [['empty-list', 'objects']]);
    assert.deepEqual(codes(validateBundle([]).errors), [['invalid-type', '']]);
  });

  test('a STIX 2.1 bundle has no spec_version; its id SHOULD be a UUIDv4', () => {
    const result = validateBundle({ type: 'bundle', id: `bundle--${uuid5(2)}`, spec_version: '2.1' });
    assert.deepEqual(codes(result.errors), []);
    assert.deepEqual(codes(result.warnings), [['uuid-not-v4', 'id'], ['not-applicable-property', 'spec_version']]);
  });

  test('objects in a bundle MUST be STIX Objects, not bundles', () => {
    const nested = { type: 'bundle', id: `bundle--${uuid4(3)}` };
    assert.deepEqual(codes(validateBundle({ type: 'bundle', id: BUNDLE_ID, objects: [nested, 'x'] }).errors), [
      ['invalid-object-type', 'objects[0].type'], ['invalid-type', 'objects[1]'],
    ]);
  });
});
