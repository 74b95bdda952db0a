import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCookie, sessionCookie } from './cookies.ts';

test('reads one cookie among several', () => {
  assert.equal(readCookie('a=1; tearline_session=abc-_; b=2', 'tearline_session'), 'abc-_');
  assert.equal(readCookie('xtearline_session=1', 'tearline_session'), undefined);
  assert.equal(readCookie(undefined, 'a'), undefined);
});

test('session cookies are HttpOnly and SameSite=Strict, Secure when asked', () => {
  assert.equal(sessionCookie('s', 'v', { maxAgeSeconds: 60, secure: false }), 's=v; Path=/; Max-Age=60; HttpOnly; SameSite=Strict');
  assert.ok(sessionCookie('s', 'v', { maxAgeSeconds: 60, secure: true }).endsWith('; Secure'));
});
