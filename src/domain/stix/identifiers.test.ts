import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { identifierType, isIdentifier, isValidTypeName, parseIdentifier, validIdentifierType } from './identifiers.ts';

describe('parseIdentifier (§2.9)', () => {
  test('reads type, UUID and version', () => {
    assert.deepEqual(parseIdentifier('indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836'), {
      type: 'indicator', uuid: 'e2e1a340-4415-4ba8-9671-f7343fbf0836', version: 4,
    });
    assert.equal(parseIdentifier('ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4')?.version, 5);
    assert.equal(parseIdentifier('x-mitre-tactic--78b23412-0651-46d7-a540-170a1ce8bd5a')?.type, 'x-mitre-tactic');
  });

  test('rejects what is not object-type--RFC4122-UUID', () => {
    for (const text of [
      '', 'indicator', 'indicator--', 'indicator-e2e1a340-4415-4ba8-9671-f7343fbf0836',
      'indicator--e2e1a340-4415-4ba8-9671-f7343fbf083', // 35 hex
      'indicator--e2e1a340-4415-4ba8-9671-f7343fbf083g', // not hex
      'indicator--e2e1a340-4415-4ba8-1671-f7343fbf0836', // variant 0xxx (NCS)
      'indicator--e2e1a340-4415-0ba8-9671-f7343fbf0836', // version 0
      'indicator--00000000-0000-0000-0000-000000000000', // nil UUID
      'Indicator--e2e1a340-4415-4ba8-9671-f7343fbf0836', // uppercase type
      'in--e2e1a340-4415-4ba8-9671-f7343fbf0836', // type too short
      'x--y--e2e1a340-4415-4ba8-9671-f7343fbf0836', // double hyphen in type
      '1ab--e2e1a340-4415-4ba8-9671-f7343fbf0836', // type starts with a digit
    ]) {
      assert.equal(parseIdentifier(text), null, text);
      assert.equal(isIdentifier(text), false, text);
      assert.equal(validIdentifierType(text), null, text);
    }
  });

  test('round-trips every type name and random UUIDv4 (property)', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
    const char = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
    const word = fc.tuple(letter, fc.array(char, { maxLength: 8 })).map(([first, rest]) => first + rest.join(''));
    const typeName = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join('-')).filter((name) => name.length >= 3);
    fc.assert(fc.property(typeName, (type) => {
      const uuid = randomUUID();
      const parsed = parseIdentifier(`${type}--${uuid}`);
      assert.deepEqual(parsed, { type, uuid, version: 4 });
      assert.equal(identifierType(`${type}--${uuid}`), type);
    }));
  });
});

describe('isValidTypeName (§3.1, §11.2.1)', () => {
  test('accepts spec and custom type names, rejects malformed ones', () => {
    for (const name of ['attack-pattern', 'ipv4-addr', 'x509-certificate', 'x-mitre-data-source', 'abc']) assert.ok(isValidTypeName(name), name);
    for (const name of ['ab', 'X-foo', 'x_foo', 'x--foo', 'foo-', '-foo', '9foo', 'a'.repeat(251)]) assert.ok(!isValidTypeName(name), name);
  });
});
