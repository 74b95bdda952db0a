// §3.4 Filtering and §3.4.1 Supported Fields for Match, per endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TAXII_PAGE } from '../../app/ports/taxii.ts';
import { UNVERSIONED } from '../../app/taxii/statusResource.ts';
import { MAX_MATCH_VALUES, parseFilters } from './query.ts';
import { TaxiiError } from './errors.ts';

const ID = 'indicator--6ba7b810-9dad-41d1-80b4-000000000001';

test('defaults: the server limit, the latest version (§3.4.1); versions and delete take every version', () => {
  assert.deepEqual(parseFilters({}, 'objects'), { versions: { kind: 'some', first: false, last: true, exact: [] }, limit: MAX_TAXII_PAGE });
  assert.deepEqual(parseFilters({}, 'versions').versions, { kind: 'all' });
  assert.deepEqual(parseFilters({}, 'delete').versions, { kind: 'all' });
});

test('values are comma-separated and deduplicated; fields an endpoint does not define are ignored', () => {
  const parsed = parseFilters({ 'match[type]': 'malware,indicator,malware', 'match[id]': ID, 'match[color]': 'red', limit: '10', added_after: '2025-01-01T00:00:00Z' }, 'objects');
  assert.deepEqual([parsed.types, parsed.ids, parsed.limit, parsed.addedAfter], [['malware', 'indicator'], [ID], 10, '2025-01-01T00:00:00Z']);
  // §5.6 defines only version (and spec_version): match[type] there is ignored, not an error.
  assert.equal(parseFilters({ 'match[type]': 'malware' }, 'object').types, undefined);
  assert.equal(parseFilters({ limit: 'x' }, 'delete').limit, MAX_TAXII_PAGE);
});

test('match[version]: keywords and timestamps; the unversioned placeholder also finds objects without a version', () => {
  assert.deepEqual(parseFilters({ 'match[version]': 'first,2025-01-01T00:00:00.000Z' }, 'objects').versions,
    { kind: 'some', first: true, last: false, exact: ['2025-01-01T00:00:00.000Z'] });
  assert.deepEqual(parseFilters({ 'match[version]': UNVERSIONED }, 'object').versions, { kind: 'some', first: false, last: false, exact: [UNVERSIONED, ''] });
});

test('§3.4: malformed or repeated parameters are 400', () => {
  const bad = [
    { limit: '0' }, { limit: ['1', '2'] }, { added_after: 'now' }, { 'match[version]': 'all,first' }, { 'match[version]': 'first,first' },
    { 'match[type]': 'X' }, { 'match[spec_version]': '2' }, { 'match[id]': `${ID},` },
    { 'match[id]': Array.from({ length: MAX_MATCH_VALUES + 1 }, () => ID).join(',') },
  ];
  for (const raw of bad) {
    assert.throws(() => parseFilters(raw, 'objects'), (error: unknown) => error instanceof TaxiiError && error.status === 400, JSON.stringify(raw).slice(0, 80));
  }
});
