// §5.5 request bodies: a §3.7 envelope of objects, or a refusal with the §5.5 status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope } from './envelope.ts';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

test('an envelope (or a bundle, which carries its objects the same way) gives its objects', () => {
  assert.deepEqual(parseEnvelope(bytes('{"objects":[{"type":"indicator"}],"more":false}')), { ok: true, objects: [{ type: 'indicator' }] });
  assert.deepEqual(parseEnvelope(bytes('{"type":"bundle","id":"bundle--x","objects":[1]}')), { ok: true, objects: [1] });
});

test('400 for what is not JSON; 422 for JSON that is not an envelope of objects', () => {
  const status = (text: string | Uint8Array): number | undefined => {
    const parsed = parseEnvelope(typeof text === 'string' ? bytes(text) : text);
    return parsed.ok ? undefined : parsed.status;
  };
  for (const text of ['', ' ', '{', '{"objects": [}', Buffer.from([0xc3, 0x28]), `${'['.repeat(65)}${']'.repeat(65)}`]) assert.equal(status(text), 400, String(text).slice(0, 20));
  for (const text of ['null', '[]', '3', '{"type":"indicator","id":"indicator--x"}', '{}', '{"objects":{}}', '{"objects":[]}', '{"objects":[1],"more":1}', '{"objects":[1],"next":2}']) {
    assert.equal(status(text), 422, text);
  }
  // Brackets inside strings do not count as nesting.
  assert.equal(status(`{"objects":[{"description":"${'['.repeat(200)}"}]}`), undefined);
});

test('UTF-8 with a byte order mark is read; nesting is counted outside strings, escaped quotes included', () => {
  assert.deepEqual(parseEnvelope(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('{"objects":[1]}')])), { ok: true, objects: [1] });
  assert.deepEqual(parseEnvelope(bytes('{"objects":["é ✓ 𝄞"]}')), { ok: true, objects: ['é ✓ 𝄞'] });
  const depth = (text: string): string | undefined => {
    const parsed = parseEnvelope(bytes(text));
    return parsed.ok ? undefined : parsed.code;
  };
  const deep = `${'['.repeat(64)}${']'.repeat(64)}`;
  // A quote escaped inside a string does not end it, so the brackets after it are still inside.
  assert.equal(depth(`{"objects":[{"d":"\\"${'['.repeat(100)}"}]}`), undefined);
  // An escaped backslash does not escape the quote after it: the string ends there.
  assert.equal(depth(`{"objects":[{"d":"\\\\","e":${deep}}]}`), 'json-too-deep');
  assert.equal(depth(`{"objects":[{"d":"x","e":${deep}}]}`), 'json-too-deep');
  assert.equal(depth(`{"objects":[{"d":"x","e":${'['.repeat(61)}${']'.repeat(61)}}]}`), undefined);
});
