import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareTimestamps, isTimestamp, timestampFractionDigits } from './timestamps.ts';

describe('STIX timestamps (§2.16.1)', () => {
  test('accepts RFC 3339 UTC with any sub-second precision', () => {
    assert.equal(timestampFractionDigits('2016-01-20T12:31:12Z'), 0);
    assert.equal(timestampFractionDigits('2016-01-20T12:31:12.1Z'), 1);
    assert.equal(timestampFractionDigits('2016-01-20T12:31:12.123Z'), 3);
    assert.equal(timestampFractionDigits('2014-02-20T09:16:08.989000Z'), 6);
    assert.ok(isTimestamp('2016-02-29T00:00:00Z'), 'leap day');
    assert.ok(isTimestamp('2016-12-31T23:59:60Z'), 'leap second');
  });

  test('rejects other zones, missing parts and impossible dates', () => {
    for (const text of [
      '2016-01-20T12:31:12', '2016-01-20T12:31:12+00:00', '2016-01-20t12:31:12z', '2016-01-20 12:31:12Z',
      '2016-01-20T12:31:12.Z', '2016-01-20T12:31Z', '2016-1-20T12:31:12Z', '2016-13-01T00:00:00Z',
      '2016-00-01T00:00:00Z', '2015-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2016-04-31T00:00:00Z',
      '2016-01-20T24:00:00Z', '2016-01-20T12:60:00Z', '2016-01-20T12:00:61Z', '2016-01-20T12:00:00.12aZ',
    ]) {
      assert.equal(isTimestamp(text), false, text);
    }
  });

  test('orders like the instants they denote, ignoring precision (property)', () => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(fc.property(instant, instant, (a, b) => {
      const ta = a.toISOString();
      const tb = b.toISOString();
      assert.ok(isTimestamp(ta));
      assert.equal(Math.sign(compareTimestamps(ta, tb)), Math.sign(a.getTime() - b.getTime()));
      // Extra trailing zeros change precision, not the instant.
      assert.equal(compareTimestamps(ta, ta.replace('Z', '000Z')), 0);
    }));
    assert.equal(compareTimestamps('2016-01-01T00:00:00Z', '2016-01-01T00:00:00.000Z'), 0);
    assert.ok(compareTimestamps('2016-01-01T00:00:00.0001Z', '2016-01-01T00:00:00Z') > 0);
  });
});
