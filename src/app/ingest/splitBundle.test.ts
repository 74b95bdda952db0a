import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitBundle as splitBytes, type SplitBundle } from './splitBundle.ts';

/** The cutter on the UTF-8 of `text`, its elements read back as text. */
function splitBundle(text: string): { envelope: SplitBundle['envelope']; elements: string[] } | undefined {
  const split = splitBytes(Buffer.from(text, 'utf8'));
  return split === undefined ? undefined : { envelope: split.envelope, elements: split.elements.map((e) => Buffer.from(e).toString('utf8')) };
}

const parseEach = (elements: readonly string[]): unknown[] => elements.map((e) => JSON.parse(e) as unknown);

test('cuts each element of objects out as its own JSON, wherever the key stands and however it is spaced', () => {
  const objects = [
    { type: 'indicator', id: 'indicator--1', name: 'a "quoted" ] } , [ { name', pattern: "[file:name = 'x\\\\']" },
    { type: 'note', id: 'note--2', content: '\\"', object_refs: ['indicator--1'], nested: { list: [[], {}, [1, [2]]] } },
    { type: 'location', id: 'location--3', name: 'Mosquée « Sidi » ☪ 🕌 — Ḥimṣ', description: '"]}' },
    'a string element',
    42,
    null,
  ];
  for (const text of [
    JSON.stringify({ type: 'bundle', id: 'bundle--9', objects }),
    JSON.stringify({ objects, id: 'bundle--9', type: 'bundle' }, null, 4),
    JSON.stringify({ type: 'bundle', objects, id: 'bundle--9' }, null, '\t').replaceAll('\n', '\r\n'),
  ]) {
    const split = splitBundle(text);
    assert.ok(split !== undefined, text);
    assert.deepEqual(parseEach(split.elements), objects);
    assert.deepEqual(split.envelope, { ...(JSON.parse(text) as object), objects: [] });
  }
});

test('an empty list has no elements', () => {
  assert.deepEqual(splitBundle(' { "type" : "bundle" , "objects" : [ ] } ')?.elements, []);
});

test('gives up, for the caller to parse whole, whenever cutting could disagree with JSON.parse', () => {
  const cases: Record<string, string> = {
    'no objects key': '{"type":"bundle","id":"bundle--1"}',
    'objects spelled with an escape': '{"type":"bundle","obj\\u0065cts":[{"a":1}]}',
    'objects twice (JSON.parse keeps the last)': '{"type":"bundle","objects":[{"a":1}],"objects":[{"b":2}]}',
    'a trailing comma in the list': '{"type":"bundle","objects":[{"a":1},]}',
    'an empty element': '{"type":"bundle","objects":[{"a":1},,{"b":2}]}',
    'not a bundle': '{"type":"indicator","objects":[{"a":1}]}',
    'objects is not a list': '{"type":"bundle","objects":{"a":1}}',
    'text after the bundle': '{"type":"bundle","objects":[{"a":1}]} x',
    'the list closed by a brace': '{"type":"bundle","objects":[{"a":1}}',
    'an unterminated string': '{"type":"bundle","objects":[{"a":"1}]}',
    'a broken envelope': '{"type":"bundle" "objects":[{"a":1}]}',
    'an envelope whose other value is broken': '{"type":"bundle","id":tru,"objects":[]}',
    'not an object at all': '[{"type":"bundle","objects":[]}]',
  };
  for (const [name, text] of Object.entries(cases)) assert.equal(splitBundle(text), undefined, name);
});

test('whitespace JSON does not allow stays in the element, so the element fails its own parse', () => {
  const split = splitBundle('{"type":"bundle","objects":[{"a":1}\u00a0,{"b":2}]}');
  assert.ok(split !== undefined);
  assert.throws(() => JSON.parse(split.elements[0] as string));
});

const element = fc.oneof(
  fc.record({ type: fc.constantFrom('indicator', 'note'), id: fc.string(), name: fc.string({ unit: 'binary' }), city: fc.string({ unit: 'grapheme' }) }),
  fc.jsonValue({ maxDepth: 3 }),
);
const bundleText = fc
  .tuple(fc.array(element, { maxLength: 8 }), fc.constantFrom(undefined, 1, 2, '\t'), fc.boolean())
  .map(([objects, indent, objectsFirst]) =>
    JSON.stringify(objectsFirst ? { objects, type: 'bundle', id: 'bundle--x' } : { type: 'bundle', id: 'bundle--x', objects }, null, indent));

test('on any bundle JSON.stringify writes, the elements are exactly the parsed objects', () => {
  fc.assert(
    fc.property(bundleText, (text) => {
      const split = splitBundle(text);
      assert.ok(split !== undefined);
      assert.deepEqual(parseEach(split.elements), (JSON.parse(text) as { objects: unknown[] }).objects);
    }),
    { numRuns: 300 },
  );
});

test('sound under mutation: when the envelope and every element parse, so does the whole text, to the same value', () => {
  const mutated = fc
    .tuple(bundleText, fc.nat(), fc.constantFrom('', ',', '"', '\\', '[', ']', '{', '}', ' ', '\u00a0', 'x', ':', 'é', '☪'), fc.nat({ max: 2 }))
    .map(([text, at, insert, remove]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + remove);
    });
  fc.assert(
    fc.property(mutated, (text) => {
      const split = splitBundle(text);
      if (split === undefined) return;
      let objects: unknown[];
      try {
        objects = parseEach(split.elements);
      } catch {
        return; // the judge rejects the element, and with it the input
      }
      // Compared with the text the bytes hold: a cut through a surrogate pair is U+FFFD in UTF-8.
      const whole = JSON.parse(Buffer.from(text, 'utf8').toString('utf8')) as { objects: unknown[] };
      assert.deepEqual(objects, whole.objects);
      assert.deepEqual(split.envelope, { ...whole, objects: [] });
    }),
    { numRuns: 2000 },
  );
});
