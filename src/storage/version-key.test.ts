import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { timestampKey, versionKey } from './version-key.ts';

describe('timestampKey', () => {
  test('spellings of one instant share a key', () => {
    const key = timestampKey('2024-05-06T07:08:09Z');
    assert.equal(key, '2024-05-06T07:08:09.000000000');
    for (const spelling of ['2024-05-06T07:08:09.0Z', '2024-05-06T07:08:09.000Z', '2024-05-06T07:08:09.000000000000Z', '2024-05-06t07:08:09z']) {
      assert.equal(timestampKey(spelling), key, spelling);
    }
  });

  test('orders as instants where the text does not', () => {
    // As text '.' < 'Z' puts the later instant first.
    assert.ok('2024-01-01T00:00:00.5Z' < '2024-01-01T00:00:00Z');
    assert.ok((timestampKey('2024-01-01T00:00:00.5Z') as string) > (timestampKey('2024-01-01T00:00:00Z') as string));
    // Beyond nanoseconds the key grows, and still sorts right.
    assert.ok((timestampKey('2024-01-01T00:00:00.1234567891Z') as string) > (timestampKey('2024-01-01T00:00:00.123456789Z') as string));
    assert.ok((timestampKey('2024-01-01T00:00:00.1234567891Z') as string) < (timestampKey('2024-01-01T00:00:00.12345679Z') as string));
  });

  test('is null for anything but an RFC 3339 UTC timestamp', () => {
    for (const value of ['', '2024-01-01', '2024-01-01T00:00:00', '2024-01-01T00:00:00+01:00', '2024-01-01T00:00:00.Z', ' 2024-01-01T00:00:00Z']) {
      assert.equal(timestampKey(value), null, JSON.stringify(value));
    }
  });

  test('key order is time order, at any sub-second precision', () => {
    // An instant as (milliseconds since 1970, extra sub-millisecond digits), written with
    // any number of trailing zeros.
    const instant = fc.tuple(fc.integer({ min: 0, max: 253402300799999 }), fc.integer({ min: 0, max: 999999 }), fc.nat(3));
    const spell = ([ms, sub, zeros]: [number, number, number]): string => {
      const iso = new Date(ms).toISOString().slice(0, 19);
      const fraction = `${String(ms % 1000).padStart(3, '0')}${String(sub).padStart(6, '0')}`.replace(/0+$/, '');
      const digits = fraction + '0'.repeat(zeros);
      return digits === '' ? `${iso}Z` : `${iso}.${digits}Z`;
    };
    fc.assert(fc.property(instant, instant, (a, b) => {
      const ka = timestampKey(spell(a)) as string;
      const kb = timestampKey(spell(b)) as string;
      const time = a[0] - b[0] || a[1] - b[1];
      assert.equal(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0), Math.sign(time));
    }));
  });

  test('millisecond timestamps (the quick path) get the same key as any other spelling', () => {
    const generalKey = (value: string): string | null => {
      const match = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?[Zz]$/.exec(value);
      return match === null ? null : `${match[1]}T${match[2]}.${(match[3] ?? '').replace(/0+$/, '').padEnd(9, '0')}`;
    };
    assert.equal(timestampKey('2024-05-06T07:08:09.120Z'), '2024-05-06T07:08:09.120000000');
    assert.equal(timestampKey('2024-05-06T07:08:09.000Z'), timestampKey('2024-05-06T07:08:09Z'));
    // Near misses of the millisecond shape: one character changed, anywhere.
    const shape = '2024-05-06T07:08:09.123Z';
    fc.assert(fc.property(fc.nat(shape.length - 1), fc.constantFrom('0', '9', '/', ':', 'a', 'T', 't', 'Z', 'z', '.', '-', ' ', '\u0663'), (at, char) => {
      const value = shape.slice(0, at) + char + shape.slice(at + 1);
      assert.equal(timestampKey(value), generalKey(value), value);
    }));
    fc.assert(fc.property(fc.date({ min: new Date(0), max: new Date(253402300799999), noInvalidDate: true }), (date) => {
      const value = date.toISOString();
      assert.equal(timestampKey(value), generalKey(value), value);
    }));
  });
});

describe('versionKey', () => {
  test('keeps an SCO\'s empty version and never confuses other text with a timestamp', () => {
    assert.equal(versionKey(''), '');
    assert.equal(versionKey('2024-01-01T00:00:00Z'), timestampKey('2024-01-01T00:00:00Z'));
    // Text that looks like a key must not collide with the key of a real timestamp.
    const lookalike = timestampKey('2024-01-01T00:00:00Z') as string;
    assert.notEqual(versionKey(lookalike), lookalike);
  });
});
