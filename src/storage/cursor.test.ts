import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { InvalidCursorError } from './errors.ts';

const isInvalid = (error: unknown): boolean => error instanceof InvalidCursorError;

describe('cursor', () => {
  test('round-trips a key and is url-safe', () => {
    const cursor = encodeCursor('members', ['2025-01-01T00:00:00.000000000', 42]);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor('members', cursor, ['string', 'integer']), ['2025-01-01T00:00:00.000000000', 42]);
  });

  test('refuses a cursor of another kind or shape', () => {
    const cursor = encodeCursor('objects', [7]);
    assert.throws(() => decodeCursor('members', cursor, ['integer']), isInvalid);
    assert.throws(() => decodeCursor('objects', cursor, ['integer', 'integer']), isInvalid);
    assert.throws(() => decodeCursor('objects', cursor, ['string']), isInvalid);
    for (const key of [[-1], [1.5], [Number.MAX_SAFE_INTEGER + 2], [null], ['7']]) {
      assert.throws(() => decodeCursor('objects', Buffer.from(JSON.stringify(['objects', ...key])).toString('base64url'), ['integer']), isInvalid, JSON.stringify(key));
    }
  });

  test('refuses text that is not exactly one of its tokens', () => {
    const cursor = encodeCursor('objects', [7]);
    for (const bad of ['', '!', `${cursor}=`, `${cursor}A`, cursor.slice(1), 'x'.repeat(3000)]) {
      assert.throws(() => decodeCursor('objects', bad, ['integer']), isInvalid, bad.slice(0, 20));
    }
  });

  test('any string either decodes or is an InvalidCursorError', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.base64String(), fc.string().map((s) => Buffer.from(s).toString('base64url'))), (text) => {
      try {
        const [after] = decodeCursor('objects', text, ['integer']);
        assert.ok(Number.isSafeInteger(after));
      } catch (error) {
        assert.ok(isInvalid(error), String(error));
      }
    }));
  });
});
