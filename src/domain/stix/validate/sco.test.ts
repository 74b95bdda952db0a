// Per-type rules of SCOs (§6) and their predefined extensions.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../json.ts';
import { codes, FILE_REF, IPV4_REF, SOFTWARE_REF, uuid4, valid } from './test-fixtures.ts';
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

describe('required properties of SCOs (§6)', () => {
  const required: [string, string][] = [
    ['autonomous-system', 'number'], ['directory', 'path'], ['domain-name', 'value'], ['email-addr', 'value'],
    ['ipv4-addr', 'value'], ['ipv6-addr', 'value'], ['mac-addr', 'value'], ['mutex', 'name'], ['url', 'value'],
  ];
  for (const [type, name] of required) {
    test(`${type} requires ${name}`, () => {
      assert.deepEqual(errorsOf(with_(type, {}, [name])), [['missing-required', name]]);
    });
  }
  test('email-message requires is_multipart, network-traffic protocols, software name', () => {
    assert.deepEqual(errorsOf(with_('email-message', {}, ['is_multipart'])), [['missing-required', 'is_multipart']]);
    assert.deepEqual(errorsOf(with_('network-traffic', {}, ['protocols'])), [['missing-required', 'protocols']]);
    assert.deepEqual(errorsOf(with_('software', {}, ['name'])), [['missing-required', 'name']]);
  });
});

describe('artifact (§6.1)', () => {
  const artifact = (props: JsonObject, remove: string[] = []): JsonObject => with_('artifact', { id: `artifact--${uuid4(2)}`, ...props }, remove);
  test('one of payload_bin or url, not both', () => {
    assert.deepEqual(errorsOf(artifact({}, ['payload_bin'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(artifact({ url: 'https://example.com/a', hashes: { MD5: '1717b7fff97d37a1e1a0029d83492de1' } })), [['mutually-exclusive', 'url']]);
  });
  test('url requires hashes; decryption_key requires encryption_algorithm', () => {
    assert.deepEqual(errorsOf(artifact({ url: 'https://example.com/a' }, ['payload_bin'])), [['property-dependency', 'url']]);
    assert.deepEqual(errorsOf(artifact({ decryption_key: 'secret' })), [['property-dependency', 'decryption_key']]);
  });
  test('payload_bin is base64 and encryption_algorithm an enumeration', () => {
    assert.deepEqual(errorsOf(artifact({ payload_bin: 'not base64!' })), [['invalid-binary', 'payload_bin']]);
    assert.deepEqual(errorsOf(artifact({ encryption_algorithm: 'rot13' })), [['not-in-enum', 'encryption_algorithm']]);
  });
});

describe('email message (§6.6)', () => {
  test('body and body_multipart follow is_multipart', () => {
    assert.deepEqual(errorsOf(with_('email-message', { is_multipart: true })), [['multipart-mismatch', 'body']]);
    const parts = [{ content_type: 'text/plain', body: 'hi' }];
    assert.deepEqual(errorsOf(with_('email-message', { body_multipart: parts }, ['body'])), [['multipart-mismatch', 'body_multipart']]);
    assert.deepEqual(errorsOf(with_('email-message', { is_multipart: true, body_multipart: parts }, ['body'])), []);
  });
  test('a MIME part needs body or body_raw_ref; addresses are email-addr', () => {
    assert.deepEqual(errorsOf(with_('email-message', { is_multipart: true, body_multipart: [{ content_type: 'image/png' }] }, ['body'])), [['at-least-one-required', 'body_multipart[0]']]);
    assert.deepEqual(errorsOf(with_('email-message', { from_ref: IPV4_REF })), [['invalid-ref-type', 'from_ref']]);
  });
  test('additional header values are lists of strings', () => {
    assert.deepEqual(errorsOf(with_('email-message', { additional_header_fields: { 'Reply-To': 'a@example.com' } })), [['invalid-type', 'additional_header_fields.Reply-To']]);
  });
});

describe('file (§6.7) and its extensions', () => {
  test('a file MUST have hashes or name', () => {
    assert.deepEqual(errorsOf(with_('file', { size: 10, parent_directory_ref: `directory--${uuid4(3)}` }, ['name', 'hashes'])), [['at-least-one-required', '']]);
  });
  test('size MUST NOT be negative; parent_directory_ref is a directory', () => {
    assert.deepEqual(errorsOf(with_('file', { size: -1 })), [['out-of-range', 'size']]);
    assert.deepEqual(errorsOf(with_('file', { parent_directory_ref: FILE_REF })), [['invalid-ref-type', 'parent_directory_ref']]);
  });
  test('hex values are even-length hex; uppercase is a warning', () => {
    assert.deepEqual(errorsOf(with_('file', { magic_number_hex: 'zz' })), [['invalid-hex', 'magic_number_hex']]);
    assert.deepEqual(warningsOf(with_('file', { magic_number_hex: '504B0304' })), [['hex-not-lowercase', 'magic_number_hex']]);
  });
  test('predefined extensions are validated by their own tables', () => {
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'ntfs-ext': {} } })), [['at-least-one-required', 'extensions.ntfs-ext']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'archive-ext': { comment: 'x' } } })), [['missing-required', 'extensions.archive-ext.contains_refs']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'archive-ext': { contains_refs: [IPV4_REF] } } })), [['invalid-ref-type', 'extensions.archive-ext.contains_refs[0]']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'windows-pebinary-ext': { pe_type: 'exe' } } })), [['at-least-one-required', 'extensions.windows-pebinary-ext']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'windows-pebinary-ext': { pe_type: 'exe', sections: [{ name: '.text', entropy: 9 }] } } })), [['out-of-range', 'extensions.windows-pebinary-ext.sections[0].entropy']]);
  });
  test('a deprecated custom extension is a warning; a malformed extension key an error (§11.3)', () => {
    assert.deepEqual(warningsOf(with_('file', { extensions: { 'x-acme-ext': { x_score: 1 } } })), [['deprecated-custom-extension', 'extensions.x-acme-ext']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'acme_extension': { x_score: 1 } } })), [['invalid-extension-key', 'extensions.acme_extension']]);
    assert.deepEqual(errorsOf(with_('file', { extensions: { 'x-acme-ext': {} } })), [['empty-extension', 'extensions.x-acme-ext']]);
  });
});

