import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonBody } from './jsonBody.ts';

test('measures nesting outside strings only', () => {
  assert.equal(nestsDeeperThan('[[[]]]', 3), false);
  assert.equal(nestsDeeperThan('[[[[]]]]', 3), true);
  assert.equal(nestsDeeperThan('{"a":"[[[[[[\\"[[["}', 1), false);
  assert.equal(nestsDeeperThan(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, MAX_JSON_DEPTH), false);
});

test('refuses deep nesting, bad JSON and __proto__ keys without quoting the body', () => {
  const deep = parseJsonBody(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`);
  assert.ok(!deep.ok && deep.error.status === 400 && deep.error.code === 'json-too-deep');
  const secret = 'hunter2-very-secret';
  const bad = parseJsonBody(`{"password":"${secret}"`);
  assert.ok(!bad.ok && bad.error.code === 'malformed-json');
  assert.ok(!bad.error.message.includes(secret));
  const proto = parseJsonBody('{"__proto__":{"admin":true}}');
  assert.ok(!proto.ok && proto.error.code === 'malformed-json');
  const fine = parseJsonBody('{"text":"mentions \\"__proto__\\" in a string"}');
  assert.ok(fine.ok);
  assert.deepEqual(parseJsonBody('  '), { ok: true, value: undefined });
});
