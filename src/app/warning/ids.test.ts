// Case ids follow their threat's (one case per threat, the same on every run of the intake);
// product ids follow their case and exact bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { caseIdForThreat, productIdFor, sha256Hex } from './ids.ts';

test('a case id is derived from its threat, and holds no ":" (deadline keys use it)', () => {
  assert.equal(caseIdForThreat('grouping--95b20c96-6363-565b-beeb-83250602661f'), 'warning--95b20c96-6363-565b-beeb-83250602661f');
  const odd = caseIdForThreat('threat:with:colons');
  assert.match(odd, /^warning--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(caseIdForThreat('threat:with:colons'), odd);
});

test('a product id names one case and one exact byte sequence', () => {
  const a = sha256Hex('{"type":"bundle"}');
  // SHA-256 of the UTF-8 bytes, lowercase hex (as `sha256sum` prints it).
  assert.equal(a, '775404a16647f5b3ab77974a3dfdcf079459b4e9c9003860cdf04d008365e53d');
  assert.equal(productIdFor('case-a', a), productIdFor('case-a', a));
  assert.notEqual(productIdFor('case-a', a), productIdFor('case-b', a));
  assert.notEqual(productIdFor('case-a', a), productIdFor('case-a', sha256Hex('{"type":"bundle" }')));
});
