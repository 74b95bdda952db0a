// §1.6.8 Content Negotiation: RFC 7231 Accept matching and the Add Objects Content-Type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsTaxii, isTaxiiContentType, parseMediaType } from './mediaTypes.ts';

test('parseMediaType: case-insensitive type and parameter names, quoted values, junk refused', () => {
  const parsed = parseMediaType('Application/TAXII+json ; Version="2.1"');
  assert.deepEqual([parsed?.type, parsed?.subtype, parsed?.params.get('version')], ['application', 'taxii+json', '2.1']);
  assert.equal(parseMediaType('application'), null);
  assert.equal(parseMediaType('application/taxii+json;version'), null);
  assert.equal(parseMediaType('a/b/c'), null);
});

test('§1.6.8: the most specific matching range decides, q=0 excludes, other versions do not match', () => {
  const yes = ['application/taxii+json;version=2.1', 'application/taxii+json', '*/*', 'application/*', 'text/html;q=0.9, */*;q=0.1',
    'application/taxii+json;version=2.0, application/taxii+json;version=2.1;q=0.5', 'application/taxii+json;version="2.1"', '', '  '];
  const no = ['application/taxii+json;version=2.0', 'application/json', 'text/*', 'application/taxii+json;q=0',
    'application/taxii+json;version=2.1;q=0, */*', '*/*;q=0', 'application/*;q=0.5, application/taxii+json;q=0', 'not a media type'];
  for (const accept of yes) assert.equal(acceptsTaxii(accept), true, accept);
  for (const accept of no) assert.equal(acceptsTaxii(accept), false, accept);
  assert.equal(acceptsTaxii(undefined), true, 'no Accept header: anything');
});

test('§5.5 Content-Type: TAXII with version 2.1 or none; nothing else', () => {
  for (const type of ['application/taxii+json;version=2.1', 'application/taxii+json', 'application/taxii+json; version=2.1; charset=utf-8']) assert.equal(isTaxiiContentType(type), true, type);
  for (const type of [undefined, 'application/json', 'application/taxii+json;version=2.0', 'application/taxii+json;charset=latin1', 'application/taxii+json;profile=x', 'application/stix+json;version=2.1']) {
    assert.equal(isTaxiiContentType(type), false, String(type));
  }
});