describe('network addresses (§6.8-§6.10)', () => {
  test('ipv4-addr and ipv6-addr values MUST be addresses in CIDR notation', () => {
    assert.deepEqual(errorsOf(with_('ipv4-addr', { value: '256.0.0.1' })), [['invalid-ip-address', 'value']]);
    assert.deepEqual(errorsOf(with_('ipv4-addr', { value: '10.0.0.0/8' })), []);
    assert.deepEqual(errorsOf(with_('ipv6-addr', { value: '2001:db8::g' })), [['invalid-ip-address', 'value']]);
  });
  test('mac-addr MUST be lowercase colon-delimited MAC-48', () => {
    assert.deepEqual(errorsOf(with_('mac-addr', { value: 'D2:FB:49:24:37:18' })), [['invalid-mac-address', 'value']]);
  });
  test('resolves_to_refs and belongs_to_refs point at the right types', () => {
    assert.deepEqual(errorsOf(with_('ipv4-addr', { resolves_to_refs: [IPV4_REF] })), [['invalid-ref-type', 'resolves_to_refs[0]']]);
    assert.deepEqual(errorsOf(with_('domain-name', { resolves_to_refs: [FILE_REF] })), [['invalid-ref-type', 'resolves_to_refs[0]']]);
  });
});

describe('network traffic (§6.12)', () => {
  test('src_ref or dst_ref MUST be present; they point at addresses', () => {
    assert.deepEqual(errorsOf(with_('network-traffic', {}, ['dst_ref'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { src_ref: `url--${uuid4(4)}` })), [['invalid-ref-type', 'src_ref']]);
  });
  test('ports are 0-65535; end follows start and is absent while active', () => {
    assert.deepEqual(errorsOf(with_('network-traffic', { dst_port: 70000 })), [['out-of-range', 'dst_port']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { start: '2020-01-02T00:00:00Z', end: '2020-01-01T00:00:00Z' })), [['timestamp-order', 'end']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { is_active: true, end: '2020-01-01T00:00:00Z' })), [['mutually-exclusive', 'end']]);
  });
  test('predefined extensions: socket-ext enumerations, http-request-ext required properties', () => {
    assert.deepEqual(errorsOf(with_('network-traffic', { extensions: { 'socket-ext': { address_family: 'AF_FOO' } } })), [['not-in-enum', 'extensions.socket-ext.address_family']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { extensions: { 'http-request-ext': { request_method: 'get' } } })), [['missing-required', 'extensions.http-request-ext.request_value']]);
    assert.deepEqual(errorsOf(with_('network-traffic', { extensions: { 'tcp-ext': { src_flags_hex: '00000002' } } })), []);
  });
});

describe('process, user account, registry key, certificate, software (§6.13-§6.18)', () => {
  test('process needs at least one property of its own; windows extensions are checked', () => {
    assert.deepEqual(errorsOf(with_('process', {}, ['pid', 'command_line'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(with_('process', { extensions: { 'windows-process-ext': { integrity_level: 'ultra' } } })), [['not-in-enum', 'extensions.windows-process-ext.integrity_level']]);
    assert.deepEqual(warningsOf(with_('process', { extensions: { 'windows-process-ext': { priority: 'HIGH' } } })), [['priority-format', 'extensions.windows-process-ext.priority']]);
  });
  test('user account needs a property; account_type is an open vocabulary', () => {
    assert.deepEqual(errorsOf(with_('user-account', { id: `user-account--${uuid4(5)}` }, ['user_id', 'account_type'])), [['at-least-one-required', '']]);
    assert.deepEqual(warningsOf(with_('user-account', { account_type: 'myspace' })), [['not-in-vocabulary', 'account_type']]);
  });
  test('registry key hives MUST be fully expanded; values need a property and a known data type', () => {
    assert.deepEqual(errorsOf(with_('windows-registry-key', { key: 'HKLM\\Software\\Foo' })), [['invalid-registry-hive', 'key']]);
    assert.deepEqual(errorsOf(with_('windows-registry-key', { values: [{}] })), [['at-least-one-required', 'values[0]']]);
    assert.deepEqual(errorsOf(with_('windows-registry-key', { values: [{ name: '', data_type: 'REG_FOO' }] })), [['not-in-enum', 'values[0].data_type']]);
  });
  test('an X.509 certificate needs a property; v3 extensions need one too', () => {
    assert.deepEqual(errorsOf(with_('x509-certificate', { id: `x509-certificate--${uuid4(6)}` }, ['serial_number', 'x509_v3_extensions'])), [['at-least-one-required', '']]);
    assert.deepEqual(errorsOf(with_('x509-certificate', { x509_v3_extensions: {} })), [['at-least-one-required', 'x509_v3_extensions']]);
  });
  test('software languages are RFC 5646 codes', () => {
    assert.deepEqual(errorsOf(with_('software', { languages: ['en', 'english!'] })), [['invalid-language-tag', 'languages[1]']]);
  });
  test('SCO references across types: malware-analysis operating system is software', () => {
    assert.deepEqual(errorsOf(with_('malware-analysis', { operating_system_ref: SOFTWARE_REF })), []);
  });
});
