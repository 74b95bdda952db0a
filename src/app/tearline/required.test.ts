import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { missingRequired, requiredKey, isKnownType } from './required.ts';
import type { StixObject } from '../../domain/stix/object.ts';

const T = '2025-01-01T00:00:00.000Z';
const id = (type: string) => `${type}--6ba7b810-9dad-41d1-80b4-00c04fd430c8`;
const sdo = (type: string, extra: Record<string, unknown>): StixObject => ({ type, spec_version: '2.1', id: id(type), created: T, modified: T, description: 'd', labels: ['x'], ...extra });
const sco = (type: string, extra: Record<string, unknown>): StixObject => ({ type, spec_version: '2.1', id: id(type), ...extra });

// One complete example of every type we know, with optional properties besides.
const COMPLETE: StixObject[] = [
  sdo('attack-pattern', { name: 'n' }),
  sdo('campaign', { name: 'n', objective: 'o' }),
  sdo('course-of-action', { name: 'n' }),
  sdo('grouping', { context: 'c', object_refs: [id('indicator')] }),
  sdo('identity', { name: 'n', identity_class: 'organization' }),
  sdo('incident', { name: 'n' }),
  sdo('indicator', { pattern: '[x:y = 1]', pattern_type: 'stix', valid_from: T, name: 'n' }),
  sdo('infrastructure', { name: 'n' }),
  sdo('intrusion-set', { name: 'n' }),
  sdo('location', { country: 'SY', latitude: 1, longitude: 2, name: 'n' }),
  sdo('malware', { is_family: true, name: 'n' }),
  sdo('malware-analysis', { product: 'p', result: 'malicious' }),
  sdo('note', { content: 'c', object_refs: [id('indicator')] }),
  sdo('observed-data', { first_observed: T, last_observed: T, number_observed: 1, object_refs: [id('ipv4-addr')] }),
  sdo('opinion', { opinion: 'agree', object_refs: [id('indicator')] }),
  sdo('report', { name: 'n', published: T, object_refs: [id('indicator')] }),
  sdo('threat-actor', { name: 'n' }),
  sdo('tool', { name: 'n' }),
  sdo('vulnerability', { name: 'n' }),
  sdo('relationship', { relationship_type: 'uses', source_ref: id('campaign'), target_ref: id('tool') }),
  sdo('sighting', { sighting_of_ref: id('indicator'), count: 1 }),
  sco('artifact', { url: 'https://x', mime_type: 'text/plain' }),
  sco('autonomous-system', { number: 1, name: 'n' }),
  sco('directory', { path: '/' }),
  sco('domain-name', { value: 'x.example' }),
  sco('email-addr', { value: 'a@x.example' }),
  sco('email-message', { is_multipart: false, subject: 's' }),
  sco('file', { name: 'f', size: 1 }),
  sco('ipv4-addr', { value: '198.51.100.1' }),
  sco('ipv6-addr', { value: '2001:db8::1' }),
  sco('mac-addr', { value: '00:00:5e:00:53:01' }),
  sco('mutex', { name: 'm' }),
  sco('network-traffic', { protocols: ['tcp'], src_ref: id('ipv4-addr') }),
  sco('process', { pid: 1, command_line: 'x' }),
  sco('software', { name: 'n' }),
  sco('url', { value: 'https://x.example' }),
  sco('user-account', { user_id: '1', account_login: 'x' }),
  sco('windows-registry-key', { key: 'HKEY_LOCAL_MACHINE\\x', modified_time: T }),
  sco('x509-certificate', { serial_number: '1', issuer: 'i' }),
];

describe('required properties (STIX 2.1 §4-§6)', () => {
  test('the complete examples are complete', () => {
    for (const o of COMPLETE) assert.equal(missingRequired(o), undefined, o.type);
  });

  test('losing a key the shortcut calls optional never makes an object incomplete', () => {
    for (const o of COMPLETE) {
      for (const key of Object.keys(o)) {
        if (requiredKey(o.type, key)) continue;
        const without: Record<string, unknown> = { ...o };
        delete without[key];
        assert.equal(missingRequired(without as StixObject), undefined, `${o.type} without ${key}`);
      }
    }
  });

  test('losing a required key is noticed', () => {
    assert.equal(missingRequired({ ...COMPLETE[6], pattern: undefined } as StixObject), 'pattern');
    const { object_refs: _gone, ...report } = COMPLETE[15] as Record<string, unknown>;
    assert.equal(missingRequired(report as StixObject), 'object_refs');
    const { src_ref: _src, ...traffic } = COMPLETE[32] as Record<string, unknown>;
    assert.match(missingRequired(traffic as StixObject) ?? '', /src_ref or dst_ref/);
    assert.equal(missingRequired({ ...COMPLETE[10], name: undefined } as StixObject), 'name');
  });

  test('custom types are unknown: every key counts as required', () => {
    assert.equal(isKnownType('x-acme-widget'), false);
    assert.equal(requiredKey('x-acme-widget', 'description'), true);
  });
});
