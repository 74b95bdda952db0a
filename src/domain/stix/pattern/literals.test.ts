import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareTimestamps, formatDecimal, quoteString, timestampProblem } from './literals.ts';

describe('timestampProblem', () => {
  test('accepts RFC 3339 UTC with and without fractions, leap days and leap seconds', () => {
    for (const ok of ['2016-01-01T00:00:00Z', '2016-01-01T00:00:00.123456789Z', '2000-02-29T12:00:00Z', '2016-12-31T23:59:60Z']) {
      assert.equal(timestampProblem(ok), undefined, ok);
    }
  });
  test('refuses other shapes and impossible dates', () => {
    assert.match(timestampProblem('2016-01-01T00:00:00') ?? '', /not an RFC 3339 UTC timestamp/);
    assert.match(timestampProblem('2016-01-01t00:00:00z') ?? '', /not an RFC 3339 UTC timestamp/);
    assert.match(timestampProblem('2100-02-29T00:00:00Z') ?? '', /day outside 01-28/);
    assert.match(timestampProblem('2016-04-31T00:00:00Z') ?? '', /day outside 01-30/);
    assert.match(timestampProblem('2016-00-10T00:00:00Z') ?? '', /month outside 01-12/);
    assert.match(timestampProblem('2016-01-01T00:60:00Z') ?? '', /minute outside 00-59/);
    assert.match(timestampProblem('2016-01-01T00:00:61Z') ?? '', /second outside 00-60/);
  });
});

describe('compareTimestamps', () => {
  test('orders by instant, whatever the fraction length', () => {
    assert.equal(compareTimestamps('2016-01-01T00:00:00Z', '2016-01-01T00:00:00.000Z'), 0);
    assert.equal(compareTimestamps('2016-01-01T00:00:00.5Z', '2016-01-01T00:00:00.49999Z'), 1);
    assert.equal(compareTimestamps('2016-01-01T00:00:00Z', '2016-01-01T00:00:00.001Z'), -1);
    assert.equal(compareTimestamps('2015-12-31T23:59:60Z', '2016-01-01T00:00:00Z'), -1);
  });
});

describe('formatDecimal', () => {
  test('always a decimal point, never an exponent, and exact', () => {
    const cases: [number, string][] = [
      [0, '0.0'],
      [1, '1.0'],
      [-2.5, '-2.5'],
      [1e21, '1000000000000000000000.0'],
      [1.25e-7, '0.000000125'],
      [123456789.125, '123456789.125'],
    ];
    for (const [value, text] of cases) {
      assert.equal(formatDecimal(value), text);
      assert.equal(Number(formatDecimal(value)), value);
    }
  });
});

describe('quoteString', () => {
  test("escapes only ' and \\", () => {
    assert.equal(quoteString("a'b\\c\nd"), "'a\\'b\\\\c\nd'");
  });
});
