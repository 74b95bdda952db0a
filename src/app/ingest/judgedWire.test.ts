import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeValue, type JudgedValue } from './judge.ts';
import { decodeJudged, encodeJudged, type JudgedWire } from './judgedWire.ts';
import { judgedAsText } from './testSupport.ts';
import { RawText } from './rawText.ts';

const IDENTITY = 'identity--8ce3f695-d5a4-4c5b-a8b1-b8a1ef6c6a3c';
const TLP_GREEN = 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da';

const inputs: unknown[] = [
  {
    type: 'indicator', spec_version: '2.1', id: 'indicator--1a7e4f5c-3b4e-4c4f-9c4d-7f1f7b0e2a11',
    created: '2024-01-01T00:00:00.000Z', modified: '2024-01-02T00:00:00.000Z', created_by_ref: IDENTITY,
    name: 'Ünïcode näme ☃', pattern: "[ipv4-addr:value = '198.51.100.1']", pattern_type: 'stix', valid_from: '2024-01-01T00:00:00Z',
    object_marking_refs: [TLP_GREEN],
    granular_markings: [{ marking_ref: TLP_GREEN, selectors: ['name', 'pattern'] }],
  },
  { type: 'identity', spec_version: '2.1', id: IDENTITY, created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Org', identity_class: 'not-in-the-vocabulary', revoked: true },
  { type: 'ipv4-addr', id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd', value: '198.51.100.3' },
  { type: 'indicator', id: 'indicator--not-a-uuid' },
  new RawText('{"type": "malware",', 7),
  'not an object',
  {
    type: 'relationship', spec_version: '2.1', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
    created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', relationship_type: 'related-to',
    source_ref: IDENTITY, target_ref: 'indicator--1a7e4f5c-3b4e-4c4f-9c4d-7f1f7b0e2a11',
  },
];

/** What the writing thread receives: the wire as postMessage delivers it, the JSON buffer moved. */
function acrossThreads(judged: readonly JudgedValue[]): JudgedValue[] {
  const wire = encodeJudged(judged);
  return decodeJudged(structuredClone<JudgedWire>(wire, { transfer: [wire.json.buffer as ArrayBuffer] }));
}


test('a judged batch survives the trip between threads unchanged', () => {
  const judged: JudgedValue[] = inputs.map((value, i) => judgeValue(value, 40 + i));
  // The batch covers every shape the wire carries: rows with refs, object and granular
  // markings, revoked, no created; warnings beside a row; errors without a row.
  assert.ok(judged[0]?.row !== undefined && judged[0].row.refs.length === 1 && judged[0].row.markings.length === 2);
  assert.equal(judged[6]?.row?.refs.length, 2);
  assert.ok(judged[1]?.row?.revoked === true && judged[1].warnings.length > 0);
  assert.equal(judged[2]?.row?.created, null);
  assert.ok(judged[3] !== undefined && judged[3].row === undefined && judged[3].errors.length > 0 && judged[3].objectId !== undefined);
  assert.ok(judged[4] !== undefined && judged[4].row === undefined && !('objectId' in judged[4]));

  const decoded = acrossThreads(judged);
  assert.deepEqual(judgedAsText(decoded), judged);
  assert.deepEqual(decoded.map((item) => Object.keys(item)), judged.map((item) => Object.keys(item)));
  // The JSON arrives as UTF-8 bytes, characters beyond ASCII included, for the store to take as they are.
  const json = decoded[0]?.row?.json;
  assert.ok(json instanceof Uint8Array);
  assert.equal(Buffer.from(json).toString('utf8'), judged[0]?.row?.json);
  assert.ok(Buffer.from(json).toString('utf8').includes('Ünïcode näme ☃'));
});

test('a full batch comes back whole', () => {
  const judged: JudgedValue[] = [];
  for (let i = 0; i < 2000; i++) judged.push(judgeValue(inputs[i % inputs.length], i));
  assert.deepEqual(judgedAsText(acrossThreads(judged)), judged);
});

test('rows whose JSON is already bytes travel as those bytes', () => {
  const judged = [judgeValue(inputs[2], 0)];
  const bytes = acrossThreads(judged);
  assert.deepEqual(judgedAsText(acrossThreads(bytes)), judged);
});

test('an empty batch decodes to an empty batch', () => {
  assert.deepEqual(acrossThreads([]), []);
});
